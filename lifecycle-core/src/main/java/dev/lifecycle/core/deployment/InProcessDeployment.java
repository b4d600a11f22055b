package dev.lifecycle.core.deployment;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.data.Field;
import dev.lifecycle.api.data.FieldType;
import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.data.SchemaMismatchException;
import dev.lifecycle.api.deployment.ArmMetrics;
import dev.lifecycle.api.deployment.Deployment;
import dev.lifecycle.api.deployment.DeploymentMetrics;
import dev.lifecycle.api.deployment.FeatureStats;
import dev.lifecycle.api.deployment.FeedbackOutcome;
import dev.lifecycle.api.deployment.RoutingPolicy;
import dev.lifecycle.api.model.ModelVersion;
import dev.lifecycle.api.model.Prediction;
import dev.lifecycle.core.deployment.internal.LatencyHistogram;
import dev.lifecycle.core.internal.Context;
import dev.lifecycle.core.deployment.internal.HotCell;
import dev.lifecycle.core.internal.IdAllocator;
import dev.lifecycle.core.internal.LabelJoin;
import dev.lifecycle.core.internal.Stripes;
import dev.lifecycle.core.internal.RefNames;
import dev.lifecycle.core.deployment.RoutingTable.Plan;
import dev.lifecycle.core.deployment.RoutingTable.State;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import org.apiguardian.api.API;

