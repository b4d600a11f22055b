package dev.lifecycle.core.data.internal;

/**
 * The distinct-count part of a numeric column's profile: a {@link DistinctSketch} that ends up exactly as
 * if every present value's {@link DistinctSketch#hash hash} had been offered to it, while many values skip
 * the hash. While the sketch is sparse a value that repeats a recent one is not offered again; once it is
 * dense (it never goes back) a value that repeats a recent one, or a hundredth already seen, cannot raise
 * a register either. Not thread-safe.
 */
public final class HllDistinct {
    private static final int GRID_HALF = 1 << 15;
    private static final long EXPONENT_BITS = 0x7ff0_0000_0000_0000L;
    private DistinctSketch sketch = new DistinctSketch();
    /** Complements of recently offered values' bits: the initial 0 stands for a NaN, which is never offered. */
    private final long[] recent = new long[1024];
    /** The sketch's registers once it is dense. */
    private byte[] registers;
    /**
     * While dense and most values are hundredths within {@link #GRID_HALF}/100 of zero (prices, whole
     * numbers): one bit per such value seen, so repeats skip the hash; null before, and after it fails.
     */
    private long[] grid;
    private boolean gridFailed;
    private boolean recentUseful = true;
    private int blocksSinceProbe;

    /** @return the sketch (shared, not copied) */
    public DistinctSketch sketch() {
        return sketch;
    }

    /** Goes on with a copy of the sketch, leaving the one {@link #sketch()} returned as it is. */
    public void detach() {
        sketch = sketch.copy();
        registers = sketch.registers();
    }

    /**
     * Offers {@code v[from, to)}, NaN skipped.
     *
     * @param dense whether the block holds no NaN
     * @param anyPresent whether it holds a value that is not NaN
     */
    public void add(double[] v, int from, int to, boolean dense, boolean anyPresent) {
        if (registers != null) {
            distinctByRegister(v, from, to, dense);
        } else if (anyPresent) {
            distinctByValue(v, from, to);
            registers = sketch.registers();
        }
    }

    /** Offers each present value to the sparse sketch unless it repeats one of the recent values. */
    private void distinctByValue(double[] v, int from, int to) {
        DistinctSketch s = sketch;
        long[] seen = recent;
        for (int i = from; i < to; i++) {
            double x = v[i] + 0.0;
            if (x == x) {
                long bits = Double.doubleToRawLongBits(x);
                int slot = (int) ((bits * 0x9E3779B97F4A7C15L) >>> 54);
                if (seen[slot] != ~bits) {
                    seen[slot] = ~bits;
                    s.offer(DistinctSketch.hash(x));
                }
            }
        }
    }

    /** Raises the dense sketch's registers with the present values, skipping what cannot raise one. */
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
        byte[] regs = registers;
        if (dense) {
            for (int i = from; i < to; i++) {
                DistinctSketch.offerDense(regs, DistinctSketch.hash(v[i] + 0.0));
            }
            return;
        }
        for (int i = from; i < to; i++) {
            double x = v[i] + 0.0;
            if (x == x) {
                DistinctSketch.offerDense(regs, DistinctSketch.hash(x));
            }
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
            DistinctSketch.offerDense(regs, DistinctSketch.hash(x));
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
                DistinctSketch.offerDense(regs, DistinctSketch.hash(x));
            }
        }
        return hits;
    }
}
