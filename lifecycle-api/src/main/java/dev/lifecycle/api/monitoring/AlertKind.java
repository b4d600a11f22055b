package dev.lifecycle.api.monitoring;

import org.apiguardian.api.API;

/** What an {@link Alert} is about. */
@API(status = API.Status.STABLE, since = "0.1.0")
public enum AlertKind {
    /** A feature (or the prediction) drifted from its reference. */
    DRIFT,
    /** Live or estimated quality fell below its threshold. */
    QUALITY_DROP,
    /** Inputs went bad: missing values, values out of the training domain. */
    DATA_QUALITY,
    /** Too many predict calls failed. */
    ERROR_RATE,
    /** Predict latency exceeded its threshold. */
    LATENCY,
    /** A retraining loop's iteration failed (the champion keeps serving). */
    RETRAIN_FAILED,
    /** The shared store could not be reached (the deployment keeps serving its current version). */
    STORE_UNREACHABLE
}
