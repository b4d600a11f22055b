package dev.lifecycle.core.deployment;

import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.deployment.PredictionLogException;
import dev.lifecycle.api.model.Prediction;
import dev.lifecycle.api.store.ObjectId;
import dev.lifecycle.api.store.Store;
import dev.lifecycle.core.deployment.internal.FeedbackRecord;
import dev.lifecycle.core.deployment.internal.Hashing;
import dev.lifecycle.core.deployment.internal.LogRecord;
import dev.lifecycle.core.deployment.internal.LogSegment;
import dev.lifecycle.core.internal.Json;
import dev.lifecycle.core.internal.LogOnce;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The asynchronous writer of one deployment's prediction log: a bounded queue drained by one daemon
 * thread into segments (store objects) chained under refs {@code deployments/<name>/log-chains/<n>}.
 *
 * <p>When the store cannot write, the writer keeps the segment in hand and retries with backoff; it
 * takes nothing more from the queue meanwhile, so the queue fills and {@code predict} then drops and
 * counts (DROP), waits (BLOCK) or throws {@link PredictionLogException} (FAIL). Nothing is dropped
 * silently; when the store writes again, everything kept is written and {@link #flush} works again.
 */
final class PredictionLogWriter {
    private static final long MAX_BACKOFF_MILLIS = 1000;

    private final Store store;
    private final String deployment;
    private final String oldPrefix;
    private final String chainPrefix;
    private final String actor;
    private final PredictionLogOptions options;
    private final ArrayBlockingQueue<Object> queue;
    private final LongAdder dropped = new LongAdder();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong lost = new AtomicLong();
    private final LongAdder writeFailures = new LongAdder();
    private final LogOnce firstWriteFailure;
    private final long baseMillis;
    private final long baseNanos;
    private final Thread thread;
    private volatile RuntimeException failure;
    private volatile long stopDeadline = Long.MAX_VALUE;
    private long nextSegment;

    /** A request to write everything queued before it; {@code stop} also ends the writer. */
    private static final class Marker {
        final CountDownLatch done = new CountDownLatch(1);
        final boolean stop;

        Marker(boolean stop) {
            this.stop = stop;
        }
    }

    PredictionLogWriter(Store store, String deployment, String actor, long baseMillis, PredictionLogOptions options) {
        this.store = store;
        this.deployment = deployment;
        this.firstWriteFailure = new LogOnce(PredictionLogWriter.class, System.Logger.Level.WARNING,
                "Writing the prediction log of " + deployment + " failed; retrying with backoff, further failures"
                        + " are only counted (metrics().logDropped() counts records lost)");
        this.oldPrefix = "deployments/" + deployment + "/log/";
        this.chainPrefix = "deployments/" + deployment + "/log-chains/";
        this.actor = actor;
        this.options = options;
        this.queue = new ArrayBlockingQueue<>(options.capacity);
        this.baseMillis = baseMillis;
        this.baseNanos = System.nanoTime();
        long last = -1;
        for (String ref : store.refs(oldPrefix).keySet()) {
            try {
                last = Math.max(last, Long.parseLong(ref.substring(oldPrefix.length())));
            } catch (NumberFormatException e) {
                // not a segment ref
            }
        }
        this.nextSegment = Math.max(last + 1, lastChained() + 1);
        this.thread = new Thread(this::run, "lifecycle-log-" + deployment);
        thread.setDaemon(true);
        thread.start();
    }

    /** @return the sequence of the latest chained segment, or -1 */
    private long lastChained() {
        Map<String, String> chains = store.refs(chainPrefix);
        if (chains.isEmpty()) {
            return -1;
        }
        String head = chains.values().stream().reduce((a, b) -> b).orElseThrow();
        return Json.read(store.get(new ObjectId(head)), LogSegment.class).sequence();
    }

    void log(Served s) {
        enqueue(s);
    }

    /** Queues a label for the log, like a prediction. */
    void feedback(long id, String label, long timeMillis) {
        enqueue(new FeedbackRecord(id, label, timeMillis));
    }

    private void enqueue(Object entry) {
        switch (options.whenFull) {
            case DROP -> {
                if (!queue.offer(entry)) {
                    dropped.increment();
                }
            }
            case FAIL -> {
                if (!queue.offer(entry)) {
                    RuntimeException f = failure;
                    throw new PredictionLogException("The prediction log of deployment " + deployment + " is full ("
                            + options.capacity + " entries)" + (f == null ? ": the store writes slower than predictions"
                            + " arrive" : " because the store cannot write: " + f.getMessage())
                            + "; the prediction was not made", f);
                }
            }
            case BLOCK -> {
                boolean interrupted = false;
                while (true) {
                    try {
                        queue.put(entry);
                        break;
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
            default -> throw new IllegalStateException(options.whenFull.name());
        }
    }

    long dropped() {
        return dropped.sum();
    }

    long written() {
        return written.get();
    }

    /** @return failed attempts to write a segment (each retried) */
    long writeFailures() {
        return writeFailures.sum();
    }

    /**
     * Blocks until every entry queued before the call is in the store.
     *
     * @throws PredictionLogException when the store cannot write now (entries are kept and retried;
     *     call again once the store writes)
     */
    void flush() {
        Marker m = new Marker(false);
        long failuresBefore = writeFailures.sum();
        boolean interrupted = false;
        try {
            while (thread.isAlive()) {
                try {
                    if (m.done.getCount() == 0) {
                        return;
                    }
                    if (!queue.contains(m) && !queue.offer(m, 100, TimeUnit.MILLISECONDS)) {
                        throwIfFailing(failuresBefore);
                        continue;
                    }
                    while (!m.done.await(100, TimeUnit.MILLISECONDS)) {
                        throwIfFailing(failuresBefore);
                        if (!thread.isAlive()) {
                            break;
                        }
                    }
                    return;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Throws when a write tried after the flush began failed too (not merely one before it). */
    private void throwIfFailing(long failuresBefore) {
        RuntimeException f = failure;
        if (f != null && writeFailures.sum() > failuresBefore) {
            throw new PredictionLogException("The prediction log of deployment " + deployment + " cannot be written"
                    + " now: " + f.getMessage() + "; its entries are kept and retried, flush again once the store"
                    + " writes", f);
        }
    }

    /** Writes what is queued and stops the writer, retrying a failing store for the configured close timeout. */
    void close() {
        close(options.closeTimeoutMillis);
    }

    /**
     * Writes what is queued and stops the writer, retrying a failing store for at most {@code timeoutMillis}.
     *
     * @throws PredictionLogException naming how many entries could not be written
     */
    void close(long timeoutMillis) {
        stopDeadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        Marker m = new Marker(true);
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                if (queue.offer(m, 100, TimeUnit.MILLISECONDS)) {
                    break;
                }
                if (System.nanoTime() > stopDeadline) {
                    // the queue stays full because the store cannot write: give up what is queued
                    List<Object> rest = new ArrayList<>();
                    queue.drainTo(rest);
                    lost.addAndGet(rest.size());
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        try {
            thread.join(Math.max(1, timeoutMillis) + 2000);
        } catch (InterruptedException e) {
            interrupted = true;
        }
        if (thread.isAlive()) {
            thread.interrupt();
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        long n = lost.get();
        if (n > 0) {
            RuntimeException f = failure;
            throw new PredictionLogException("The prediction log of deployment " + deployment + " lost " + n
                    + " entries at close: the store could not write them"
                    + (f == null ? "" : " (" + f.getMessage() + ")"), f);
        }
    }

    private void run() {
        List<Served> pending = new ArrayList<>();
        List<FeedbackRecord> labels = new ArrayList<>();
        List<Object> batch = new ArrayList<>();
        long oldest = 0;
        while (true) {
            Object first;
            try {
                first = queue.poll(Math.max(1, options.maxDelayMillis / 2), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                continue;
            }
            if (first != null) {
                batch.add(first);
                queue.drainTo(batch, Math.max(0, options.segmentSize - pending.size() - labels.size()));
            }
            for (Object o : batch) {
                if (o instanceof Marker m) {
                    write(pending, labels);
                    m.done.countDown();
                    if (m.stop) {
                        return;
                    }
                    continue;
                }
                if (pending.isEmpty() && labels.isEmpty()) {
                    oldest = System.nanoTime();
                }
                if (o instanceof Served s) {
                    pending.add(s);
                } else {
                    labels.add((FeedbackRecord) o);
                }
                if (pending.size() + labels.size() >= options.segmentSize) {
                    write(pending, labels);
                }
            }
            batch.clear();
            if (pending.size() + labels.size() > 0 && System.nanoTime() - oldest >= options.maxDelayMillis * 1_000_000) {
                write(pending, labels);
            }
        }
    }

    /** Writes one segment, retrying while the store fails; gives up only when stopping past the deadline. */
    private void write(List<Served> pending, List<FeedbackRecord> labels) {
        if (pending.isEmpty() && labels.isEmpty()) {
            return;
        }
        List<LogRecord> records = new ArrayList<>(pending.size());
        for (Served s : pending) {
            records.add(record(s));
        }
        long backoff = 10;
        while (true) {
            try {
                writeSegment(records, List.copyOf(labels));
                written.addAndGet(records.size());
                failure = null;
                break;
            } catch (RuntimeException e) {
                failure = e;
                writeFailures.increment();
                firstWriteFailure.failed(e);
                if (System.nanoTime() > stopDeadline) {
                    lost.addAndGet(records.size() + labels.size());
                    break;
                }
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException ie) {
                    if (stopDeadline != Long.MAX_VALUE) {
                        lost.addAndGet(records.size() + labels.size());
                        break;
                    }
                }
                backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
            }
        }
        pending.clear();
        labels.clear();
    }

    private void writeSegment(List<LogRecord> records, List<FeedbackRecord> labels) {
        while (true) {
            long seq = nextSegment;
            String ref = chainPrefix + String.format("%012d", seq / LogSegment.CHAIN);
            Optional<String> head = store.ref(ref);
            if (head.isPresent()) {
                long headSeq = Json.read(store.get(new ObjectId(head.get())), LogSegment.class).sequence();
                if (headSeq >= seq) {
                    nextSegment = headSeq + 1; // another writer of this deployment got there first
                    continue;
                }
            }
            ObjectId id = store.put(Json.writeStored(new LogSegment(deployment, seq, records, labels.isEmpty() ? null : labels,
                    head.orElse(null))));
            if (store.compareAndSet(ref, head.orElse(null), id.hex(), actor,
                    "log " + records.size() + " predictions" + (labels.isEmpty() ? "" : " and " + labels.size()
                            + " labels"))) {
                nextSegment = seq + 1;
                return;
            }
        }
    }

    private LogRecord record(Served s) {
        Prediction p = s.prediction;
        Row row = s.row;
        Map<String, Object> input = null;
        if (!options.hashInputs) {
            input = new LinkedHashMap<>();
            for (int i = 0; i < row.size(); i++) {
                input.put(row.name(i), row.get(i));
            }
        }
        String hash = String.format("%016x", Hashing.hashRow(row));
        Double value = p.label() == null ? p.value() : null;
        long time = baseMillis + (s.startNanos - baseNanos) / 1_000_000;
        return new LogRecord(p.id(), p.model(), p.version(), s.arm.name, input, hash, p.label(), value,
                s.latencyNanos, time);
    }
}
