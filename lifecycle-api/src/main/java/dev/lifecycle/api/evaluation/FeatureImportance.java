package dev.lifecycle.api.evaluation;

import java.util.Objects;
import org.apiguardian.api.API;

/**
 * How much a model's metric worsens when one input column is shuffled (permutation importance): the
 * column's link to the target is broken while its distribution stays the same. Model-agnostic.
 *
 * @param feature the input column
 * @param metric the metric measured, e.g. {@code auc}
 * @param baseline the metric on the unshuffled rows
 * @param drop the mean worsening over the repeats (positive: the model relies on the column; near 0 or
 *     negative: it does not)
 * @param lower the lower end of the interval of the worsening over bootstrap-resampled, re-shuffled repeats
 * @param upper the upper end of that interval
 * @param level the interval's coverage, e.g. 0.95
 * @param repeats how many resample-and-shuffle repeats the interval rests on
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public record FeatureImportance(String feature, String metric, double baseline, double drop, double lower,
        double upper, double level, int repeats) {

    /** Validates the names. */
    public FeatureImportance {
        Objects.requireNonNull(feature, "feature");
        Objects.requireNonNull(metric, "metric");
    }

    /** @return whether the whole interval lies above zero: the model measurably relies on the column */
    public boolean significant() {
        return lower > 0;
    }
}
