package dev.lifecycle.core.deployment.internal;

/**
 * A log-bucketed latency histogram: 8 sub-buckets per power of two (relative error under 1/16 of the
 * value reported as the bucket midpoint). One instance per recording thread, so recording is a plain
 * array increment; snapshots merge the instances.
 */
public final class LatencyHistogram {
    private static final int SUB_BITS = 3;
    private static final int SUB = 1 << SUB_BITS;
    /** The number of buckets: values up to {@code 2^63}. */
    public static final int BUCKETS = (64 - SUB_BITS + 1) * SUB;

    private LatencyHistogram() {
    }

    /** @return the bucket of a non-negative value */
    public static int bucket(long v) {
        if (v < SUB) {
            return (int) Math.max(v, 0);
        }
        int exp = 63 - Long.numberOfLeadingZeros(v);
        int sub = (int) (v >>> (exp - SUB_BITS)) & (SUB - 1);
        return (exp - SUB_BITS + 1) * SUB + sub;
    }

    /** @return the smallest value of a bucket */
    public static long lowerBound(int bucket) {
        if (bucket < SUB) {
            return bucket;
        }
        int exp = bucket / SUB + SUB_BITS - 1;
        int sub = bucket % SUB;
        return (1L << exp) + ((long) sub << (exp - SUB_BITS));
    }

    /** @return a representative value (midpoint) of a bucket */
    public static long value(int bucket) {
        if (bucket < SUB) {
            return bucket;
        }
        long lo = lowerBound(bucket);
        int exp = bucket / SUB + SUB_BITS - 1;
        return lo + ((1L << (exp - SUB_BITS)) >>> 1);
    }

    /**
     * @param counts merged bucket counts
     * @param quantile in [0, 1]
     * @return the value at that quantile, 0 when empty
     */
    public static long quantile(long[] counts, double quantile) {
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        if (total == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(quantile * total));
        long seen = 0;
        for (int b = 0; b < counts.length; b++) {
            seen += counts[b];
            if (seen >= rank) {
                return value(b);
            }
        }
        return value(counts.length - 1);
    }
}
