package dev.lifecycle.core.data.internal;

import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.TgtHllType;

/**
 * The distinct-count part of a numeric column's profile: an HLL_8 sketch (lgK {@value #LG_K}) that ends
 * up exactly as if {@link HllSketch#update(double)} had been called with every present value, while most
 * values skip it. Before HLL mode a value that repeats a recent one is not offered again; in HLL mode a
 * value is offered only when it raises its register, found from the coupon the sketch would compute
 * (MurmurHash3 x64-128 of the value's bits, seed {@value #HLL_SEED}) compared with {@link #registers}, a
 * lower bound of the sketch's registers. Not thread-safe.
 */
public final class HllDistinct {
    /** The sketch's log2 of its number of registers. */
    public static final int LG_K = 12;
    /** DataSketches' default update seed, which {@link HllSketch#update(double)} hashes with. */
    private static final long HLL_SEED = 9001L;
    private static final int HLL_BYTES = HllSketch.getMaxUpdatableSerializationBytes(LG_K, TgtHllType.HLL_8);
    private static final int GRID_HALF = 1 << 15;
    private static final long EXPONENT_BITS = 0x7ff0_0000_0000_0000L;
    private final HllSketch hll = new HllSketch(LG_K, TgtHllType.HLL_8);
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

    /** @return the sketch (shared, not copied) */
    public HllSketch sketch() {
        return hll;
    }

    /**
     * Offers {@code v[from, to)}, NaN skipped.
     *
     * @param dense whether the block holds no NaN
     * @param anyPresent whether it holds a value that is not NaN
     */
    public void add(double[] v, int from, int to, boolean dense, boolean anyPresent) {
        if (hllMode) {
            distinctByRegister(v, from, to, dense);
        } else if (anyPresent) {
            distinctByValue(v, from, to);
            // once in HLL mode (it never leaves it) a value that cannot raise its register changes nothing;
            // in the list and set modes before it, every distinct coupon counts
            hllMode = hll.getUpdatableSerializationBytes() == HLL_BYTES;
            if (hllMode) {
                registers = new byte[1 << LG_K];
            }
        }
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
        int mask = (1 << LG_K) - 1;
        int i = from;
        for (int end = to - 3; i < end; i += 4) {
            int c0 = coupon(Double.doubleToRawLongBits(v[i] + 0.0));
            int c1 = coupon(Double.doubleToRawLongBits(v[i + 1] + 0.0));
            int c2 = coupon(Double.doubleToRawLongBits(v[i + 2] + 0.0));
            int c3 = coupon(Double.doubleToRawLongBits(v[i + 3] + 0.0));
            if ((c0 >>> LG_K) > regs[c0 & mask] | (c1 >>> LG_K) > regs[c1 & mask]
                    | (c2 >>> LG_K) > regs[c2 & mask] | (c3 >>> LG_K) > regs[c3 & mask]) {
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
    public static boolean isHundredths(double x, double r) {
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
        int reg = c & ((1 << LG_K) - 1);
        int value = c >>> LG_K;
        if (value > regs[reg]) {
            regs[reg] = (byte) value;
            hll.update(x);
        }
    }

    /**
     * @return the register (low {@link #LG_K} bits) and, above it, the value {@link HllSketch#update(double)}
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
        return (Math.min(Long.numberOfLeadingZeros(h2), 62) + 1) << LG_K | (int) h1 & ((1 << LG_K) - 1);
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

}
