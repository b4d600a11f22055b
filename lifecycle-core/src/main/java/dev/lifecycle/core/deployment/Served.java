package dev.lifecycle.core.deployment;

import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.model.Prediction;

/**
 * A prediction as served: what the feedback join and the prediction log need. Immutable but for the
 * shadow's label, set by the shadow runner once the shadow scored the same row.
 */
final class Served {
    final Prediction prediction;
    final Arm arm;
    final Row row;
    final long latencyNanos;
    final long startNanos;
    /** The shadow version's label for the same row, once it scored it; null before or without one. */
    volatile String shadowLabel;

    Served(Prediction prediction, Arm arm, Row row, long latencyNanos, long startNanos) {
        this.prediction = prediction;
        this.arm = arm;
        this.row = row;
        this.latencyNanos = latencyNanos;
        this.startNanos = startNanos;
    }
}
