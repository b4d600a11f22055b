package dev.lifecycle.core.model;

import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.model.Run;
import dev.lifecycle.api.model.RunStatus;
import dev.lifecycle.api.model.Trainer;
import dev.lifecycle.api.store.ObjectId;
import dev.lifecycle.api.store.Store;
import dev.lifecycle.core.internal.Json;
import dev.lifecycle.core.internal.MetricSegments;
import dev.lifecycle.core.internal.RefNames;
import dev.lifecycle.core.internal.RunDoc;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * A run in progress: log metrics, tags, inputs and artifacts, then {@link #finish()} or {@link #fail}.
 * Closing a run that was neither finished nor failed finishes it.
 *
 * <p>Metric logging is cheap: points are buffered in memory, column by column, and written as one
 * store object (a segment) per {@link #flush()} or whenever {@code flushEvery} points are buffered.
 * After {@code flush()} returns, every point logged before it is durable. Thread-safe.
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public final class ActiveRun implements AutoCloseable {
    private final Store store;
    private final Clock clock;
    private final String actor;
    private final int flushEvery;
    private final String recordRef;
    private final String metricsRef;
    private final Map<String, MetricSegments.Series> series = new HashMap<>();
    private final List<MetricSegments.Series> order = new ArrayList<>();
    private final Map<String, Double> last = new LinkedHashMap<>();
    private MetricSegments.Series lastSeries;
    private int buffered;
    private Run record;
    private ObjectId recordId;
    private ObjectId head;

    ActiveRun(Store store, Clock clock, String actor, int flushEvery, Run initial) {
        this.store = store;
        this.clock = clock;
        this.actor = actor;
        this.flushEvery = flushEvery;
        this.record = initial;
        this.recordRef = Experiments.recordRef(initial.id());
        this.metricsRef = Experiments.metricsRef(initial.id());
        writeRecord("start run " + initial.name());
    }

    /** @return the run id */
    public String id() {
        return record.id();
    }

    /** @return a snapshot of the run record (metric values as of the last flush) */
    public synchronized Run record() {
        return record;
    }

    /** Records the trainer's name, parameters and seed. */
    public synchronized ActiveRun trainer(Trainer trainer) {
        Objects.requireNonNull(trainer, "trainer");
        update(record.name(), trainer.name(), trainer.parameters(), trainer.seed(), record.inputs(), record.tags(),
                record.artifacts());
        return this;
    }

    /** Records a dataset version the run reads. */
    public synchronized ActiveRun input(DatasetVersion data) {
        List<String> inputs = new ArrayList<>(record.inputs());
        if (!inputs.contains(data.id())) {
            inputs.add(data.id());
        }
        update(record.name(), record.trainer(), record.parameters(), record.seed(), inputs, record.tags(),
                record.artifacts());
        return this;
    }

    /** Sets a tag (durable at the next flush or end). */
    public synchronized ActiveRun tag(String key, String value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        Map<String, String> tags = new LinkedHashMap<>(record.tags());
        tags.put(key, value);
        update(record.name(), record.trainer(), record.parameters(), record.seed(), record.inputs(), tags,
                record.artifacts());
        return this;
    }

    /**
     * Stores bytes as a named artifact of this run (e.g. a plot, a report).
     *
     * @return the store object holding them
     */
    public ObjectId artifact(String name, byte[] bytes) {
        RefNames.checkName(name, "artifact name");
        ObjectId id = store.put(bytes);
        synchronized (this) {
            Map<String, String> artifacts = new LinkedHashMap<>(record.artifacts());
            artifacts.put(name, id.hex());
            update(record.name(), record.trainer(), record.parameters(), record.seed(), record.inputs(), record.tags(),
                    artifacts);
        }
        return id;
    }

    /** Logs a metric value at the next step of that metric (0, 1, 2, ...). */
    public synchronized void log(String key, double value) {
        MetricSegments.Series s = series(key);
        append(s, s.nextStep, value);
    }

    /** Logs a metric value at a step (epoch, fold, iteration). */
    public synchronized void log(String key, double value, long step) {
        append(series(key), step, value);
    }

    private void append(MetricSegments.Series s, long step, double value) {
        ensureRunning();
        s.add(step, value, clock.millis());
        if (++buffered >= flushEvery) {
            writeSegment();
        }
    }

    private MetricSegments.Series series(String key) {
        MetricSegments.Series s = lastSeries;
        if (s != null && s.name.equals(key)) {
            return s;
        }
        s = series.get(key);
        if (s == null) {
            Objects.requireNonNull(key, "metric key");
            if (key.isBlank()) {
                throw new IllegalArgumentException("A metric key must not be blank");
            }
            s = new MetricSegments.Series(key);
            series.put(key, s);
            order.add(s);
        }
        lastSeries = s;
        return s;
    }

    /** Makes everything logged so far durable: buffered metric points and the run record. */
    public synchronized void flush() {
        writeSegment();
        if (!record.metrics().equals(last)) {
            record = copy(record.status(), record.ended(), record.failure(), record.tags(), record.artifacts());
        }
        writeRecord("update run " + record.name());
    }

    /** Ends the run as finished (idempotent once ended). */
    public synchronized void finish() {
        if (record.status() != RunStatus.RUNNING) {
            return;
        }
        writeSegment();
        record = copy(RunStatus.FINISHED, clock.instant(), null, record.tags(), record.artifacts());
        writeRecord("finish run " + record.name());
    }

    /** Ends the run as failed; a failed run is never chosen as a best run or a baseline. */
    public synchronized void fail(Throwable error) {
        if (record.status() != RunStatus.RUNNING) {
            return;
        }
        writeSegment();
        String why = error == null ? "failed" : error.getClass().getSimpleName() + ": " + error.getMessage();
        record = copy(RunStatus.FAILED, clock.instant(), why, record.tags(), record.artifacts());
        writeRecord("fail run " + record.name());
    }

    /** Finishes the run unless it already ended. */
    @Override
    public void close() {
        finish();
    }

    private void ensureRunning() {
        if (record.status() != RunStatus.RUNNING) {
            throw new IllegalStateException("Run " + record.id() + " (" + record.name() + ") has ended ("
                    + record.status() + "); start a new run to log more");
        }
    }

    private void update(String name, String trainer, Map<String, String> params, long seed, List<String> inputs,
            Map<String, String> tags, Map<String, String> artifacts) {
        ensureRunning();
        record = new Run(record.id(), name, record.parent(), trainer, params, seed, inputs, record.metrics(),
                artifacts, tags, record.environment(), record.status(), record.started(), record.ended(),
                record.failure());
    }

    private Run copy(RunStatus status, java.time.Instant ended, String failure, Map<String, String> tags,
            Map<String, String> artifacts) {
        return new Run(record.id(), record.name(), record.parent(), record.trainer(), record.parameters(),
                record.seed(), record.inputs(), last, artifacts, tags, record.environment(), status, record.started(),
                ended, failure);
    }

    private void writeSegment() {
        if (buffered == 0) {
            return;
        }
        List<MetricSegments.Series> used = new ArrayList<>();
        for (MetricSegments.Series s : order) {
            if (s.size() > 0) {
                used.add(s);
            }
        }
        while (true) {
            ObjectId segment = store.put(MetricSegments.encode(head, used));
            if (store.compareAndSet(metricsRef, head == null ? null : head.hex(), segment.hex(), actor,
                    "log metrics of run " + record.id())) {
                head = segment;
                break;
            }
            head = store.ref(metricsRef).map(ObjectId::new).orElse(null);
        }
        for (MetricSegments.Series s : used) {
            last.put(s.name, s.last());
            s.clear();
        }
        buffered = 0;
    }

    private void writeRecord(String reason) {
        ObjectId id = store.put(Json.writeStored(RunDoc.of(record)));
        if (id.equals(recordId)) {
            return;
        }
        while (!store.compareAndSet(recordRef, recordId == null ? null : recordId.hex(), id.hex(), actor, reason)) {
            recordId = store.ref(recordRef).map(ObjectId::new).orElse(null);
        }
        recordId = id;
    }
}
