package dev.lifecycle.api.model;

import dev.lifecycle.api.LifecycleException;
import org.apiguardian.api.API;

/** Stored model bytes cannot be read by the format they were recorded with. */
@API(status = API.Status.STABLE, since = "0.1.0")
public class ModelFormatException extends LifecycleException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message which model and format, and what is wrong
     * @param cause the underlying failure
     */
    public ModelFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
