package dev.lifecycle.api.store;

import org.apiguardian.api.API;

/** A committed version refers to an object that is no longer in the store: the store was damaged. */
@API(status = API.Status.STABLE, since = "0.1.0")
public class MissingObjectException extends CorruptObjectException {
    private static final long serialVersionUID = 1L;

    /**
     * @param id the missing object
     * @param message which version needs it and how to recover
     */
    public MissingObjectException(ObjectId id, String message) {
        super(id, message);
    }
}
