package dev.lifecycle.api.evaluation;

import java.util.Objects;
import org.apiguardian.api.API;

/**
 * Per-class precision, recall and F1. A ratio with a zero denominator is reported as 0, as Tribuo does.
 *
 * @param label the class
 * @param precision true positives / predicted positives
 * @param recall true positives / actual positives
 * @param f1 harmonic mean of precision and recall
 * @param support number of rows whose true label is this class
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public record ClassMetrics(String label, double precision, double recall, double f1, long support) {
    /** Checks that the components are present. */
    public ClassMetrics {
        Objects.requireNonNull(label, "label");
    }

}
