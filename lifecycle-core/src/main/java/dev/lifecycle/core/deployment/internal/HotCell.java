package dev.lifecycle.core.deployment.internal;

import dev.lifecycle.api.data.Row;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * One stripe of a deployment's hot-path state: a block of request ids, a latency histogram, an error
 * count and input statistics. Shared by the threads that hash to the stripe, so every update is atomic;
 * the number of cells is fixed, whatever the number of threads that ever called.
 */
public final class HotCell {
    private volatile Block block = new Block(0, 0);
    private final LongSupplier blocks;
    private final int blockSize;
    private final AtomicLongArray histogram = new AtomicLongArray(LatencyHistogram.BUCKETS);
    private final LongAdder errors = new LongAdder();
    private final int[] hints;
    private final long[] count;
    private final double[] min;
    private final double[] max;
    private final double[] sum;

    /**
     * @param blocks hands out the first id of a fresh block of {@code blockSize} ids
     * @param features monitored numeric inputs
     */
    public HotCell(LongSupplier blocks, int blockSize, int features) {
        this.blocks = blocks;
        this.blockSize = blockSize;
        hints = new int[features];
        count = new long[features];
        min = new double[features];
        max = new double[features];
        sum = new double[features];
        Arrays.fill(min, Double.POSITIVE_INFINITY);
        Arrays.fill(max, Double.NEGATIVE_INFINITY);
    }

    /** @return a request id no other call of the deployment gets */
    public long nextId() {
        while (true) {
            Block b = block;
            long id = b.next.getAndIncrement();
            if (id < b.end) {
                return id;
            }
            synchronized (this) {
                if (block == b) {
                    long first = blocks.getAsLong();
                    block = new Block(first, first + blockSize);
                }
            }
        }
    }

    /** Counts one latency. */
    public void latency(long nanos) {
        histogram.incrementAndGet(LatencyHistogram.bucket(nanos));
    }

    /** Counts one failed call. */
    public void error() {
        errors.increment();
    }

    /** Adds the monitored numeric inputs of a row. */
    public synchronized void observe(Row row, String[] features) {
        for (int i = 0; i < features.length; i++) {
            int pos = hints[i];
            if (pos >= row.size() || !row.name(pos).equals(features[i])) {
                pos = row.indexOf(features[i]);
                if (pos < 0) {
                    continue;
                }
                hints[i] = pos;
            }
            if (row.isNumber(pos)) {
                double v = row.number(pos);
                if (v == v) {
                    count[i]++;
                    sum[i] += v;
                    min[i] = Math.min(min[i], v);
                    max[i] = Math.max(max[i], v);
                }
            }
        }
    }

    /** Adds this cell's histogram to {@code into}. */
    public void addHistogram(long[] into) {
        for (int b = 0; b < into.length; b++) {
            into[b] += histogram.get(b);
        }
    }

    /** @return failed calls */
    public long errors() {
        return errors.sum();
    }

    /** Adds this cell's input statistics to the arrays. */
    public synchronized void addInputs(long[] c, double[] lo, double[] hi, double[] s) {
        for (int i = 0; i < c.length; i++) {
            c[i] += count[i];
            lo[i] = Math.min(lo[i], min[i]);
            hi[i] = Math.max(hi[i], max[i]);
            s[i] += sum[i];
        }
    }

    private static final class Block {
        final AtomicLong next;
        final long end;

        Block(long first, long end) {
            this.next = new AtomicLong(first);
            this.end = end;
        }
    }
}
