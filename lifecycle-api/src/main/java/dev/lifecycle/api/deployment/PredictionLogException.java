package dev.lifecycle.api.deployment;

import dev.lifecycle.api.LifecycleException;
import org.apiguardian.api.API;

/**
 * The prediction log cannot take or keep an entry: its queue is full and the deployment was told to
 * fail rather than drop or wait, or entries could not be written before the deployment closed. The
 * message says how many entries and why (usually the store cannot write).
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public class PredictionLogException extends LifecycleException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what could not be logged and why
     * @param cause the store's failure, if any
     */
    public PredictionLogException(String message, Throwable cause) {
        super(message, cause);
    }
}
