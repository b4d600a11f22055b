package dev.lifecycle.api.model;

import org.apiguardian.api.API;

/** The state of a tracked run. */
@API(status = API.Status.STABLE, since = "0.1.0")
public enum RunStatus {
    /** Started and not yet ended (or its process died before ending it). */
    RUNNING,
    /** Ended normally; its results may be used. */
    FINISHED,
    /** Ended by an error; never chosen as a best run or a baseline. */
    FAILED
}
