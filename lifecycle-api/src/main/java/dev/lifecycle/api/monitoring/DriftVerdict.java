package dev.lifecycle.api.monitoring;

/** What a {@link DriftDetector} concluded about one feature. */
public enum DriftVerdict {
    /** The current window is compatible with the reference. */
    STABLE,
    /** The current window differs from the reference by more than the threshold. */
    DRIFT,
    /** Too few values on one side to judge; not an alarm. */
    INSUFFICIENT_DATA
}
