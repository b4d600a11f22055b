package dev.lifecycle.api;

import org.apiguardian.api.API;

/**
 * Base of every exception Lifecycle throws on purpose. Messages name the dataset, model, version
 * or feature concerned and say what to do about it.
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public class LifecycleException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what went wrong and what to do */
    public LifecycleException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong and what to do
     * @param cause the underlying failure
     */
    public LifecycleException(String message, Throwable cause) {
        super(message, cause);
    }
}
