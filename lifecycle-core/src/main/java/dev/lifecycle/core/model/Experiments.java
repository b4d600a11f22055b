package dev.lifecycle.core.model;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.lifecycle.api.NotFoundException;
import dev.lifecycle.api.model.MetricPoint;
import dev.lifecycle.api.model.Run;
import dev.lifecycle.api.model.RunStatus;
import dev.lifecycle.api.store.ObjectId;
import dev.lifecycle.api.store.Store;
import dev.lifecycle.core.internal.Context;
import dev.lifecycle.core.internal.Environment;
import dev.lifecycle.core.internal.Json;
import dev.lifecycle.core.internal.MetricSegments;
import dev.lifecycle.core.internal.RefNames;
import dev.lifecycle.core.internal.RunDoc;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.apiguardian.api.API;

/**
 * Experiment tracking: start runs, and find them again by name, tag, parent and metric order. Runs
 * live in the store under {@code runs/<id>/}: a JSON record (ref {@code record}) and a chain of metric
 * segments (ref {@code metrics}). Thread-safe.
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public final class Experiments {
    /** Default number of buffered metric points that triggers a segment write. */
    public static final int DEFAULT_FLUSH_EVERY = 1 << 18;

    private final Context ctx;
    private final Store store;
    private final int flushEvery;
    private final Cache<String, Run> records = Caffeine.newBuilder().maximumSize(10_000).recordStats().build();

    {
        dev.lifecycle.core.internal.MeterHooks.cache(this, "runs", records);
    }

    /** Created by {@code Lifecycle}. */
    Experiments(Context ctx) {
        this(ctx, DEFAULT_FLUSH_EVERY);
    }

    /**
     * @param flushEvery buffered metric points per segment written between explicit flushes (at least 1)
     */
    Experiments(Context ctx, int flushEvery) {
        if (flushEvery < 1) {
            throw new IllegalArgumentException("flushEvery must be at least 1, got " + flushEvery);
        }
        this.ctx = Objects.requireNonNull(ctx, "ctx");
        this.store = ctx.store();
        this.flushEvery = flushEvery;
    }

    /** Starts a top-level run; it is stored (as running) before this returns. */
    public ActiveRun start(String name) {
        return start(name, null);
    }

    /**
     * Starts a run as a child of another (e.g. a trial of a search).
     *
     * @param parentId the parent run id, or null for a top-level run
     */
    public ActiveRun start(String name, String parentId) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("A run name must not be blank");
        }
        if (parentId != null && store.ref(recordRef(parentId)).isEmpty()) {
            throw new NotFoundException("Parent run " + parentId + " does not exist");
        }
        String id = Long.toString(ctx.clock().millis(), 36) + "-"
                + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffffL);
        Run initial = new Run(id, name, parentId, null, Map.of(), 0L, List.of(), Map.of(), Map.of(), Map.of(),
                Environment.capture(), RunStatus.RUNNING, ctx.clock().instant(), null, null);
        return new ActiveRun(store, ctx.clock(), ctx.actor(), flushEvery, initial);
    }

    /**
     * @return the stored record of a run
     * @throws NotFoundException when there is no such run
     */
    public Run get(String runId) {
        Objects.requireNonNull(runId, "runId");
        String objectId = store.ref(recordRef(runId)).orElseThrow(() -> new NotFoundException("No run " + runId
                + " in this store; find runs with find(RunQuery.all())"));
        return load(objectId);
    }

    /** @return the logged points of one metric of a run, ordered by step (then by logging order) */
    public List<MetricPoint> metric(String runId, String key) {
        List<MetricPoint> out = points(runId, Objects.requireNonNull(key, "key"));
        out.sort(Comparator.comparingLong(MetricPoint::step));
        return out;
    }

    /** @return the names of the metrics a run logged (flushed ones) */
    public List<String> metricKeys(String runId) {
        List<String> keys = new ArrayList<>();
        for (byte[] segment : segments(runId)) {
            for (String k : MetricSegments.keys(segment)) {
                if (!keys.contains(k)) {
                    keys.add(k);
                }
            }
        }
        return keys;
    }

    /** @return the runs matching a query, newest first or in metric order */
    public List<Run> find(RunQuery q) {
        List<Run> out = new ArrayList<>();
        for (Map.Entry<String, String> e : store.refs("runs/").entrySet()) {
            if (!e.getKey().endsWith("/record")) {
                continue;
            }
            Run r = load(e.getValue());
            if ((q.name() == null || q.name().equals(r.name()))
                    && (q.status() == null || q.status() == r.status())
                    && (q.parent() == null || q.parent().equals(r.parent()))
                    && (q.tagKey() == null || (r.tags().containsKey(q.tagKey())
                            && (q.tagValue() == null || q.tagValue().equals(r.tags().get(q.tagKey())))))
                    && (q.metric() == null || r.metric(q.metric()).isPresent())) {
                out.add(r);
            }
        }
        Comparator<Run> order;
        if (q.metric() == null) {
            order = Comparator.comparing(Run::started).reversed();
        } else {
            Comparator<Run> byMetric = Comparator.comparingDouble(r -> r.metric(q.metric()).getAsDouble());
            order = q.descending() ? byMetric.reversed() : byMetric;
        }
        out.sort(order.thenComparing(Run::id));
        return out.size() > q.limit() ? List.copyOf(out.subList(0, q.limit())) : List.copyOf(out);
    }

    /**
     * @return the finished run with the best last value of a metric among runs matching the query;
     *     running and failed runs are never chosen
     */
    public Optional<Run> best(RunQuery q, String metricKey, boolean higherIsBetter) {
        List<Run> r = find(q.status(RunStatus.FINISHED).orderBy(metricKey, higherIsBetter).limit(1));
        return r.isEmpty() ? Optional.empty() : Optional.of(r.get(0));
    }

    /**
     * Attaches a stored evaluation to an ended run: its finite overall metrics become run metrics named
     * {@code <evaluationName>.<metric>} (so {@code RunQuery.orderBy("test.auc", true)} compares runs by them) and
     * the evaluation object becomes the artifact {@code evaluation.<evaluationName>}. Called by
     * {@code Lifecycle.track}.
     *
     * @throws IllegalStateException when the run is still running (log through its {@link ActiveRun})
     */
    public Run attachEvaluation(String runId, String evaluationName, ObjectId evaluation, Map<String, Double> metrics,
            String reason) {
        RefNames.checkName(evaluationName, "evaluation name");
        String ref = recordRef(runId);
        while (true) {
            String before = store.ref(ref).orElseThrow(() -> new NotFoundException("No run " + runId
                    + " in this store; find runs with find(RunQuery.all())"));
            Run r = load(before);
            if (r.status() == RunStatus.RUNNING) {
                throw new IllegalStateException("Run " + runId + " (" + r.name() + ") is still running; log the"
                        + " evaluation's metrics through its ActiveRun, or track the evaluation after it ends");
            }
            Map<String, Double> m = new java.util.LinkedHashMap<>(r.metrics());
            metrics.forEach((k, v) -> {
                if (v != null && Double.isFinite(v)) {
                    m.put(evaluationName + "." + k, v);
                }
            });
            Map<String, String> artifacts = new java.util.LinkedHashMap<>(r.artifacts());
            artifacts.put("evaluation." + evaluationName, evaluation.hex());
            Run next = new Run(r.id(), r.name(), r.parent(), r.trainer(), r.parameters(), r.seed(), r.inputs(), m,
                    artifacts, r.tags(), r.environment(), r.status(), r.started(), r.ended(), r.failure());
            ObjectId id = store.put(Json.write(RunDoc.of(next)));
            if (id.hex().equals(before) || store.compareAndSet(ref, before, id.hex(), ctx.actor(), reason)) {
                return next;
            }
        }
    }

    /** @return the evaluation tracked with a run under a name, read back from the store, if any */
    public Optional<dev.lifecycle.api.evaluation.Evaluation> evaluation(String runId, String evaluationName) {
        String id = get(runId).artifacts().get("evaluation." + evaluationName);
        return id == null ? Optional.empty() : Optional.of(dev.lifecycle.core.internal.StoredObjects.manifest(store,
                new ObjectId(id), dev.lifecycle.core.internal.EvaluationDoc.class, "evaluation " + evaluationName
                        + " of run " + runId).toEvaluation());
    }

    private List<MetricPoint> points(String runId, String key) {
        List<byte[]> chain = segments(runId);
        List<MetricPoint> out = new ArrayList<>();
        for (int i = chain.size() - 1; i >= 0; i--) {
            MetricSegments.decode(chain.get(i), key, out);
        }
        return out;
    }

    private List<byte[]> segments(String runId) {
        get(runId);
        List<byte[]> chain = new ArrayList<>();
        ObjectId at = store.ref(metricsRef(runId)).map(ObjectId::new).orElse(null);
        while (at != null) {
            byte[] segment = store.get(at);
            chain.add(segment);
            at = MetricSegments.previous(segment);
        }
        return chain;
    }

    private Run load(String objectId) {
        return records.get(objectId, k -> Json.read(store.get(new ObjectId(k)), RunDoc.class).toRun());
    }

    static String recordRef(String runId) {
        return "runs/" + runId + "/record";
    }

    static String metricsRef(String runId) {
        return "runs/" + runId + "/metrics";
    }
}
