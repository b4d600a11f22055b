package dev.lifecycle.api.evaluation;

import java.util.Map;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * The operating point of a binary classifier: a row is predicted {@code positiveLabel} when that label's
 * score is at least {@code threshold}, and the other label otherwise. Chosen from the predictions on
 * held-out rows and stored with a model version, it is what deployments serve and what evaluations,
 * fairness reports and gates of that version use.
 *
 * @param positiveLabel the label the threshold applies to
 * @param threshold predict {@code positiveLabel} iff its score is {@code >= threshold}; a finite number
 * @param rule how it was chosen, e.g. {@code max f1} or {@code precision >= 0.80}
 * @param chosenOn the id of the dataset version it was chosen on, or a description
 * @param atThreshold metrics of the positive label at the threshold on those rows (precision, recall, f1, ...)
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public record DecisionThreshold(String positiveLabel, double threshold, String rule, String chosenOn,
        Map<String, Double> atThreshold) {

    /** Validates and copies. */
    public DecisionThreshold {
        Objects.requireNonNull(positiveLabel, "positiveLabel");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(chosenOn, "chosenOn");
        if (!Double.isFinite(threshold)) {
            throw new IllegalArgumentException("A decision threshold must be a finite score, got " + threshold
                    + " for label '" + positiveLabel + "'");
        }
        atThreshold = Map.copyOf(atThreshold);
    }

    /** @return a threshold set by hand (no metrics), e.g. {@code DecisionThreshold.of(">50K", 0.3)} */
    public static DecisionThreshold of(String positiveLabel, double threshold) {
        return new DecisionThreshold(positiveLabel, threshold, "set by hand", "-", Map.of());
    }
}
