package dev.lifecycle.api.store;

/**
 * A write-once ref (a version ref {@code .../versions/<n>}) was asked to change or disappear: committed
 * versions are immutable. Register a new version instead.
 */
public class ImmutableRefException extends StoreException {
    private static final long serialVersionUID = 1L;

    /** @param message which ref and what to do instead */
    public ImmutableRefException(String message) {
        super(message);
    }
}
