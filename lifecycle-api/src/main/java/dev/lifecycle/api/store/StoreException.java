package dev.lifecycle.api.store;

import dev.lifecycle.api.LifecycleException;
import org.apiguardian.api.API;

/** A store could not be read or written. */
@API(status = API.Status.STABLE, since = "0.1.0")
public class StoreException extends LifecycleException {
    private static final long serialVersionUID = 1L;

    /** @param message what failed, naming the store location and object or ref */
    public StoreException(String message) {
        super(message);
    }

    /**
     * @param message what failed, naming the store location and object or ref
     * @param cause the underlying failure
     */
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
