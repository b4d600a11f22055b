package dev.lifecycle.api.store;

import org.apiguardian.api.API;

/**
 * The store's journal, refs or manifests were changed outside Lifecycle: a journal line that does not
 * follow from the ones before it, a journal emptied while objects exist, a manifest that names another
 * version than the ref pointing to it. The message names the file, line, ref or version and says how
 * to recover (usually {@code repair}).
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public class StoreDamagedException extends StoreException {
    private static final long serialVersionUID = 1L;

    /** @param message what is damaged, where, and how to recover */
    public StoreDamagedException(String message) {
        super(message);
    }

    /**
     * @param message what is damaged, where, and how to recover
     * @param cause the underlying failure
     */
    public StoreDamagedException(String message, Throwable cause) {
        super(message, cause);
    }
}
