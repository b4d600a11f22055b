package dev.lifecycle.benchmarks;

import java.util.Arrays;
import java.util.List;
import org.apache.commons.statistics.distribution.TDistribution;

/**
 * A ratio estimated from independent forks: the median of the per-fork ratios and a 95%
 * interval for the ratio, from a t interval on the logarithms of the per-fork ratios (ratios are
 * multiplicative, so their logs are the scale on which noise is symmetric). The estimate is
 * {@linkplain #stable() stable} when the interval is at most {@value #STABLE_WIDTH} of the ratio wide.
 *
 * @param ratios the per-fork ratios, in the order they were measured
 * @param median the median of {@code ratios}
 * @param low the lower end of the 95% interval ({@code NaN} with fewer than two forks)
 * @param high the upper end of the 95% interval ({@code NaN} with fewer than two forks)
 */
record RatioEstimate(List<Double> ratios, double median, double low, double high) {
    /** Widest interval, relative to the ratio, that still counts as a measurement. */
    static final double STABLE_WIDTH = 0.10;

    RatioEstimate {
        ratios = List.copyOf(ratios);
    }

    static RatioEstimate of(List<Double> ratios) {
        if (ratios.isEmpty()) {
            throw new IllegalArgumentException("no fork produced a ratio");
        }
        for (double r : ratios) {
            if (!(r > 0) || Double.isInfinite(r)) {
                throw new IllegalArgumentException("a fork produced the ratio " + r + "; ratios must be positive");
            }
        }
        double[] sorted = ratios.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = sorted.length;
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        if (n < 2) {
            return new RatioEstimate(ratios, median, Double.NaN, Double.NaN);
        }
        double[] logs = Arrays.stream(sorted).map(Math::log).toArray();
        double mean = Arrays.stream(logs).average().orElseThrow();
        double ss = 0;
        for (double l : logs) {
            ss += (l - mean) * (l - mean);
        }
        double halfWidth = TDistribution.of(n - 1).inverseCumulativeProbability(0.975) * Math.sqrt(ss / (n - 1) / n);
        return new RatioEstimate(ratios, median, Math.exp(mean - halfWidth), Math.exp(mean + halfWidth));
    }

    /** Whether the interval is known and at most {@value #STABLE_WIDTH} of the median wide. */
    boolean stable() {
        return !Double.isNaN(low) && (high - low) <= STABLE_WIDTH * median;
    }
}
