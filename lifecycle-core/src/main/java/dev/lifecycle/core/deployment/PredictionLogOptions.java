package dev.lifecycle.core.deployment;

import org.apiguardian.api.API;

/**
 * How a deployment keeps its prediction log: entries are queued in bounded memory and written by a
 * background thread to the store, in segments (immutable objects) indexed by refs
 * {@code deployments/<name>/log/<sequence>}. Immutable; every setter returns a copy.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public final class PredictionLogOptions {
    /** What {@code predict} does when the log queue is full. */
    @API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
    public enum WhenFull {
        /** Drop the entry and count it; {@code predict} never waits. */
        DROP,
        /** Wait for room; no entry is lost, at the cost of latency (and of waiting while the store cannot write). */
        BLOCK,
        /** Throw {@link dev.lifecycle.api.deployment.PredictionLogException} from {@code predict}; nothing is lost silently. */
        FAIL
    }

    private static final PredictionLogOptions DEFAULTS = new PredictionLogOptions(65_536, WhenFull.DROP, false, 4096,
            1000, 10_000);

    final int capacity;
    final WhenFull whenFull;
    final boolean hashInputs;
    final int segmentSize;
    final long maxDelayMillis;
    final long closeTimeoutMillis;

    private PredictionLogOptions(int capacity, WhenFull whenFull, boolean hashInputs, int segmentSize,
            long maxDelayMillis, long closeTimeoutMillis) {
        this.closeTimeoutMillis = closeTimeoutMillis;
        this.capacity = capacity;
        this.whenFull = whenFull;
        this.hashInputs = hashInputs;
        this.segmentSize = segmentSize;
        this.maxDelayMillis = maxDelayMillis;
    }

    /** @return the defaults: 65,536 queued entries, drop when full, full inputs, 4,096 entries a segment, 1 s delay */
    public static PredictionLogOptions defaults() {
        return DEFAULTS;
    }

    /** @return options with this queue capacity (entries held in memory before writing) */
    public PredictionLogOptions capacity(int entries) {
        if (entries < 1) {
            throw new IllegalArgumentException("The prediction log capacity must be at least 1 entry, got " + entries);
        }
        return new PredictionLogOptions(entries, whenFull, hashInputs, segmentSize, maxDelayMillis, closeTimeoutMillis);
    }

    /** @return options that drop and count entries when the queue is full */
    public PredictionLogOptions dropWhenFull() {
        return new PredictionLogOptions(capacity, WhenFull.DROP, hashInputs, segmentSize, maxDelayMillis, closeTimeoutMillis);
    }

    /** @return options that make {@code predict} wait when the queue is full */
    public PredictionLogOptions blockWhenFull() {
        return new PredictionLogOptions(capacity, WhenFull.BLOCK, hashInputs, segmentSize, maxDelayMillis, closeTimeoutMillis);
    }

    /** @return options that make {@code predict} throw a PredictionLogException when the queue is full */
    public PredictionLogOptions failWhenFull() {
        return new PredictionLogOptions(capacity, WhenFull.FAIL, hashInputs, segmentSize, maxDelayMillis,
                closeTimeoutMillis);
    }

    /**
     * @return options that let closing the deployment retry a store that cannot write for at most this
     *     long before giving up the queued entries (and saying how many, in the exception close throws)
     */
    public PredictionLogOptions closeTimeoutMillis(long millis) {
        if (millis < 0) {
            throw new IllegalArgumentException("The prediction log close timeout must not be negative, got " + millis);
        }
        return new PredictionLogOptions(capacity, whenFull, hashInputs, segmentSize, maxDelayMillis, millis);
    }

    /** @return options that store a 64-bit hash of each input instead of its values */
    public PredictionLogOptions hashInputs() {
        return new PredictionLogOptions(capacity, whenFull, true, segmentSize, maxDelayMillis, closeTimeoutMillis);
    }

    /** @return options that write a segment every {@code entries} entries (or sooner, see {@link #maxDelayMillis}) */
    public PredictionLogOptions segmentSize(int entries) {
        if (entries < 1) {
            throw new IllegalArgumentException("A prediction log segment must hold at least 1 entry, got " + entries);
        }
        return new PredictionLogOptions(capacity, whenFull, hashInputs, entries, maxDelayMillis, closeTimeoutMillis);
    }

    /** @return options that write queued entries at most this long after they were queued */
    public PredictionLogOptions maxDelayMillis(long millis) {
        if (millis < 1) {
            throw new IllegalArgumentException("The prediction log delay must be at least 1 ms, got " + millis);
        }
        return new PredictionLogOptions(capacity, whenFull, hashInputs, segmentSize, millis, closeTimeoutMillis);
    }

    @Override
    public String toString() {
        return "log(capacity " + capacity + ", " + whenFull.name().toLowerCase(java.util.Locale.ROOT) + " when full"
                + (hashInputs ? ", hashed inputs" : "") + ", segments of " + segmentSize + ")";
    }
}
