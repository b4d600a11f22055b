package dev.lifecycle.api.store;

import org.apiguardian.api.API;

/** A write was asked of a store opened read-only. */
@API(status = API.Status.STABLE, since = "0.1.0")
public class ReadOnlyStoreException extends StoreException {
    private static final long serialVersionUID = 1L;

    /** @param message which store and which write */
    public ReadOnlyStoreException(String message) {
        super(message);
    }
}
