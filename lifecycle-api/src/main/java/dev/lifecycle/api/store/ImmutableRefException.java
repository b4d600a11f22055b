package dev.lifecycle.api.store;

import org.apiguardian.api.API;

/**
 * A write-once ref (a version ref {@code .../versions/<n>}) was asked to change or disappear: committed
 * versions are immutable. Register a new version instead.
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public class ImmutableRefException extends StoreException {
    private static final long serialVersionUID = 1L;

    /** @param message which ref and what to do instead */
    public ImmutableRefException(String message) {
        super(message);
    }
}
