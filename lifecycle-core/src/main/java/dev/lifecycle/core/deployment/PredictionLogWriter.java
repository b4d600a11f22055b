package dev.lifecycle.core.deployment;

import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.model.Prediction;
import dev.lifecycle.api.store.ObjectId;
import dev.lifecycle.api.store.Store;
import dev.lifecycle.core.deployment.internal.Hashing;
import dev.lifecycle.core.deployment.internal.LogRecord;
import dev.lifecycle.core.deployment.internal.LogSegment;
import dev.lifecycle.core.internal.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The asynchronous writer of one deployment's prediction log: a bounded queue drained by one daemon
 * thread into segments (store objects) indexed by refs {@code deployments/<name>/log/<sequence>}.
 */
final class PredictionLogWriter {
    private final Store store;
    private final String deployment;
    private final String prefix;
    private final String actor;
    private final PredictionLogOptions options;
    private final ArrayBlockingQueue<Object> queue;
    private final LongAdder dropped = new LongAdder();
    private final AtomicLong written = new AtomicLong();
    private final long baseMillis;
    private final long baseNanos;
    private final Thread thread;
    private volatile RuntimeException failure;
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
        this.prefix = "deployments/" + deployment + "/log/";
        this.actor = actor;
        this.options = options;
        this.queue = new ArrayBlockingQueue<>(options.capacity);
        this.baseMillis = baseMillis;
        this.baseNanos = System.nanoTime();
        long last = -1;
        for (String ref : store.refs(prefix).keySet()) {
            try {
                last = Math.max(last, Long.parseLong(ref.substring(prefix.length())));
            } catch (NumberFormatException e) {
                // not a segment ref
            }
        }
        this.nextSegment = last + 1;
        this.thread = new Thread(this::run, "lifecycle-log-" + deployment);
        thread.setDaemon(true);
        thread.start();
    }

    void log(Served s) {
        if (options.whenFull == PredictionLogOptions.WhenFull.DROP) {
            if (!queue.offer(s)) {
                dropped.increment();
            }
            return;
        }
        boolean interrupted = false;
        while (true) {
            try {
                queue.put(s);
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    long dropped() {
        return dropped.sum();
    }

    long written() {
        return written.get();
    }

    /** Blocks until every entry queued before the call is in the store. */
    void flush() {
        await(new Marker(false));
    }

    /** Writes what is queued and stops the writer. */
    void close() {
        if (thread.isAlive()) {
            await(new Marker(true));
        }
    }

    private void await(Marker m) {
        boolean interrupted = false;
        while (true) {
            try {
                if (!thread.isAlive()) {
                    break;
                }
                if (queue.offer(m, 100, TimeUnit.MILLISECONDS)) {
                    while (!m.done.await(100, TimeUnit.MILLISECONDS)) {
                        if (!thread.isAlive()) {
                            break;
                        }
                    }
                    break;
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        RuntimeException f = failure;
        if (f != null) {
            throw new IllegalStateException("The prediction log of deployment " + deployment
                    + " could not be written: " + f.getMessage(), f);
        }
    }

    private void run() {
        List<Served> pending = new ArrayList<>();
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
                queue.drainTo(batch, options.segmentSize);
            }
            for (Object o : batch) {
                if (o instanceof Served s) {
                    if (pending.isEmpty()) {
                        oldest = System.nanoTime();
                    }
                    pending.add(s);
                    if (pending.size() >= options.segmentSize) {
                        write(pending);
                    }
                } else {
                    Marker m = (Marker) o;
                    write(pending);
                    m.done.countDown();
                    if (m.stop) {
                        return;
                    }
                }
            }
            batch.clear();
            if (!pending.isEmpty() && System.nanoTime() - oldest >= options.maxDelayMillis * 1_000_000) {
                write(pending);
            }
        }
    }

    private void write(List<Served> pending) {
        if (pending.isEmpty()) {
            return;
        }
        try {
            List<LogRecord> records = new ArrayList<>(pending.size());
            for (Served s : pending) {
                records.add(record(s));
            }
            while (true) {
                long seq = nextSegment++;
                ObjectId id = store.put(Json.write(new LogSegment(deployment, seq, records)));
                String ref = prefix + String.format("%012d", seq);
                if (store.compareAndSet(ref, null, id.hex(), actor, "log " + records.size() + " predictions")) {
                    break;
                }
            }
            written.addAndGet(records.size());
        } catch (RuntimeException e) {
            failure = e;
            dropped.add(pending.size());
        } finally {
            pending.clear();
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
