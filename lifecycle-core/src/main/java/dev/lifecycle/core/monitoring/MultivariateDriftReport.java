package dev.lifecycle.core.monitoring;

import dev.lifecycle.api.monitoring.DriftVerdict;
import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * What a {@link MultivariateDrift} check concluded: how well a classifier tells current rows from
 * reference rows, judged on rows it was not trained on.
 *
 * @param classifier the name of the trainer used as domain classifier, e.g. {@code cart}
 * @param auc the cross-validated AUC of scoring "current" against "reference", from out-of-fold
 *     scores pooled over all folds; 0.5 means the two samples cannot be told apart; NaN when there
 *     were too few rows to judge
 * @param threshold the AUC above which the verdict is {@link DriftVerdict#DRIFT}
 * @param verdict {@link DriftVerdict#DRIFT} exactly when {@code auc > threshold}, else {@link DriftVerdict#STABLE};
 *     {@link DriftVerdict#INSUFFICIENT_DATA} (no alarm) when a side had fewer rows than the check's minimum
 * @param referenceRows the reference rows used (after sampling)
 * @param currentRows the current rows used (after sampling)
 * @param folds the number of cross-validation folds
 * @param attribution every feature with its permutation importance, most responsible first
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public record MultivariateDriftReport(String classifier, double auc, double threshold, DriftVerdict verdict,
        int referenceRows, int currentRows, int folds, List<FeatureAttribution> attribution) {

    /** Validates and copies the arguments. */
    public MultivariateDriftReport {
        Objects.requireNonNull(classifier, "classifier");
        Objects.requireNonNull(verdict, "verdict");
        attribution = List.copyOf(attribution);
    }

    /** @return whether the two samples are told apart better than the threshold allows */
    public boolean drifted() {
        return verdict == DriftVerdict.DRIFT;
    }

    /**
     * How much one feature contributes to telling current from reference rows.
     *
     * @param feature the input column
     * @param aucDrop the report's AUC minus the out-of-fold AUC obtained when this feature's values are
     *     shuffled among the held-out rows of each fold (seeded); near 0 or negative when the
     *     classifier does not rely on the feature
     */
    @API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
    public record FeatureAttribution(String feature, double aucDrop) {
        /** Checks the feature name. */
        public FeatureAttribution {
            Objects.requireNonNull(feature, "feature");
        }
    }
}
