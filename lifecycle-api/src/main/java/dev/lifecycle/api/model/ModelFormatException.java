package dev.lifecycle.api.model;

import dev.lifecycle.api.LifecycleException;

/** Stored model bytes cannot be read by the format they were recorded with. */
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
