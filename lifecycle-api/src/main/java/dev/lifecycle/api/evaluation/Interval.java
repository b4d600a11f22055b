package dev.lifecycle.api.evaluation;

import org.apiguardian.api.API;

/**
 * A confidence interval of a metric from a seeded bootstrap. The percentile interval is widened,
 * when needed, so that it always contains the point estimate.
 *
 * @param estimate the metric on all rows
 * @param lower the lower bound
 * @param upper the upper bound
 * @param level the confidence level, e.g. 0.95
 * @param replicates how many bootstrap replicates gave a value
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public record Interval(double estimate, double lower, double upper, double level, int replicates) {

    /** @return whether the interval contains a value */
    public boolean contains(double value) {
        return value >= lower && value <= upper;
    }

    /** @return the width of the interval */
    public double width() {
        return upper - lower;
    }
}
