package dev.lifecycle.api.model;

/** The state of a tracked run. */
public enum RunStatus {
    /** Started and not yet ended (or its process died before ending it). */
    RUNNING,
    /** Ended normally; its results may be used. */
    FINISHED,
    /** Ended by an error; never chosen as a best run or a baseline. */
    FAILED
}