/**
 * The in-process {@link Deployment}: the request path. Everything a request needs (arms, routing,
 * shadow, rollout step) sits in one immutable state of the {@link RoutingTable}: a request reads it
 * once, so it finishes on the version it started with, and every change (swap, rollout step,
 * promotion, rollback) replaces it atomically and is journaled with its reason. Labels joined by
 * {@link #feedback} feed the {@link RolloutController}, which judges canary and progressive steps,
 * splits and the shadow on its own executor, never on the request or feedback thread.
 *
 * <p>The hot path takes no lock and allocates nothing beyond the model's own work and the returned
 * prediction: request ids come from blocks of ids leased in the store, and ids, latency histograms and
 * counters live in a fixed number of stripes (not per thread, so threads that come and go leave nothing). Prediction logging, shadow traffic and feedback tracking are bounded and cost
 * a null check when off.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public final class InProcessDeployment implements Deployment {
    private static final int ID_BLOCK = 1024;

    private final Context ctx;
    private final String name;
    private final Rollout rollout;
    private final long startNanos = System.nanoTime();
    private final IdAllocator.Holder ids;
    /** Hot-path state in a fixed number of stripes, not per thread: threads that come and go leave nothing. */
    private final Stripes<HotCell> cells;
    private final RoutingTable table;
    private final RolloutController controller;
    private final GuardedPolicy userPolicy;
    private final Readiness readiness;
    private final InputPolicy.Kind inputKind;
    private final Arm fallback;
    private final boolean timeAll;
    private final LabelJoin<Served> join;
    private final PredictionLogWriter log;
    private final ShadowRunner shadows;
    private final Cache<CacheKey, Prediction> cache;
    private final String[] monitored;
    private final LongAdder imputed = new LongAdder();
    private final LongAdder fallbacks = new LongAdder();
    private final LongAdder cacheHits = new LongAdder();
    private final LongAdder feedbackLate = new LongAdder();
    private final LongAdder feedbackUnknown = new LongAdder();
    /** Called with every predict latency while a metrics binder is attached; null otherwise. */
    private volatile java.util.function.LongConsumer latencyObserver;

    static {
        dev.lifecycle.core.internal.MeterHooks.latencyHook((d, o) -> {
            if (!(d instanceof InProcessDeployment dep)) {
                return false;
            }
            synchronized (dep) {
                java.util.function.LongConsumer before = dep.latencyObserver;
                dep.latencyObserver = before == null ? o : before.andThen(o);
            }
            return true;
        });
    }

    /** Created by {@code Lifecycle.deploy(ModelVersion)}: serves one version, no warm-up, no log. */
    InProcessDeployment(Context ctx, ModelVersion initial, String reason) {
        this(ctx, Rollout.version(initial).warmUp(0), Objects.requireNonNull(initial, "initial"), null, null, null,
                id -> null, reason);
    }

    /**
     * Created by {@code Lifecycle.deploy(String, Rollout)} with the rollout's aliases resolved.
     *
     * @param datasets looks up a training dataset version by id (for warm-up rows and imputation)
     */
    static InProcessDeployment create(Context ctx, String modelName, Rollout rollout,
            Function<String, ModelVersion> aliases, Function<String, DatasetVersion> datasets, String reason) {
        Objects.requireNonNull(rollout, "rollout");
        ModelVersion primary = rollout.primary != null ? rollout.primary : aliases.apply(rollout.primaryAlias);
        ModelVersion candidate = rollout.candidate != null ? rollout.candidate
                : rollout.candidateAlias != null ? aliases.apply(rollout.candidateAlias) : null;
        ModelVersion shadow = rollout.shadow != null ? rollout.shadow
                : rollout.shadowAlias != null ? aliases.apply(rollout.shadowAlias) : null;
        InputPolicy p = rollout.inputPolicy;
        ModelVersion fallback = p.kind != InputPolicy.Kind.FALLBACK ? null
                : p.fallback != null ? p.fallback : aliases.apply(p.fallbackAlias);
        for (ModelVersion v : new ModelVersion[] {primary, candidate, shadow, fallback}) {
            if (v != null && !v.name().equals(modelName)) {
                throw new IllegalArgumentException("Deployment " + modelName + " cannot serve " + v.id()
                        + ", a version of another model; deploy it under its own name");
            }
        }
        return new InProcessDeployment(ctx, rollout, primary, candidate, shadow, fallback, datasets, reason);
    }

    private InProcessDeployment(Context ctx, Rollout r, ModelVersion primary, ModelVersion candidate,
            ModelVersion shadow, ModelVersion fallbackVersion, Function<String, DatasetVersion> datasets,
            String reason) {
        this.ctx = ctx;
        this.name = RefNames.checkName(primary.name(), "model name");
        this.rollout = r;
        this.readiness = new Readiness(r.inputPolicy.kind, r.warmUpPredictions, r.warmUpRows, datasets);
        this.table = new RoutingTable(ctx, name);
        this.userPolicy = r.policy == null ? null : new GuardedPolicy(r.policy, 2);
        this.controller = new RolloutController(name, table, r.gate, r.salt != null ? r.salt : name, this::prepare,
                r.mode == Rollout.Mode.AB || r.mode == Rollout.Mode.ROUTED, r.shadowGate, shadow != null,
                r.judgeExecutor, candidate != null || shadow != null);
        // ids from the Lifecycle's allocator (leased in the store): no two deployments, runs or JVMs share one
        this.ids = ctx.ids().holder("deployment " + name, ID_BLOCK);
        this.inputKind = r.inputPolicy.kind;
        this.timeAll = r.log != null;
        this.join = r.feedbackWindow > 0 ? LabelJoin.ofSize(r.feedbackWindow) : null;
        this.cache = r.cacheSize > 0 ? Caffeine.newBuilder().maximumSize(r.cacheSize).recordStats().build() : null;
        if (cache != null) {
            dev.lifecycle.core.internal.MeterHooks.cache(this, "predictions", cache);
        }
        List<String> numeric = new ArrayList<>();
        if (r.monitorInputs) {
            for (Field f : primary.signature().inputs()) {
                if (f.type() == FieldType.NUMERIC) {
                    numeric.add(f.name());
                }
            }
        }
        this.monitored = r.monitorInputs ? numeric.toArray(new String[0]) : null;
        int features = monitoredCount();
        this.cells = new Stripes<>(i -> new HotCell(ids::nextBlock, ID_BLOCK, features));
        if (fallbackVersion != null) {
            prepare(fallbackVersion);
            this.fallback = arm("fallback", fallbackVersion);
        } else {
            this.fallback = null;
        }
        this.log = r.log == null ? null
                : new PredictionLogWriter(ctx.store(), name, ctx.actor(), ctx.clock().millis(), r.log);
        Arm shadowArm = null;
        if (shadow != null) {
            prepare(shadow);
            shadowArm = arm("shadow", shadow);
            this.shadows = new ShadowRunner(name, r.shadowQueue, log);
        } else {
            this.shadows = null;
        }
        prepare(primary);
        State initial;
        if (candidate == null) {
            initial = new State(new Arm[] {arm("primary", primary)}, RoutingPolicy.single(), shadowArm, null);
        } else {
            checkCompatible(primary, candidate);
            prepare(candidate);
            initial = switch (r.mode) {
                case AB -> new State(new Arm[] {arm("a", primary), arm("b", candidate)},
                        Routing.sticky(r.abKey, salt(), 1 - r.steps[0], r.steps[0]), shadowArm, null);
                case ROUTED -> new State(new Arm[] {arm("a", primary), arm("b", candidate)}, userPolicy, shadowArm,
                        null);
                case CANARY, PROGRESSIVE -> controller.stepState(primary, candidate, shadowArm, new Plan(r.steps, 0,
                        new State(new Arm[] {arm("primary", primary)}, RoutingPolicy.single(), shadowArm, null),
                        r.gate));
                case SINGLE -> throw new AssertionError();
            };
        }
        table.install(initial, reason);
    }

    private String salt() {
        return rollout.salt != null ? rollout.salt : name;
    }

    private int monitoredCount() {
        return monitored == null ? 0 : monitored.length;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Prediction predict(Row row) {
        State s = table.state();
        if (s.closed) {
            throw closed();
        }
        HotCell t = cells.mine();
        long id = t.nextId();
        Arm arm = s.arms.length == 1 ? s.arms[0] : s.arms[s.policy.route(row, id)];
        java.util.function.LongConsumer observer = latencyObserver;
        // one call in eight by id: ids are the stripe's own, so choosing needs no write to shared state
        boolean timed = timeAll || observer != null || (id & 7) == 0;
        long start = timed ? System.nanoTime() : 0L;
        Arm served = arm;
        Prediction out;
        try {
            if (cache == null) {
                out = arm.model.predict(row).attributed(id, name, arm.number);
            } else {
                out = cached(arm, row, id);
            }
        } catch (SchemaMismatchException e) {
            if (inputKind == InputPolicy.Kind.REJECT) {
                t.error();
                throw e;
            }
            served = inputKind == InputPolicy.Kind.FALLBACK ? fallback : arm;
            out = recover(served, row, id, e, t);
        } catch (RuntimeException e) {
            t.error();
            throw e;
        }
        long latency = 0;
        if (timed) {
            latency = System.nanoTime() - start;
            t.latency(latency);
            if (observer != null) {
                observer.accept(latency);
            }
        }
        after(s, t, served, row, out, latency, start);
        return out;
    }

    /**
     * Explains how the primary version's model scores a row: per-feature contributions that add up to its
     * margin (Tree SHAP for XGBoost, coefficient × value for linear classifiers). Not counted, logged or
     * monitored as a prediction, and far slower than {@link #predict}: call it on request, off the hot path.
     *
     * @param label the label to explain, or null for the predicted one
     * @throws IllegalArgumentException when the model has no per-prediction explanation
     */
    public dev.lifecycle.core.tribuo.Explanation explain(Row row, String label) {
        State s = table.state();
        if (s.closed) {
            throw closed();
        }
        return dev.lifecycle.core.tribuo.Contributions.of(s.arms[0].version.model(), row, label);
    }

    private void after(State s, HotCell t, Arm served, Row row, Prediction out, long latency, long start) {
        served.cumulative.predictions.increment();
        served.perVersion.predictions.increment();
        if (monitored != null) {
            t.observe(row, monitored);
        }
        Served rec = join != null || log != null ? new Served(out, served, row, latency, start) : null;
        if (s.shadow != null) {
            shadows.submit(s.shadow, row, out.id(), join != null ? rec : null);
        }
        if (rec != null) {
            if (join != null) {
                join.offer(out.id(), rec, 0L);
            }
            if (log != null) {
                log.log(rec);
            }
        }
    }

    private Prediction cached(Arm arm, Row row, long id) {
        CacheKey key = new CacheKey(row, arm.number);
        Prediction hit = cache.getIfPresent(key);
        if (hit != null) {
            cacheHits.increment();
            return hit.attributed(id, name, arm.number);
        }
        Prediction out = arm.model.predict(row).attributed(id, name, arm.number);
        cache.put(key, out);
        return out;
    }

    private Prediction recover(Arm arm, Row row, long id, SchemaMismatchException e, HotCell t) {
        try {
            if (inputKind == InputPolicy.Kind.IMPUTE) {
                Row fixed = readiness.imputer(arm.version).apply(row);
                Prediction p = arm.model.predict(fixed).attributed(id, name, arm.number);
                imputed.increment();
                return p;
            }
            Prediction p = arm.model.predict(row).attributed(id, name, arm.number);
            fallbacks.increment();
            return p;
        } catch (RuntimeException again) {
            t.error();
            e.addSuppressed(again);
            throw e;
        }
    }

    @Override
    public List<Prediction> predictAll(List<Row> rows) {
        State s = table.state();
        if (s.closed) {
            throw closed();
        }
        if (s.arms.length > 1 || cache != null || inputKind != InputPolicy.Kind.REJECT) {
            List<Prediction> out = new ArrayList<>(rows.size());
            for (Row r : rows) {
                out.add(predict(r));
            }
            return out;
        }
        HotCell t = cells.mine();
        Arm arm = s.arms[0];
        long start = System.nanoTime();
        List<Prediction> raw;
        try {
            raw = arm.model.predictAll(rows);
        } catch (RuntimeException e) {
            t.error();
            throw e;
        }
        long each = rows.isEmpty() ? 0 : (System.nanoTime() - start) / rows.size();
        List<Prediction> out = new ArrayList<>(raw.size());
        for (int i = 0; i < raw.size(); i++) {
            long id = t.nextId();
            Prediction p = raw.get(i).attributed(id, name, arm.number);
            t.latency(each);
            java.util.function.LongConsumer observer = latencyObserver;
            if (observer != null) {
                observer.accept(each);
            }
            after(s, t, arm, rows.get(i), p, each, start);
            out.add(p);
        }
        return out;
    }

    @Override
    public ModelVersion current() {
        return table.state().arms[0].version;
    }

    /** @return a description of the routing in force, as journaled */
    public String routing() {
        return table.state().description;
    }

    /** @return requests a user {@link RoutingPolicy} failed to route (threw or named no arm), served by arm 0 */
    public long routingFailures() {
        return userPolicy == null ? 0 : userPolicy.failures();
    }

    /**
     * Waits until the rollout controller has taken every look the labels joined so far made due (for
     * tests and replays; the controller judges on its own executor).
     */
    public void awaitJudged() {
        controller.awaitIdle();
    }

    /** @return where the rollout stands, typed (read this rather than parsing {@link #routing()}) */
    public RolloutStatus rolloutStatus() {
        return table.status();
    }

    @Override
    public ModelVersion swap(ModelVersion next, String reason) {
        Objects.requireNonNull(next, "next");
        synchronized (table) {
            State s = table.state();
            if (s.closed) {
                throw closed();
            }
            if (!next.name().equals(name)) {
                throw new IllegalArgumentException("Deployment " + name + " cannot serve " + next.id()
                        + ", a version of another model");
            }
            ModelVersion before = s.arms[0].version;
            checkCompatible(before, next);
            prepare(next);
            Arm[] arms = s.arms.clone();
            arms[0] = arm(s.arms[0].name, next);
            table.change(new State(arms, s.policy, s.shadow, s.plan), reason);
            return before;
        }
    }

    @Override
    public void rollback(String reason) {
        Objects.requireNonNull(reason, "reason");
        synchronized (table) {
            State s = table.state();
            if (s.closed) {
                throw closed();
            }
            if (!table.rollback(reason)) {
                throw new IllegalStateException("Deployment " + name + " has no earlier routing to roll back to; it"
                        + " serves " + s.description + " as deployed");
            }
        }
    }

    @Override
    public FeedbackOutcome feedback(long predictionId, String label) {
        Objects.requireNonNull(label, "label");
        if (log != null) {
            log.feedback(predictionId, label, ctx.clock().millis());
        }
        if (join != null) {
            Served s = join.take(predictionId);
            if (s != null) {
                State now = table.state();
                boolean correct = label.equals(s.prediction.label());
                Arm a = s.arm;
                for (Arm.Counters c : new Arm.Counters[] {a.cumulative, a.perVersion}) {
                    c.labelled.increment();
                    if (correct) {
                        c.correct.increment();
                    }
                }
                a.stepLabelled.increment();
                if (correct) {
                    a.stepCorrect.increment();
                }
                controller.labelled(now, a);
                String shadow = s.shadowLabel;
                if (shadow != null) {
                    controller.paired(correct, label.equals(shadow));
                }
                return FeedbackOutcome.JOINED;
            }
        }
        if (ids.issued(predictionId)) {
            feedbackLate.increment();
            return FeedbackOutcome.LATE;
        }
        feedbackUnknown.increment();
        return FeedbackOutcome.UNKNOWN;
    }

    @Override
    public DeploymentMetrics metrics() {
        State s = table.state();
        long[] hist = new long[LatencyHistogram.BUCKETS];
        long errors = 0;
        int m = monitoredCount();
        long[] count = new long[m];
        double[] min = new double[m];
        double[] max = new double[m];
        double[] sum = new double[m];
        java.util.Arrays.fill(min, Double.POSITIVE_INFINITY);
        java.util.Arrays.fill(max, Double.NEGATIVE_INFINITY);
        for (int c = 0; c < cells.size(); c++) {
            HotCell l = cells.get(c);
            l.addHistogram(hist);
            errors += l.errors();
            l.addInputs(count, min, max, sum);
        }
        long maxBucket = 0;
        for (int b = hist.length - 1; b >= 0; b--) {
            if (hist[b] > 0) {
                maxBucket = LatencyHistogram.value(b);
                break;
            }
        }
        Map<String, ArmMetrics> arms = new TreeMap<>();
        Map<Integer, ArmMetrics> versions = new TreeMap<>();
        table.snapshot(arms, versions);
        long predictions = 0;
        for (ArmMetrics a : arms.values()) {
            if (!a.name().equals("shadow")) {
                predictions += a.predictions();
            }
        }
        List<FeatureStats> features = new ArrayList<>(m);
        for (int i = 0; i < m; i++) {
            boolean any = count[i] > 0;
            features.add(new FeatureStats(monitored[i], count[i], any ? min[i] : Double.NaN,
                    any ? max[i] : Double.NaN, any ? sum[i] / count[i] : Double.NaN));
        }
        long nanos = System.nanoTime() - startNanos;
        return new DeploymentMetrics(name, s.description, Duration.ofNanos(nanos), predictions, errors,
                nanos == 0 ? 0 : predictions * 1e9 / nanos, LatencyHistogram.quantile(hist, 0.50),
                LatencyHistogram.quantile(hist, 0.99), maxBucket, arms, versions, imputed.sum(), fallbacks.sum(),
                cacheHits.sum(), shadows == null ? 0 : shadows.dropped(),
                shadows == null ? 0 : shadows.errors(), log == null ? 0 : log.written(),
                log == null ? 0 : log.dropped(), join == null ? 0 : join.joined(), feedbackLate.sum(), feedbackUnknown.sum(),
                features);
    }

    @Override
    public void flush() {
        if (log != null) {
            log.flush();
        }
    }

    @Override
    public void close() {
        if (!table.close()) {
            return;
        }
        controller.close();
        if (shadows != null) {
            shadows.close();
        }
        if (log != null) {
            log.close();
        }
    }

    /** @return whether {@link #close()} has been called */
    public boolean isClosed() {
        return table.state().closed;
    }

    private IllegalStateException closed() {
        return new IllegalStateException("Deployment " + name + " is closed; deploy again to serve");
    }

    private Arm arm(String armName, ModelVersion v) {
        return table.arm(armName, v);
    }

    private void prepare(ModelVersion v) {
        readiness.prepare(v);
    }

    private static void checkCompatible(ModelVersion current, ModelVersion next) {
        Readiness.checkCompatible(current, next);
    }

    /** Prediction-cache key: the input and the version that answers it. */
    private record CacheKey(Row row, int version) {
    }
}
