package dev.lifecycle.api.deployment;

import java.util.Objects;
import org.apiguardian.api.API;

/**
 * Running summary of one numeric input feature as served (the cheap input-monitoring hook).
 *
 * @param feature the feature name
 * @param count values seen
 * @param min smallest value, {@code NaN} when none
 * @param max largest value, {@code NaN} when none
 * @param mean mean value, {@code NaN} when none
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public record FeatureStats(String feature, long count, double min, double max, double mean) {
    /** Checks that the components are present. */
    public FeatureStats {
        Objects.requireNonNull(feature, "feature");
    }

}
