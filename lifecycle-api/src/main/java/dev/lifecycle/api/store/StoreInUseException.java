package dev.lifecycle.api.store;

/**
 * An operation that needs a store to itself (such as repair) found it open for writing, or a writer
 * found such an operation running. The message names the directory and who holds it.
 */
public class StoreInUseException extends StoreException {
    private static final long serialVersionUID = 1L;

    /** @param message which store, who holds it, and what to do */
    public StoreInUseException(String message) {
        super(message);
    }
}
