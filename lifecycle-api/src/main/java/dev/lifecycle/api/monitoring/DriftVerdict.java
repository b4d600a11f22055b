package dev.lifecycle.api.monitoring;

import org.apiguardian.api.API;

/** What a {@link DriftDetector} concluded about one feature. */
@API(status = API.Status.STABLE, since = "0.1.0")
public enum DriftVerdict {
    /** The current window is compatible with the reference. */
    STABLE,
    /** The current window differs from the reference by more than the threshold. */
    DRIFT,
    /** Too few values on one side to judge; not an alarm. */
    INSUFFICIENT_DATA
}
