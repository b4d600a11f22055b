package dev.lifecycle.core.monitoring;

import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.model.Prediction;
import dev.lifecycle.core.internal.Stripes;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;

/**
 * The monitor's hot path: copies the monitored values of each served row into a chunk buffer of its
 * stripe (one of a fixed number, so threads that come and go leave nothing; a stripe is taken with one
 * compare-and-set, no sketch update) and hands a full chunk to the profiler. When the profiler refuses
 * it (it fell behind), the chunk is dropped (counted) and the stripe skips the next four chunks' worth
 * of rows, so monitoring degrades to sampling and never blocks the caller. Chunk arrays the profiler is
 * done with are {@link #recycle recycled}.
 */
final class ChunkCollector {
    private final String[] features;
    private final boolean[] numeric;
    private final int chunkRows;
    private final int oneIn;
    private final boolean keepRaw;
    private final Predicate<Chunk> handOff;
    private final Stripes<Local> locals;
    private final ConcurrentLinkedQueue<Chunk> spare = new ConcurrentLinkedQueue<>();
    private final LongAdder dropped = new LongAdder();

    /**
     * @param oneIn profile one row in this many on average (1: every row); the rows between are counted, not copied
     * @param keepRaw whether chunks keep the raw rows (for row sampling)
     * @param handOff takes a full chunk; false when it cannot (the chunk is then dropped)
     */
    ChunkCollector(String[] features, boolean[] numeric, int chunkRows, int oneIn, boolean keepRaw,
            Predicate<Chunk> handOff) {
        this.features = features;
        this.numeric = numeric;
        this.chunkRows = chunkRows;
        this.oneIn = oneIn;
        this.keepRaw = keepRaw;
        this.handOff = handOff;
        this.locals = new Stripes<>(i -> new Local(i));
    }

    /** Records one served row; never throws for odd rows (a missing or mistyped feature counts as missing). */
    void add(Row row, Prediction p, double confidence, long latencyNanos) {
        Local t = acquire();
        try {
            t.fill(row, p, confidence, latencyNanos);
        } finally {
            t.release();
        }
    }

    /** Records one predict call that threw. */
    void error() {
        Local t = acquire();
        t.errors++;
        t.release();
    }

    /** Gives a profiled chunk's arrays back for the hot path to fill again instead of allocating. */
    void recycle(Chunk c) {
        spare.offer(c);
    }

    int stripes() {
        return locals.size();
    }

    long dropped() {
        return dropped.sum();
    }

    /** Counts a chunk the profiler could not take after accepting it. */
    void countDropped() {
        dropped.increment();
    }

    /**
     * Locks the calling thread's stripe, or the next free one when another thread holds it: a thread that
     * has its stripe to itself always writes the same chunk buffer, so one producing thread is deterministic.
     */
    private Local acquire() {
        int i = locals.index();
        for (int k = 0; ; k++) {
            Local l = locals.get(i + k);
            if (l.tryLock()) {
                return l;
            }
            if (k >= locals.size()) {
                Thread.onSpinWait();
            }
        }
    }

    /** A full chunk handed to the profiler. */
    static final class Chunk {
        int rows;
        double[][] values;
        String[][] text;
        String[] predicted;
        Row[] raw;
        double confidence;
        long confidenceCount;
        long errors;
        double latency;
        long latencyCount;
        /** Rows served but left out of the profile by {@code oneIn} sampling. */
        long unprofiled;
    }

    /** One stripe's hot-path buffer, locked by the thread writing it. */
    private final class Local {
        private final AtomicBoolean lock = new AtomicBoolean();
        int n;
        int skip;
        /** Rows to count before the next profiled one ({@code oneIn} sampling). */
        int gap;
        long unprofiled;
        /** The seeded generator of the sampling gaps (xorshift). */
        long seed;
        final int[] hints = new int[features.length];
        final String[] seen = new String[features.length];
        double[][] values;
        String[][] text;
        String[] predicted;
        Row[] raw;
        double confidence;
        long confidenceCount;
        long errors;
        double latency;
        long latencyCount;

        Local(int stripe) {
            seed = 0x9E3779B97F4A7C15L * (stripe + 1);
            gap = nextGap();
            fresh();
        }

        /**
         * The rows until the next profiled one: uniform in [1, 2 * oneIn - 1], so one row in {@code oneIn} on
         * average without locking onto a period in the traffic (a fixed stride would).
         */
        private int nextGap() {
            if (oneIn == 1) {
                return 1;
            }
            long x = seed;
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            seed = x;
            return 1 + (int) ((x >>> 33) % (2L * oneIn - 1));
        }

        boolean tryLock() {
            return !lock.get() && lock.compareAndSet(false, true);
        }

        void release() {
            lock.setRelease(false);
        }

        void fill(Row row, Prediction p, double conf, long latencyNanos) {
            if (skip > 0) {
                // the profiler is behind: this stripe samples, skipping whole chunks rather than queueing them
                skip--;
                return;
            }
            if (p != null && conf == conf) {
                confidence += conf;
                confidenceCount++;
            }
            if (latencyNanos > 0) {
                latency += latencyNanos;
                latencyCount++;
            }
            if (--gap > 0) {
                unprofiled++;
                return;
            }
            gap = nextGap();
            int size = row.size();
            for (int i = 0; i < features.length; i++) {
                int pos = hints[i];
                if (pos >= size || !sameName(i, row.name(pos))) {
                    pos = row.indexOf(features[i]);
                    if (pos >= 0) {
                        hints[i] = pos;
                    }
                }
                if (numeric[i]) {
                    values[i][n] = pos >= 0 && row.isNumber(pos) ? row.number(pos) : Double.NaN;
                } else {
                    Object v = pos >= 0 ? row.get(pos) : null;
                    text[i][n] = v == null ? null : v.toString();
                }
            }
            predicted[n] = p != null ? p.label() : null;
            if (raw != null) {
                raw[n] = row;
            }
            n++;
            if (n == chunkRows) {
                Chunk c = take();
                if (!handOff.test(c)) {
                    dropped.increment();
                    skip = 4 * chunkRows;
                    spare.offer(c);
                }
            }
        }

        /**
         * Whether a row's column name is monitored feature {@code i}. Rows usually share their name strings,
         * so the instance that last matched is remembered and compared by identity before by content.
         */
        private boolean sameName(int i, String name) {
            if (name == seen[i]) {
                return true;
            }
            if (!name.equals(features[i])) {
                return false;
            }
            seen[i] = name;
            return true;
        }

        private void fresh() {
            Chunk reused = spare.poll();
            if (reused != null) {
                values = reused.values;
                text = reused.text;
                predicted = reused.predicted;
                raw = reused.raw;
                return;
            }
            values = new double[features.length][];
            text = new String[features.length][];
            for (int i = 0; i < features.length; i++) {
                if (numeric[i]) {
                    values[i] = new double[chunkRows];
                } else {
                    text[i] = new String[chunkRows];
                }
            }
            predicted = new String[chunkRows];
            raw = keepRaw ? new Row[chunkRows] : null;
        }

        private Chunk take() {
            Chunk c = new Chunk();
            c.rows = n;
            c.values = values;
            c.text = text;
            c.predicted = predicted;
            c.raw = raw;
            c.confidence = confidence;
            c.confidenceCount = confidenceCount;
            c.errors = errors;
            c.latency = latency;
            c.latencyCount = latencyCount;
            c.unprofiled = unprofiled;
            n = 0;
            unprofiled = 0;
            confidence = 0;
            confidenceCount = 0;
            errors = 0;
            latency = 0;
            latencyCount = 0;
            fresh();
            return c;
        }
    }
}
