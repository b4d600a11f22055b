package dev.lifecycle.core.data;

import dev.lifecycle.core.data.internal.DistinctSketch;
import dev.lifecycle.core.data.internal.NumericAccumulator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.TgtHllType;
import org.apache.datasketches.hll.Union;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.kll.KllSketch;
import org.apache.datasketches.memory.Memory;
import org.apache.datasketches.quantilescommon.QuantilesDoublesSketchIterator;
import org.apiguardian.api.API;

/**
 * The profile of a numeric column: exact count, missing count, min, max, mean and variance, a
 * distinct count (exact up to {@value #EXACT_DISTINCT} distinct values, then a HyperLogLog estimate with
 * a relative standard error of about 1.6%), and quantiles from Apache DataSketches KLL sketches.
 * Immutable; build one with {@link #accumulator(String)} or {@link #of(String, double[])}.
 *
 * <p>Quantiles. The first {@value #LEVEL_SIZE} values go into a KLL sketch (k = {@value #K}); after
 * that, level {@code j} takes one value chosen at random from each run of {@code 2^j} values, and
 * holds about {@value #LEVEL_SIZE} of them. Each level is therefore a uniform sample of its values at
 * a known rate, levels merge level by level with KLL's own merge, and the cost per value falls as a
 * column grows. Quantiles, CDF and histograms weigh each level by its rate. {@link #rankError()}
 * states the error: the KLL bound for small columns, plus a sampling allowance for larger ones.
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public final class NumericProfile implements ColumnProfile {
    /** The KLL accuracy parameter. */
    public static final int K = 200;
    /** Values per quantile level. */
    public static final int LEVEL_SIZE = 1 << 14;
    /** The KLL normalized rank error at 99% confidence for {@link #K}, single quantile queries. */
    public static final double KLL_RANK_ERROR = KllSketch.getNormalizedRankError(K, false);
    /** Extra rank error allowed once values are sampled (columns longer than {@link #LEVEL_SIZE}). */
    public static final double SAMPLING_RANK_ERROR = 0.015;
    /** Distinct values counted exactly; above this the count is a HyperLogLog estimate. */
    public static final int EXACT_DISTINCT = DistinctSketch.SPARSE_MAX;
    /** Log2 of the register count of the HLL sketches in profiles of schema version 1 (DataSketches HLL_8). */
    static final int LEGACY_HLL_LG_K = 12;

    private final String column;
    private final long count;
    private final long missing;
    private final double min;
    private final double max;
    private final double mean;
    private final double m2;
    /** The distinct-count sketch; null in a profile read from schema version 1, which has {@link #legacyHll}. */
    private final DistinctSketch distinctSketch;
    /** The DataSketches HLL sketch of a profile read from schema version 1; null otherwise. */
    private final HllSketch legacyHll;
    private final KllDoublesSketch[] levels;
    private volatile double[] viewItems;
    private volatile double[] viewCum;

    NumericProfile(String column, long count, long missing, double min, double max, double mean, double m2,
            DistinctSketch distinctSketch, HllSketch legacyHll, KllDoublesSketch[] levels) {
        this.column = Objects.requireNonNull(column, "column");
        this.count = count;
        this.missing = missing;
        this.min = min;
        this.max = max;
        this.mean = mean;
        this.m2 = m2;
        this.distinctSketch = distinctSketch;
        this.legacyHll = legacyHll;
        this.levels = levels;
    }

    /** @return a fresh accumulator for a column */
    public static Accumulator accumulator(String column) {
        return new Accumulator(column);
    }

    /** @return the profile of values where {@code NaN} is missing */
    public static NumericProfile of(String column, double[] values) {
        return accumulator(column).addAll(values, 0, values.length).build();
    }

    @Override
    public String column() {
        return column;
    }

    @Override
    public long count() {
        return count;
    }

    @Override
    public long missing() {
        return missing;
    }

    /** @return the smallest present value, or NaN when there is none */
    public double min() {
        return count == 0 ? Double.NaN : min;
    }

    /** @return the largest present value, or NaN when there is none */
    public double max() {
        return count == 0 ? Double.NaN : max;
    }

    /** @return the mean of present values, or NaN when there is none */
    public double mean() {
        return count == 0 ? Double.NaN : mean;
    }

    /** @return the population variance of present values, or NaN when there is none */
    public double variance() {
        return count == 0 ? Double.NaN : m2 / count;
    }

    /** @return the population standard deviation, or NaN when there are no values */
    public double stddev() {
        return Math.sqrt(variance());
    }

    /** @return the sum of squared deviations from the mean (what merges) */
    double m2() {
        return m2;
    }

    @Override
    public long distinct() {
        double estimate = distinctSketch != null ? distinctSketch.estimate() : legacyHll.getEstimate();
        return count == 0 ? 0 : Math.min(count, Math.max(1, Math.round(estimate)));
    }

    /** @return the normalized rank error of {@link #quantile}, {@link #cdf} and {@link #pmf} (99% confidence) */
    public double rankError() {
        return count <= LEVEL_SIZE ? KLL_RANK_ERROR : KLL_RANK_ERROR + SAMPLING_RANK_ERROR;
    }

    /**
     * @param q a rank in [0, 1]
     * @return an estimate of the value at that rank; the exact min and max at 0 and 1; NaN when empty
     */
    public double quantile(double q) {
        if (!(q >= 0 && q <= 1)) {
            throw new IllegalArgumentException("Column '" + column + "': a quantile rank must be in [0, 1], got " + q);
        }
        if (count == 0) {
            return Double.NaN;
        }
        if (q == 0) {
            return min;
        }
        if (q == 1) {
            return max;
        }
        view();
        double[] cum = viewCum;
        double target = q * cum[cum.length - 1];
        int i = Arrays.binarySearch(cum, target);
        i = i >= 0 ? i : -i - 1;
        return viewItems[Math.min(i, cum.length - 1)];
    }

    /** @return the estimated share of present values that are at most {@code x} */
    public double cdf(double x) {
        if (count == 0) {
            return Double.NaN;
        }
        if (x < min) {
            return 0;
        }
        if (x >= max) {
            return 1;
        }
        view();
        double[] items = viewItems;
        int lo = 0;
        int hi = items.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (items[mid] <= x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo == 0 ? 0 : viewCum[lo - 1] / viewCum[viewCum.length - 1];
    }

    /**
     * @param splits strictly increasing split points
     * @return the estimated share of present values in each of the {@code splits.length + 1} bins
     *     {@code (-inf, s0], (s0, s1], ..., (s_last, +inf)}
     */
    public double[] pmf(double... splits) {
        for (int i = 1; i < splits.length; i++) {
            if (!(splits[i] > splits[i - 1])) {
                throw new IllegalArgumentException("Column '" + column + "': split points must increase strictly; "
                        + Arrays.toString(splits));
            }
        }
        double[] out = new double[splits.length + 1];
        double prev = 0;
        for (int i = 0; i < splits.length; i++) {
            double c = cdf(splits[i]);
            out[i] = c - prev;
            prev = c;
        }
        out[splits.length] = 1 - prev;
        return out;
    }

    /**
     * @param bins the number of equal-width bins between min and max
     * @return a histogram with estimated counts per bin (they add up to {@link #count()})
     */
    public Histogram histogram(int bins) {
        if (bins < 1) {
            throw new IllegalArgumentException("Column '" + column + "': a histogram needs at least one bin");
        }
        if (count == 0) {
            return new Histogram(new double[0], new double[0]);
        }
        double[] edges = new double[bins + 1];
        for (int i = 0; i <= bins; i++) {
            edges[i] = min + (max - min) * i / bins;
        }
        edges[bins] = max;
        if (min == max) {
            return new Histogram(new double[] {min, max}, new double[] {count});
        }
        double[] counts = new double[bins];
        double prev = 0;
        for (int i = 0; i < bins; i++) {
            double c = i == bins - 1 ? 1 : cdf(edges[i + 1]);
            counts[i] = (c - prev) * count;
            prev = c;
        }
        return new Histogram(edges, counts);
    }

    /**
     * A histogram: bin {@code i} holds values in {@code (edges[i], edges[i+1]]} (the first bin also
     * holds {@code edges[0]}).
     *
     * @param edges bin edges, ascending
     * @param counts estimated count per bin
     */
    @API(status = API.Status.STABLE, since = "0.1.0")
    public record Histogram(double[] edges, double[] counts) {
    }

    @Override
    public NumericProfile merge(ColumnProfile other) {
        if (!(other instanceof NumericProfile o) || !o.column.equals(column)) {
            throw new IllegalArgumentException("Cannot merge the numeric profile of '" + column + "' with "
                    + CategoricalProfile.describe(other) + "; merge profiles of the same column and kind");
        }
        DistinctSketch mergedDistinct = null;
        HllSketch mergedLegacy = null;
        if (distinctSketch != null && o.distinctSketch != null) {
            mergedDistinct = distinctSketch.union(o.distinctSketch);
        } else if (legacyHll != null && o.legacyHll != null) {
            Union union = new Union(LEGACY_HLL_LG_K);
            union.update(legacyHll);
            union.update(o.legacyHll);
            mergedLegacy = union.getResult(TgtHllType.HLL_8);
        } else {
            throw new IllegalArgumentException("Cannot merge the profiles of column '" + column + "': one was read"
                    + " from a profile of schema version 1, whose distinct count hashes values differently, and"
                    + " the other was not; profile the older data again with this Lifecycle, then merge");
        }
        KllDoublesSketch[] merged = new KllDoublesSketch[Math.max(levels.length, o.levels.length)];
        for (int j = 0; j < merged.length; j++) {
            KllDoublesSketch a = j < levels.length ? levels[j] : null;
            KllDoublesSketch b = j < o.levels.length ? o.levels[j] : null;
            merged[j] = NumericAccumulator.copy(a == null ? b : a);
            if (a != null && b != null) {
                merged[j].merge(b);
            }
        }
        long n = count + o.count;
        double mergedMean;
        double mergedM2;
        if (count == 0 || o.count == 0) {
            mergedMean = count == 0 ? o.mean : mean;
            mergedM2 = count == 0 ? o.m2 : m2;
        } else {
            double delta = o.mean - mean;
            mergedMean = mean + delta * o.count / n;
            mergedM2 = m2 + o.m2 + delta * delta * ((double) count * o.count / n);
        }
        return new NumericProfile(column, n, missing + o.missing, Math.min(min, o.min), Math.max(max, o.max),
                mergedMean, mergedM2, mergedDistinct, mergedLegacy, merged);
    }

    private void view() {
        if (viewCum != null) {
            return;
        }
        // every retained item weighs a power of two (KLL's 2^level times this profile's 2^j), so the
        // items are sorted per weight with a primitive sort and the few sorted runs merged
        double[][] runs = new double[64][];
        int[] sizes = new int[64];
        int n = 0;
        for (int j = 0; j < levels.length; j++) {
            if (levels[j] == null || levels[j].isEmpty()) {
                continue;
            }
            QuantilesDoublesSketchIterator it = levels[j].iterator();
            while (it.next()) {
                long w = it.getWeight();
                if (Long.bitCount(w) != 1) {
                    throw new IllegalStateException("Column '" + column + "': a KLL item weighs " + w
                            + ", not a power of two");
                }
                int e = Long.numberOfTrailingZeros(w) + j;
                double[] run = runs[e];
                if (run == null) {
                    run = runs[e] = new double[64];
                } else if (sizes[e] == run.length) {
                    run = runs[e] = Arrays.copyOf(run, run.length * 2);
                }
                run[sizes[e]++] = it.getQuantile();
                n++;
            }
        }
        int[] present = new int[64];
        int k = 0;
        for (int e = 0; e < 64; e++) {
            if (sizes[e] > 0) {
                Arrays.sort(runs[e], 0, sizes[e]);
                present[k++] = e;
            }
        }
        int[] at = new int[64];
        double[] sortedItems = new double[n];
        double[] cum = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            int best = -1;
            for (int r = 0; r < k; r++) {
                int e = present[r];
                if (at[e] < sizes[e] && (best < 0 || runs[e][at[e]] < runs[best][at[best]])) {
                    best = e;
                }
            }
            sortedItems[i] = runs[best][at[best]++];
            sum += Math.scalb(1.0, best);
            cum[i] = sum;
        }
        viewItems = sortedItems;
        viewCum = cum;
    }

    /** @return the serialized distinct-count sketch, or null for a profile read from schema version 1 */
    byte[] distinctBytes() {
        return distinctSketch == null ? null : distinctSketch.toBytes();
    }

    /** @return the serialized DataSketches HLL sketch of a profile read from schema version 1, or null */
    byte[] legacyHllBytes() {
        return legacyHll == null ? null : legacyHll.toCompactByteArray();
    }

    /** @return the serialized KLL sketch of each level ({@code null} for an empty level) */
    List<byte[]> levelBytes() {
        List<byte[]> out = new ArrayList<>(levels.length);
        for (KllDoublesSketch s : levels) {
            out.add(s == null ? null : s.toByteArray());
        }
        return out;
    }

    static NumericProfile restore(String column, long count, long missing, double min, double max, double mean,
            double m2, byte[] distinct, byte[] legacyHll, List<byte[]> levels) {
        KllDoublesSketch[] kll = new KllDoublesSketch[levels.size()];
        for (int j = 0; j < kll.length; j++) {
            kll[j] = levels.get(j) == null ? null : KllDoublesSketch.heapify(Memory.wrap(levels.get(j)));
        }
        return new NumericProfile(column, count, missing, count == 0 ? Double.POSITIVE_INFINITY : min,
                count == 0 ? Double.NEGATIVE_INFINITY : max, count == 0 ? 0 : mean, count == 0 ? 0 : m2,
                distinct == null ? null : DistinctSketch.fromBytes(distinct),
                distinct == null ? HllSketch.heapify(legacyHll) : null, kll);
    }

    @Override
    public String toString() {
        return "NumericProfile{" + column + ": count=" + count + ", missing=" + missing + ", min=" + min()
                + ", max=" + max() + ", mean=" + mean() + ", stddev=" + stddev() + ", distinct~" + distinct() + "}";
    }

    /**
     * Collects the profile of a numeric column value by value or block by block. Not thread-safe;
     * use one per thread and {@link NumericProfile#merge merge} the results.
     */
    @API(status = API.Status.STABLE, since = "0.1.0")
    public static final class Accumulator {
        private final String column;
        private final NumericAccumulator state = new NumericAccumulator(K, LEVEL_SIZE);
        private final double[] one = new double[1];

        private Accumulator(String column) {
            this.column = Objects.requireNonNull(column, "column");
        }

        /** Adds one value; {@code NaN} counts as missing. */
        public Accumulator add(double value) {
            one[0] = value;
            return addAll(one, 0, 1);
        }

        /** Adds {@code values[from, to)}; {@code NaN} counts as missing. */
        public Accumulator addAll(double[] values, int from, int to) {
            Objects.checkFromToIndex(from, to, values.length);
            state.addAll(values, from, to);
            return this;
        }

        /** @return the profile of everything added so far; adding more afterwards leaves that profile as it is */
        public NumericProfile build() {
            return new NumericProfile(column, state.count(), state.missing(), state.min(), state.max(), state.mean(),
                    state.m2(), state.distinctSketch(), null, state.levels());
        }
    }
}
