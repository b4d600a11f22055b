package dev.lifecycle.api.store;

/** A write was asked of a store opened read-only. */
public class ReadOnlyStoreException extends StoreException {
    private static final long serialVersionUID = 1L;

    /** @param message which store and which write */
    public ReadOnlyStoreException(String message) {
        super(message);
    }
}
