package dev.lifecycle.core.data.internal;

import java.util.Arrays;
import org.apache.datasketches.kll.KllDoublesSketch;

/**
 * Feeds batches of values to a KLL sketch in nearly ascending order. A KLL sketch's error bound holds
 * for any order of its input, but DataSketches sorts each level-0 run before compacting it and merges
 * it into the level above, and on values in random order those sorts and merges mispredict most
 * branches. Two counting passes on the 22 key bits below the batch's common prefix (sign, exponent and
 * the leading mantissa bits for most data) cost less than those mispredictions; the order within a
 * bucket is left as it was, which the sketch's own sort handles cheaply. NaN is dropped, as
 * {@link KllDoublesSketch#update(double[], int, int)} would. Reused batch after batch; not thread-safe.
 */
public final class LevelFeeder {
    private static final int DIGIT_BITS = 11;
    private static final int RADIX = 1 << DIGIT_BITS;
    private long[] keys = new long[0];
    private long[] keysOut;
    private double[] out;
    private int[] counts;

    /** Updates the sketch with {@code values[0, n)} (NaN skipped), reordered; {@code values} is overwritten. */
    public void feed(KllDoublesSketch sketch, double[] values, int n) {
        if (keys.length < n) {
            keys = new long[n];
        }
        long[] k = keys;
        int m = 0;
        long and = -1;
        long or = 0;
        for (int i = 0; i < n; i++) {
            double x = values[i];
            if (x == x) {
                long bits = Double.doubleToRawLongBits(x);
                long key = bits ^ (bits >> 63 | Long.MIN_VALUE);
                k[m] = key;
                values[m++] = x;
                and &= key;
                or |= key;
            }
        }
        if (m == 0) {
            return;
        }
        int top = 64 - Long.numberOfLeadingZeros(and ^ or);
        if (top == 0 || m < 64) {
            sketch.update(values, 0, m);
            return;
        }
        if (out == null || out.length < m) {
            out = new double[keys.length];
            keysOut = new long[keys.length];
            counts = new int[RADIX];
        }
        int low = Math.max(0, top - 2 * DIGIT_BITS);
        double[] a = values;
        double[] b = out;
        long[] ka = k;
        long[] kb = keysOut;
        for (int shift = low; shift < top; shift += DIGIT_BITS) {
            if (pass(ka, a, kb, b, m, shift)) {
                double[] t = a;
                a = b;
                b = t;
                long[] tk = ka;
                ka = kb;
                kb = tk;
            }
        }
        sketch.update(a, 0, m);
    }

    /** One stable counting pass on the digit at {@code shift}; false (nothing moved) when all keys share it. */
    private boolean pass(long[] keysIn, double[] in, long[] keysTo, double[] to, int n, int shift) {
        int[] c = counts;
        Arrays.fill(c, 0);
        for (int i = 0; i < n; i++) {
            c[(int) (keysIn[i] >>> shift) & (RADIX - 1)]++;
        }
        if (c[(int) (keysIn[0] >>> shift) & (RADIX - 1)] == n) {
            return false;
        }
        int sum = 0;
        for (int d = 0; d < RADIX; d++) {
            int t = c[d];
            c[d] = sum;
            sum += t;
        }
        for (int i = 0; i < n; i++) {
            long key = keysIn[i];
            int at = c[(int) (key >>> shift) & (RADIX - 1)]++;
            keysTo[at] = key;
            to[at] = in[i];
        }
        return true;
    }
}
