package dev.lifecycle.core.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.TgtHllType;
import org.apache.datasketches.hll.Union;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.kll.KllSketch;
import org.apache.datasketches.memory.Memory;
import org.apache.datasketches.quantilescommon.QuantilesDoublesSketchIterator;
import org.apiguardian.api.API;

/**
 * The profile of a numeric column: exact count, missing count, min, max, mean and variance, an HLL
 * distinct-count estimate (relative error about 1.6%), and quantiles from Apache DataSketches KLL
 * sketches. Immutable; build one with {@link #accumulator(String)} or {@link #of(String, double[])}.
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
    static final int HLL_LG_K = 12;
    /** DataSketches' default update seed, which {@link HllSketch#update(double)} hashes with. */
    private static final long HLL_SEED = 9001L;
    private static final int HLL_BYTES = HllSketch.getMaxUpdatableSerializationBytes(HLL_LG_K, TgtHllType.HLL_8);

    private final String column;
    private final long count;
    private final long missing;
    private final double min;
    private final double max;
    private final double mean;
    private final double m2;
    private final HllSketch hll;
    private final KllDoublesSketch[] levels;
    private volatile double[] viewItems;
    private volatile double[] viewCum;

    NumericProfile(String column, long count, long missing, double min, double max, double mean, double m2,
            HllSketch hll, KllDoublesSketch[] levels) {
        this.column = Objects.requireNonNull(column, "column");
        this.count = count;
        this.missing = missing;
        this.min = min;
        this.max = max;
        this.mean = mean;
        this.m2 = m2;
        this.hll = hll;
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
        return count == 0 ? 0 : Math.min(count, Math.max(1, Math.round(hll.getEstimate())));
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
        Union union = new Union(HLL_LG_K);
        union.update(hll);
        union.update(o.hll);
        KllDoublesSketch[] merged = new KllDoublesSketch[Math.max(levels.length, o.levels.length)];
        for (int j = 0; j < merged.length; j++) {
            KllDoublesSketch a = j < levels.length ? levels[j] : null;
            KllDoublesSketch b = j < o.levels.length ? o.levels[j] : null;
            merged[j] = a == null ? copy(b) : copy(a);
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
                mergedMean, mergedM2, union.getResult(TgtHllType.HLL_8), merged);
    }

    private static KllDoublesSketch copy(KllDoublesSketch s) {
        return s == null ? null : KllDoublesSketch.heapify(Memory.wrap(s.toByteArray()));
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

    /** @return the serialized HLL sketch */
    byte[] hllBytes() {
        return hll.toCompactByteArray();
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
            double m2, byte[] hll, List<byte[]> levels) {
        KllDoublesSketch[] kll = new KllDoublesSketch[levels.size()];
        for (int j = 0; j < kll.length; j++) {
            kll[j] = levels.get(j) == null ? null : KllDoublesSketch.heapify(Memory.wrap(levels.get(j)));
        }
        return new NumericProfile(column, count, missing, count == 0 ? Double.POSITIVE_INFINITY : min,
                count == 0 ? Double.NEGATIVE_INFINITY : max, count == 0 ? 0 : mean, count == 0 ? 0 : m2,
                HllSketch.heapify(hll), kll);
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
        private static final int BLOCK = 4096;
        private static final int GRID_HALF = 1 << 15;
        private static final long EXPONENT_BITS = 0x7ff0_0000_0000_0000L;
        private final String column;
        private long count;
        private long missing;
        private double min = Double.POSITIVE_INFINITY;
        private double max = Double.NEGATIVE_INFINITY;
        private double mean;
        private double m2;
        private final HllSketch hll = new HllSketch(HLL_LG_K, TgtHllType.HLL_8);
        /** Complements of recently offered values' bits: the initial 0 stands for a NaN, which is never offered. */
        private final long[] recent = new long[1024];
        /** Allocated on entering HLL mode, so small profiles stay cheap. */
        private byte[] registers;
        /**
         * In HLL mode, while most values are hundredths within {@link #GRID_HALF}/100 of zero (prices, whole
         * numbers): one bit per such value seen, so repeats skip the hash; null before, and after it fails.
         */
        private long[] grid;
        private boolean gridFailed;
        private boolean hllMode;
        private boolean recentUseful = true;
        private int blocksSinceProbe;
        /** Values bound for the KLL sketch of level {@link #pendingLevel}, fed to it {@link #BLOCK} at a time. */
        private double[] pending;
        private int pendingSize;
        private int pendingLevel;
        private LevelFeeder feeder;
        private final List<KllDoublesSketch> levels = new ArrayList<>();
        private final SplittableRandom random = new SplittableRandom(0x5eed);
        private long offered;
        private long pick = -1;
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
            for (int b = from; b < to; b += BLOCK) {
                int e = Math.min(to, b + BLOCK);
                block(values, b, e);
                sample(values, b, e);
            }
            return this;
        }

        private void block(double[] v, int from, int to) {
            double s0 = 0;
            double s1 = 0;
            double s2 = 0;
            double s3 = 0;
            double lo0 = min;
            double lo1 = min;
            double hi0 = max;
            double hi1 = max;
            int i = from;
            // comparisons, not Math.min/max: new extremes are rare, so the branches predict well and skip
            // the intrinsics' NaN and -0.0 handling (a NaN makes the sum NaN; -0.0 is normalised below)
            for (int end = to - 3; i < end; i += 4) {
                double a = v[i];
                double b = v[i + 1];
                double c = v[i + 2];
                double d = v[i + 3];
                s0 += a;
                s1 += b;
                s2 += c;
                s3 += d;
                lo0 = a < lo0 ? a : lo0;
                lo1 = b < lo1 ? b : lo1;
                lo0 = c < lo0 ? c : lo0;
                lo1 = d < lo1 ? d : lo1;
                hi0 = a > hi0 ? a : hi0;
                hi1 = b > hi1 ? b : hi1;
                hi0 = c > hi0 ? c : hi0;
                hi1 = d > hi1 ? d : hi1;
            }
            for (; i < to; i++) {
                double x = v[i];
                s0 += x;
                lo0 = x < lo0 ? x : lo0;
                hi0 = x > hi0 ? x : hi0;
            }
            double sum = (s0 + s1) + (s2 + s3);
            long n = to - from;
            double lo = (lo0 < lo1 ? lo0 : lo1) + 0.0;
            double hi = (hi0 > hi1 ? hi0 : hi1) + 0.0;
            boolean dense = sum == sum;
            if (!dense) {
                n = 0;
                sum = 0;
                lo = min;
                hi = max;
                for (int k = from; k < to; k++) {
                    double x = v[k] + 0.0;
                    boolean present = x == x;
                    n += present ? 1 : 0;
                    sum += present ? x : 0.0;
                    lo = x < lo ? x : lo;
                    hi = x > hi ? x : hi;
                }
            }
            missing += (to - from) - n;
            if (hllMode) {
                distinctByRegister(v, from, to, dense);
            } else if (n > 0) {
                distinctByValue(v, from, to);
                // once in HLL mode (it never leaves it) a value that cannot raise its register changes nothing;
                // in the list and set modes before it, every distinct coupon counts
                hllMode = hll.getUpdatableSerializationBytes() == HLL_BYTES;
                if (hllMode) {
                    registers = new byte[1 << HLL_LG_K];
                }
            }
            if (n == 0) {
                return;
            }
            min = lo;
            max = hi;
            double blockMean = sum / n;
            double q0 = 0;
            double q1 = 0;
            double q2 = 0;
            double q3 = 0;
            int k = from;
            if (dense) {
                for (int end = to - 3; k < end; k += 4) {
                    double a = v[k] - blockMean;
                    double b = v[k + 1] - blockMean;
                    double c = v[k + 2] - blockMean;
                    double d = v[k + 3] - blockMean;
                    q0 += a * a;
                    q1 += b * b;
                    q2 += c * c;
                    q3 += d * d;
                }
            }
            for (; k < to; k++) {
                double d = v[k] - blockMean;
                q0 += d == d ? d * d : 0.0;
            }
            double blockM2 = (q0 + q1) + (q2 + q3);
            if (blockM2 != blockM2) {
                blockM2 = 0;
                for (int j = from; j < to; j++) {
                    double d = v[j] - blockMean;
                    blockM2 += d == d ? d * d : 0.0;
                }
            }
            if (count == 0) {
                mean = blockMean;
                m2 = blockM2;
            } else {
                long total = count + n;
                double delta = blockMean - mean;
                mean += delta * n / total;
                m2 += blockM2 + delta * delta * ((double) count * n / total);
            }
            count += n;
        }

        private void sample(double[] v, int from, int to) {
            int i = from;
            while (i < to) {
                int j = 63 - Long.numberOfLeadingZeros(offered / LEVEL_SIZE + 1);
                long levelEnd = (long) LEVEL_SIZE * ((2L << j) - 1);
                int n = (int) Math.min(to - i, levelEnd - offered);
                if (j != pendingLevel) {
                    flush();
                    pendingLevel = j;
                }
                if (j == 0) {
                    for (int k = i; k < i + n; ) {
                        int m = Math.min(i + n - k, BLOCK - pendingSize);
                        reserve(m);
                        System.arraycopy(v, k, pending, pendingSize, m);
                        pendingSize += m;
                        k += m;
                        if (pendingSize == BLOCK) {
                            flush();
                        }
                    }
                } else {
                    long stride = 1L << j;
                    long idx = offered;
                    long end = offered + n;
                    while (idx < end) {
                        if (pick < idx) {
                            long blockStart = idx & -stride;
                            if (pick >= blockStart) {
                                blockStart += stride;
                            }
                            pick = blockStart + random.nextLong(stride);
                        }
                        if (pick >= end) {
                            break;
                        }
                        reserve(1);
                        pending[pendingSize++] = v[i + (int) (pick - offered)];
                        if (pendingSize == BLOCK) {
                            flush();
                        }
                        idx = pick + 1;
                    }
                }
                offered += n;
                i += n;
            }
        }

        /** Makes room for {@code more} pending values (at most {@link #BLOCK} in all), growing by doubling. */
        private void reserve(int more) {
            int need = pendingSize + more;
            if (pending == null || pending.length < need) {
                int size = pending == null ? 64 : pending.length;
                while (size < need) {
                    size *= 2;
                }
                pending = Arrays.copyOf(pending == null ? new double[0] : pending, Math.min(BLOCK, size));
            }
        }

        /** Feeds the pending values to their level's KLL sketch. */
        private void flush() {
            if (pendingSize == 0) {
                return;
            }
            if (feeder == null) {
                feeder = new LevelFeeder();
            }
            feeder.feed(level(pendingLevel), pending, pendingSize);
            pendingSize = 0;
        }

        /** Offers each present value to the HLL sketch unless it repeats one of the recent values. */
        private void distinctByValue(double[] v, int from, int to) {
            HllSketch h = hll;
            long[] seen = recent;
            for (int i = from; i < to; i++) {
                double x = v[i] + 0.0;
                if (x == x) {
                    long bits = Double.doubleToRawLongBits(x);
                    int slot = (int) ((bits * 0x9E3779B97F4A7C15L) >>> 54);
                    if (seen[slot] != ~bits) {
                        seen[slot] = ~bits;
                        h.update(x);
                    }
                }
            }
        }

        /**
         * Offers a present value to the HLL sketch only when it would raise a register: computes the
         * coupon {@link HllSketch#update(double)} would (MurmurHash3 x64-128 of the value's bits, seed
         * 9001) and compares it with {@link #registers}, a lower bound of the sketch's registers.
         */
        private void distinctByRegister(double[] v, int from, int to, boolean dense) {
            if (recentUseful || (++blocksSinceProbe & 15) == 0) {
                int hits = distinctByRegisterSkippingRecent(v, from, to);
                recentUseful = hits * 4 >= to - from;
                return;
            }
            if (!gridFailed) {
                if (grid == null) {
                    grid = new long[2 * GRID_HALF / Long.SIZE];
                }
                int off = distinctByRegisterOnGrid(v, from, to);
                if (off * 4 > to - from) {
                    grid = null;
                    gridFailed = true;
                }
                return;
            }
            if (dense) {
                distinctByRegisterDense(v, from, to);
                return;
            }
            byte[] regs = registers;
            for (int i = from; i < to; i++) {
                double x = v[i] + 0.0;
                if (x == x) {
                    offerCoupon(regs, x);
                }
            }
        }

        /**
         * As {@link #distinctByRegister} for a block without NaN. Four coupons per step: each is a chain of
         * dependent multiplies, so computing four independent ones before the register checks keeps the
         * multiplier busy; a step whose four checks all fail (almost every step once the registers fill)
         * writes nothing. On AVX2 CPUs such as the EPYC benchmark machines the 64-bit multiplies do not
         * vectorize, so there is no hash-everything-first split.
         */
        private void distinctByRegisterDense(double[] v, int from, int to) {
            byte[] regs = registers;
            int mask = (1 << HLL_LG_K) - 1;
            int i = from;
            for (int end = to - 3; i < end; i += 4) {
                int c0 = coupon(Double.doubleToRawLongBits(v[i] + 0.0));
                int c1 = coupon(Double.doubleToRawLongBits(v[i + 1] + 0.0));
                int c2 = coupon(Double.doubleToRawLongBits(v[i + 2] + 0.0));
                int c3 = coupon(Double.doubleToRawLongBits(v[i + 3] + 0.0));
                if ((c0 >>> HLL_LG_K) > regs[c0 & mask] | (c1 >>> HLL_LG_K) > regs[c1 & mask]
                        | (c2 >>> HLL_LG_K) > regs[c2 & mask] | (c3 >>> HLL_LG_K) > regs[c3 & mask]) {
                    offerCoupon(regs, v[i] + 0.0, c0);
                    offerCoupon(regs, v[i + 1] + 0.0, c1);
                    offerCoupon(regs, v[i + 2] + 0.0, c2);
                    offerCoupon(regs, v[i + 3] + 0.0, c3);
                }
            }
            for (; i < to; i++) {
                double x = v[i] + 0.0;
                offerCoupon(regs, x, coupon(Double.doubleToRawLongBits(x)));
            }
        }

        /**
         * As {@link #distinctByRegister}, but a value {@code k / 100.0} with {@code |k| < GRID_HALF} is offered
         * only the first time ({@code x == rint(100 x) / 100} holds for exactly one double per {@code k});
         * returns how many present values were off that grid.
         */
        private int distinctByRegisterOnGrid(double[] v, int from, int to) {
            long[] seen = grid;
            byte[] regs = registers;
            int off = 0;
            for (int i = from; i < to; i++) {
                double x = v[i] + 0.0;
                if (x != x) {
                    continue;
                }
                double r = Math.rint(x * 100);
                if (Math.abs(r) < GRID_HALF && isHundredths(x, r)) {
                    int k = (int) r + GRID_HALF;
                    long bit = 1L << k;
                    if ((seen[k >>> 6] & bit) != 0) {
                        continue;
                    }
                    seen[k >>> 6] |= bit;
                } else {
                    off++;
                }
                offerCoupon(regs, x);
            }
            return off;
        }

        /**
         * @return whether {@code x == r / 100} for a whole {@code r} with {@code |r| < 2^15}, without the
         *     division: {@code x} is the double nearest {@code r / 100} exactly when {@code |100 x - r|}, which
         *     the fused multiply-add computes exactly (a small multiple of {@code ulp(x)}), is below
         *     {@code 50 ulp(x)} (no tie can occur, and no such {@code r / 100} lies within an ulp of a power of
         *     two it is not equal to); for zero and subnormal {@code x} the bound is negative and only
         *     {@code 100 x == r} holds
         */
        static boolean isHundredths(double x, double r) {
            double e = Math.abs(Math.fma(x, 100, -r));
            double fiftyUlps = 50 * Double.longBitsToDouble((Double.doubleToRawLongBits(x) & EXPONENT_BITS) - (52L << 52));
            return e < fiftyUlps || e == 0;
        }

        /** As {@link #distinctByRegister}, but skips values that repeat a recent one; returns how many it skipped. */
        private int distinctByRegisterSkippingRecent(double[] v, int from, int to) {
            byte[] regs = registers;
            long[] seen = recent;
            int hits = 0;
            for (int i = from; i < to; i++) {
                double x = v[i] + 0.0;
                if (x != x) {
                    continue;
                }
                long bits = Double.doubleToRawLongBits(x);
                int slot = (int) ((bits * 0x9E3779B97F4A7C15L) >>> 54);
                if (seen[slot] == ~bits) {
                    hits++;
                } else {
                    seen[slot] = ~bits;
                    offerCoupon(regs, x);
                }
            }
            return hits;
        }

        private void offerCoupon(byte[] regs, double x) {
            offerCoupon(regs, x, coupon(Double.doubleToRawLongBits(x)));
        }

        /** Updates the sketch with {@code x}, whose coupon is {@code c}, when it raises its register. */
        private void offerCoupon(byte[] regs, double x, int c) {
            int reg = c & ((1 << HLL_LG_K) - 1);
            int value = c >>> HLL_LG_K;
            if (value > regs[reg]) {
                regs[reg] = (byte) value;
                hll.update(x);
            }
        }

        /**
         * @return the register (low {@link #HLL_LG_K} bits) and, above it, the value {@link HllSketch#update(double)}
         *     would offer for a value with these bits: from the MurmurHash3 x64-128 of the one long (seed
         *     {@link #HLL_SEED}), the register from the low half, the value from the leading zeros of the high half
         */
        private static int coupon(long bits) {
            long h1 = HLL_SEED ^ mixK1(bits) ^ Long.BYTES;
            long h2 = HLL_SEED ^ Long.BYTES;
            h1 += h2;
            h2 += h1;
            h1 = fmix64(h1);
            h2 = fmix64(h2);
            h1 += h2;
            h2 += h1;
            return (Math.min(Long.numberOfLeadingZeros(h2), 62) + 1) << HLL_LG_K | (int) h1 & ((1 << HLL_LG_K) - 1);
        }

        private static long mixK1(long k1) {
            k1 *= 0x87c37b91114253d5L;
            k1 = Long.rotateLeft(k1, 31);
            return k1 * 0x4cf5ad432745937fL;
        }

        private static long fmix64(long k) {
            k ^= k >>> 33;
            k *= 0xff51afd7ed558ccdL;
            k ^= k >>> 33;
            k *= 0xc4ceb9fe1a85ec53L;
            return k ^ (k >>> 33);
        }

        private KllDoublesSketch level(int j) {
            while (levels.size() <= j) {
                levels.add(KllDoublesSketch.newHeapInstance(K));
            }
            return levels.get(j);
        }

        /** @return the profile of everything added so far; the accumulator must not be used afterwards */
        public NumericProfile build() {
            flush();
            return new NumericProfile(column, count, missing, min, max, mean, m2, hll,
                    levels.toArray(new KllDoublesSketch[0]));
        }
    }
}
