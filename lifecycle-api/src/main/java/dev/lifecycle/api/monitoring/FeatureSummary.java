package dev.lifecycle.api.monitoring;

import java.util.Map;
import org.apiguardian.api.API;

/**
 * An immutable summary of one feature over a set of rows (a training set or a monitoring window): what a
 * {@link DriftDetector} compares. Numeric summaries answer {@link #quantile} and {@link #cdf};
 * categorical ones answer {@link #counts}.
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public interface FeatureSummary {

    /** @return the feature name */
    String feature();

    /** @return whether the feature is numeric (else categorical) */
    boolean numeric();

    /** @return present (non-missing) values */
    long count();

    /** @return missing values */
    long missing();

    /** @return the share of values that are missing, 0 when there are none */
    default double missingRate() {
        long all = count() + missing();
        return all == 0 ? 0 : (double) missing() / all;
    }

    /**
     * @param q a rank in [0, 1]
     * @return the value at that rank (an estimate), NaN when empty
     * @throws UnsupportedOperationException for a categorical feature
     */
    double quantile(double q);

    /**
     * @return the share of present values at most {@code x} (an estimate), NaN when empty
     * @throws UnsupportedOperationException for a categorical feature
     */
    double cdf(double x);

    /** @return the standard deviation of present values, NaN when empty or categorical */
    double stddev();

    /**
     * @return the count of each value
     * @throws UnsupportedOperationException for a numeric feature
     */
    Map<String, Long> counts();
}
