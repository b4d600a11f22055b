package dev.lifecycle.api.store;

import org.apiguardian.api.API;

/**
 * An operation that needs a store to itself (such as repair) found it open for writing, or a writer
 * found such an operation running. The message names the directory and who holds it.
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public class StoreInUseException extends StoreException {
    private static final long serialVersionUID = 1L;

    /** @param message which store, who holds it, and what to do */
    public StoreInUseException(String message) {
        super(message);
    }
}
