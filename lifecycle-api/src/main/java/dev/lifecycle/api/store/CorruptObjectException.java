package dev.lifecycle.api.store;

import org.apiguardian.api.API;

/** An object's bytes no longer match its id: the store was damaged outside Lifecycle. */
@API(status = API.Status.STABLE, since = "0.1.0")
public class CorruptObjectException extends StoreException {
    private static final long serialVersionUID = 1L;

    private final ObjectId id;

    /**
     * @param id the object that failed verification
     * @param message where it is and what was found
     */
    public CorruptObjectException(ObjectId id, String message) {
        super(message);
        this.id = id;
    }

    /** @return the object that failed verification */
    public ObjectId id() {
        return id;
    }
}
