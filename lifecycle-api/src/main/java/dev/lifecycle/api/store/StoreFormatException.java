package dev.lifecycle.api.store;

import org.apiguardian.api.API;

/**
 * Stored data carries a format version this build of Lifecycle cannot read: it was written by a newer
 * Lifecycle. Nothing was changed; open the store with that newer version (or later).
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public class StoreFormatException extends StoreException {
    private static final long serialVersionUID = 1L;

    private final String kind;
    private final int found;
    private final int newestReadable;

    /**
     * @param kind what was read, e.g. {@code dataset manifest} or {@code partial evaluation}
     * @param found the format version found
     * @param newestReadable the newest format version this build reads
     */
    public StoreFormatException(String kind, int found, int newestReadable) {
        super("The " + kind + " has format version " + found + ", but this Lifecycle reads versions up to "
                + newestReadable + ": it was written by a newer Lifecycle. Upgrade Lifecycle to read it;"
                + " nothing was changed");
        this.kind = kind;
        this.found = found;
        this.newestReadable = newestReadable;
    }

    /** @return what was read, e.g. {@code dataset manifest} */
    public String kind() {
        return kind;
    }

    /** @return the format version found */
    public int found() {
        return found;
    }

    /** @return the newest format version this build reads */
    public int newestReadable() {
        return newestReadable;
    }
}
