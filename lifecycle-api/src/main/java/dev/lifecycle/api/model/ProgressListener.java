package dev.lifecycle.api.model;

import org.apiguardian.api.API;

/**
 * Receives progress of long work (training, searches). Called on the working thread: return quickly.
 */
@API(status = API.Status.STABLE, since = "0.1.0")
@FunctionalInterface
public interface ProgressListener {

    /** A listener that ignores everything. */
    ProgressListener NONE = (task, done, total) -> { };

    /**
     * @param task what is being done, e.g. {@code train cart on adult@1} or {@code trial 3/12}
     * @param done units done so far
     * @param total units in all, or -1 when unknown
     */
    void progress(String task, long done, long total);
}
