package dev.lifecycle.api;

import org.apiguardian.api.API;

/** A named dataset, model, version, alias or object does not exist. */
@API(status = API.Status.STABLE, since = "0.1.0")
public class NotFoundException extends LifecycleException {
    private static final long serialVersionUID = 1L;

    /** @param message which thing is missing and where it was looked for */
    public NotFoundException(String message) {
        super(message);
    }
}
