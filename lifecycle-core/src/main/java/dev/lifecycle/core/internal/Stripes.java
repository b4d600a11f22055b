package dev.lifecycle.core.internal;

import java.util.function.IntFunction;

/**
 * A fixed number of per-stripe cells that hot paths update instead of per-thread state, so memory and
 * the cost of reading every cell do not grow with the number of threads that ever called (thread pools
 * churn, virtual threads are cheap). A thread always maps to the same stripe; threads sharing a stripe
 * must update its cell atomically (atomics or the cell's lock).
 *
 * @param <T> the cell type
 */
public final class Stripes<T> {
    /** Stripes at most, whatever the processor count. */
    public static final int MAX = 64;

    private final Object[] cells;
    private final int mask;

    /** @param cell makes the cell of stripe {@code i} */
    public Stripes(IntFunction<T> cell) {
        this(defaultCount(), cell);
    }

    /** @param count stripes (rounded up to a power of two, at most {@link #MAX}) */
    public Stripes(int count, IntFunction<T> cell) {
        int n = Math.min(MAX, Integer.highestOneBit(Math.max(1, count - 1)) << 1);
        this.cells = new Object[n];
        for (int i = 0; i < n; i++) {
            cells[i] = cell.apply(i);
        }
        this.mask = n - 1;
    }

    /** @return four stripes per processor, between 4 and {@link #MAX} */
    public static int defaultCount() {
        return Math.max(4, Math.min(MAX, 4 * Runtime.getRuntime().availableProcessors()));
    }

    /** @return the calling thread's stripe index */
    @SuppressWarnings("deprecation")
    public int index() {
        long h = Thread.currentThread().getId() * 0x9E3779B97F4A7C15L;
        return (int) (h >>> 40) & mask;
    }

    /** @return the calling thread's cell */
    @SuppressWarnings("unchecked")
    public T mine() {
        return (T) cells[index()];
    }

    /** @return the cell of stripe {@code i} (wrapping) */
    @SuppressWarnings("unchecked")
    public T get(int i) {
        return (T) cells[i & mask];
    }

    /** @return the number of stripes: fixed, whatever the number of threads */
    public int size() {
        return cells.length;
    }
}
