package dev.lifecycle.api;

/** A named dataset, model, version, alias or object does not exist. */
public class NotFoundException extends LifecycleException {
    private static final long serialVersionUID = 1L;

    /** @param message which thing is missing and where it was looked for */
    public NotFoundException(String message) {
        super(message);
    }
}
