package dev.lifecycle.core.data.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.memory.Memory;

/**
 * The state of a numeric column's profile while values are added: exact count, missing count, min, max,
 * mean and sum of squared deviations (block by block, blocks combined with Chan et al.'s update), the
 * distinct count ({@link HllDistinct}), and the quantile levels: the first {@code levelSize} values go
 * into a KLL sketch, then level {@code j} takes one value chosen at random from each run of {@code 2^j}
 * values; levels are fed in nearly ascending batches ({@link LevelFeeder}). The sketches it hands out
 * ({@link #distinctSketch()}, {@link #levels()}) never change afterwards: the next add works on copies.
 * Not thread-safe.
 */
public final class NumericAccumulator {
    private static final int BLOCK = 4096;
    private final int k;
    private final int levelSize;
    private long count;
    private long missing;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;
    private double mean;
    private double m2;
    private final HllDistinct distinct = new HllDistinct();
    /** Values bound for the KLL sketch of level {@link #pendingLevel}, fed to it {@link #BLOCK} at a time. */
    private double[] pending;
    private int pendingSize;
    private int pendingLevel;
    private LevelFeeder feeder;
    private final List<KllDoublesSketch> levels = new ArrayList<>();
    private final SplittableRandom random = new SplittableRandom(0x5eed);
    private long offered;
    private long pick = -1;
    /** Whether the sketches were handed out since the last add. */
    private boolean handedOut;

    /**
     * @param k the KLL accuracy parameter of every level
     * @param levelSize values per quantile level
     */
    public NumericAccumulator(int k, int levelSize) {
        this.k = k;
        this.levelSize = levelSize;
    }

    /** Adds {@code values[from, to)} (bounds checked by the caller); NaN counts as missing. */
    public void addAll(double[] values, int from, int to) {
        if (handedOut) {
            distinct.detach();
            levels.replaceAll(NumericAccumulator::copy);
            handedOut = false;
        }
        for (int b = from; b < to; b += BLOCK) {
            int e = Math.min(to, b + BLOCK);
            block(values, b, e);
            sample(values, b, e);
        }
    }

    /** @return the number of present values */
    public long count() {
        return count;
    }

    /** @return the number of NaN values */
    public long missing() {
        return missing;
    }

    /** @return the smallest present value; +infinity when there is none */
    public double min() {
        return min;
    }

    /** @return the largest present value; -infinity when there is none */
    public double max() {
        return max;
    }

    /** @return the mean of the present values; 0 when there is none */
    public double mean() {
        return mean;
    }

    /** @return the sum of squared deviations from the mean */
    public double m2() {
        return m2;
    }

    /** @return the distinct-count sketch, which later adds leave alone */
    public DistinctSketch distinctSketch() {
        handedOut = true;
        return distinct.sketch();
    }

    /** @return the KLL sketch of each quantile level, every pending value fed first; later adds leave them alone */
    public KllDoublesSketch[] levels() {
        flush();
        handedOut = true;
        return levels.toArray(new KllDoublesSketch[0]);
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
        distinct.add(v, from, to, dense, n > 0);
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
            int j = 63 - Long.numberOfLeadingZeros(offered / levelSize + 1);
            long levelEnd = (long) levelSize * ((2L << j) - 1);
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

    /** @return an independent copy of a quantile level, or null for null */
    public static KllDoublesSketch copy(KllDoublesSketch s) {
        return s == null ? null : KllDoublesSketch.heapify(Memory.wrap(s.toByteArray()));
    }

    private KllDoublesSketch level(int j) {
        while (levels.size() <= j) {
            levels.add(KllDoublesSketch.newHeapInstance(k));
        }
        return levels.get(j);
    }

}
