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
import dev.lifecycle.api.evaluation.Decision;
import dev.lifecycle.api.model.ModelVersion;
import dev.lifecycle.api.model.Prediction;
import dev.lifecycle.core.deployment.internal.LatencyHistogram;
import dev.lifecycle.core.internal.Context;
import dev.lifecycle.core.deployment.internal.HotCell;
import dev.lifecycle.core.internal.IdAllocator;
import dev.lifecycle.core.internal.IdLeases;
import dev.lifecycle.core.internal.LabelJoin;
import dev.lifecycle.core.internal.Stripes;
import dev.lifecycle.core.internal.RefNames;
import dev.lifecycle.core.internal.decision.SplitTrafficJudge;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * The in-process {@link Deployment}. Everything a request needs (arms, routing, shadow, rollout step)
 * sits in one immutable routing state behind a volatile reference: a request reads it once, so it
 * finishes on the version it started with, and every change (swap, rollout step, promotion,
 * rollback) replaces it atomically and is journaled with its reason under
 * {@code deployments/<name>/routing} (and {@code deployments/<name>/serving} when the primary
 * version changes).
 *
 * <p>The hot path takes no lock and allocates nothing beyond the model's own work and the returned
 * prediction: request ids come from blocks of ids leased in the store, and ids, latency histograms and
 * counters live in a fixed number of stripes (not per thread, so threads that come and go leave nothing). Prediction logging, shadow traffic and feedback tracking are bounded and cost
 * a null check when off.
 */
public final class InProcessDeployment implements Deployment {
    private static final int ID_BLOCK = 1024;
    private static final long ID_LEASE = 1L << 30;
    private static final int HISTORY = 64;

    private final Context ctx;
    private final String name;
    private final Rollout rollout;
    private final Function<String, DatasetVersion> datasets;
    private final long startNanos = System.nanoTime();
    private final IdAllocator ids;
    /** Hot-path state in a fixed number of stripes, not per thread: threads that come and go leave nothing. */
    private final Stripes<HotCell> cells;
    private final Map<String, Arm.Counters> armCounters = new ConcurrentHashMap<>();
    private final Map<Integer, Arm.Counters> versionCounters = new ConcurrentHashMap<>();
    private final Map<String, Imputer> imputers = new ConcurrentHashMap<>();
    private final InputPolicy.Kind inputKind;
    private final Arm fallback;
    private final boolean timeAll;
    private final LabelJoin<Served> join;
    /** How the last rollout ended, until the routing changes otherwise; null while none ended. */
    private volatile RolloutStatus.Phase ended;
    private volatile ModelVersion lastCandidate;
    private final PredictionLogWriter log;
    private final ShadowRunner shadows;
    private final Cache<CacheKey, Prediction> cache;
    private final String[] monitored;
    private final LongAdder imputed = new LongAdder();
    private final LongAdder fallbacks = new LongAdder();
    private final LongAdder cacheHits = new LongAdder();
    private final LongAdder feedbackLate = new LongAdder();
    private final LongAdder feedbackUnknown = new LongAdder();
    private final Deque<State> history = new ArrayDeque<>();
    private volatile State state;

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
        this.datasets = datasets;
        // ids come from ranges leased in the store, so no two deployments, runs or JVMs share one
        this.ids = new IdAllocator(new IdLeases(ctx.store(), ctx.clock(), ctx.actor()), "deployment " + name,
                ID_LEASE, ID_BLOCK);
        this.inputKind = r.inputPolicy.kind;
        this.timeAll = r.log != null;
        this.join = r.feedbackWindow > 0 ? LabelJoin.ofSize(r.feedbackWindow) : null;
        this.cache = r.cacheSize > 0 ? Caffeine.newBuilder().maximumSize(r.cacheSize).build() : null;
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
                case CANARY, PROGRESSIVE -> stepState(primary, candidate, shadowArm, new Plan(r.steps, 0,
                        new State(new Arm[] {arm("primary", primary)}, RoutingPolicy.single(), shadowArm, null),
                        r.gate));
                case SINGLE -> throw new AssertionError();
            };
        }
        this.state = initial;
        journal(initial, null, reason);
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
        State s = state;
        if (s.closed) {
            throw closed();
        }
        HotCell t = cells.mine();
        long id = t.nextId();
        Arm arm = s.arms.length == 1 ? s.arms[0] : s.arms[s.policy.route(row, id)];
        boolean timed = timeAll || t.tick();
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
        }
        after(s, t, served, row, out, latency, start);
        return out;
    }

    private void after(State s, HotCell t, Arm served, Row row, Prediction out, long latency, long start) {
        served.cumulative.predictions.increment();
        served.perVersion.predictions.increment();
        if (monitored != null) {
            t.observe(row, monitored);
        }
        if (s.shadow != null) {
            shadows.submit(s.shadow, row, out.id());
        }
        if (join != null || log != null) {
            Served rec = new Served(out, served, row, latency, start);
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
                Row fixed = imputers.get(arm.version.id()).apply(row);
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
        State s = state;
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
            after(s, t, arm, rows.get(i), p, each, start);
            out.add(p);
        }
        return out;
    }

    @Override
    public ModelVersion current() {
        return state.arms[0].version;
    }

    /** @return a description of the routing in force, as journaled */
    public String routing() {
        return state.description;
    }

    /** @return where the rollout stands, typed (read this rather than parsing {@link #routing()}) */
    public RolloutStatus rolloutStatus() {
        State s = state;
        if (s.closed) {
            return new RolloutStatus(RolloutStatus.Phase.CLOSED, s.arms[0].version, null, 0, 0, s.description);
        }
        if (s.plan != null) {
            return new RolloutStatus(RolloutStatus.Phase.IN_PROGRESS, s.arms[0].version, s.arms[1].version,
                    s.plan.step + 1, s.plan.steps.length, s.description);
        }
        RolloutStatus.Phase e = ended;
        if (e != null) {
            return new RolloutStatus(e, s.arms[0].version, lastCandidate, 0, 0, s.description);
        }
        return new RolloutStatus(s.arms.length > 1 ? RolloutStatus.Phase.SPLIT : RolloutStatus.Phase.SERVING,
                s.arms[0].version, s.arms.length > 1 ? s.arms[1].version : null, 0, 0, s.description);
    }

    @Override
    public synchronized ModelVersion swap(ModelVersion next, String reason) {
        Objects.requireNonNull(next, "next");
        State s = state;
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
        change(new State(arms, s.policy, s.shadow, s.plan), reason);
        ended = null;
        return before;
    }

    @Override
    public synchronized void rollback(String reason) {
        Objects.requireNonNull(reason, "reason");
        if (state.closed) {
            throw closed();
        }
        State previous = history.pollFirst();
        if (previous == null) {
            throw new IllegalStateException("Deployment " + name + " has no earlier routing to roll back to; it serves "
                    + state.description + " as deployed");
        }
        State before = state;
        state = previous;
        ended = null;
        journal(previous, before, "rollback: " + reason);
    }

    private void change(State next, String reason) {
        State before = state;
        history.addFirst(before);
        while (history.size() > HISTORY) {
            history.removeLast();
        }
        state = next;
        journal(next, before, reason);
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
                maybeJudge(a);
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

    private void maybeJudge(Arm a) {
        State s = state;
        if (s.plan == null || (a != s.arms[0] && a != s.arms[1])) {
            return;
        }
        if (!s.plan.judge.due(s.arms[0].stepLabelled.sum(), s.arms[1].stepLabelled.sum())) {
            return;
        }
        synchronized (this) {
            if (state == s && !s.closed) {
                judge(s);
            }
        }
    }

    /** Takes the step judge's look (see {@link StepGate}) and moves the rollout on a conclusive decision. */
    private void judge(State s) {
        StepGate gate = rollout.gate;
        Arm control = s.arms[0];
        Arm cand = s.arms[1];
        Decision d = s.plan.judge.offer(control.stepLabelled.sum(), control.stepCorrect.sum(),
                cand.stepLabelled.sum(), cand.stepCorrect.sum());
        if (d == null || d.verdict() == Decision.Verdict.CONTINUE) {
            return;
        }
        double c = control.stepAccuracy();
        double k = cand.stepAccuracy();
        String numbers = String.format(Locale.ROOT, "%s accuracy %.4f on %d labels vs %s %.4f on %d labels at %s; %s",
                cand.version.id(), k, cand.stepLabelled.sum(), control.version.id(), c, control.stepLabelled.sum(),
                s.policy.describe(), d.reason());
        if (d.verdict() == Decision.Verdict.ROLL_BACK || k < gate.minAccuracy()) {
            State base = s.plan.base;
            change(new State(fresh(base.arms), base.policy, base.shadow, null),
                    String.format(Locale.ROOT, "auto-rollback: gate failed (margin %+.4f, floor %.4f): %s",
                            gate.margin(), gate.minAccuracy(), numbers));
            ended = RolloutStatus.Phase.ROLLED_BACK;
            lastCandidate = cand.version;
            return;
        }
        Plan plan = s.plan;
        int nextStep = plan.step + 1;
        if (nextStep >= plan.steps.length) {
            change(new State(s.arms, s.policy, s.shadow, null), "gate passed, holding: " + numbers);
            ended = RolloutStatus.Phase.HOLDING;
            lastCandidate = cand.version;
        } else if (plan.steps[nextStep] >= 1.0) {
            prepare(cand.version);
            change(new State(new Arm[] {arm("primary", cand.version)}, RoutingPolicy.single(), s.shadow, null),
                    "promote: gate passed: " + numbers);
            ended = RolloutStatus.Phase.PROMOTED;
            lastCandidate = cand.version;
        } else {
            change(stepState(control.version, cand.version, s.shadow, new Plan(plan.steps, nextStep, plan.base,
                    gate)), "advance: gate passed: " + numbers);
        }
    }

    private Arm[] fresh(Arm[] arms) {
        Arm[] out = new Arm[arms.length];
        for (int i = 0; i < arms.length; i++) {
            out[i] = arm(arms[i].name, arms[i].version);
        }
        return out;
    }

    private State stepState(ModelVersion control, ModelVersion candidate, Arm shadow, Plan plan) {
        double share = plan.steps[plan.step];
        if (share >= 1.0) {
            return new State(new Arm[] {arm("primary", candidate)}, RoutingPolicy.single(), shadow, null);
        }
        return new State(new Arm[] {arm("primary", control), arm("canary", candidate)},
                Routing.canary(share, salt()), shadow, plan);
    }

    @Override
    public DeploymentMetrics metrics() {
        State s = state;
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
        long predictions = 0;
        for (Arm.Counters c : armCounters.values()) {
            ArmMetrics a = c.snapshot();
            arms.put(a.name(), a);
            if (!a.name().equals("shadow")) {
                predictions += a.predictions();
            }
        }
        Map<Integer, ArmMetrics> versions = new TreeMap<>();
        versionCounters.forEach((v, c) -> versions.put(v, c.snapshot()));
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
        synchronized (this) {
            State s = state;
            if (s.closed) {
                return;
            }
            state = new State(s.arms, s.policy, s.shadow, s.plan, true, s.description);
        }
        if (shadows != null) {
            shadows.close();
        }
        if (log != null) {
            log.close();
        }
    }

    /** @return whether {@link #close()} has been called */
    public boolean isClosed() {
        return state.closed;
    }

    private IllegalStateException closed() {
        return new IllegalStateException("Deployment " + name + " is closed; deploy again to serve");
    }

    private Arm arm(String armName, ModelVersion v) {
        return new Arm(armName, v, armCounters.computeIfAbsent(armName, Arm.Counters::new),
                versionCounters.computeIfAbsent(v.version(), n -> new Arm.Counters(name + "@" + n)));
    }

    /** Readies a version before it takes traffic: imputation fills when needed, then warm-up. */
    private void prepare(ModelVersion v) {
        DatasetVersion training = null;
        if (inputKind == InputPolicy.Kind.IMPUTE && !imputers.containsKey(v.id())) {
            training = training(v);
            if (training == null) {
                throw new IllegalStateException("Cannot impute inputs for " + v.id() + ": its training data "
                        + v.dataset() + " is not in this store; use InputPolicy.reject() or a fallback model");
            }
            imputers.put(v.id(), Imputer.of(v, training));
        }
        int n = rollout.warmUpPredictions;
        if (n == 0) {
            return;
        }
        List<Row> rows = rollout.warmUpRows;
        if (rows == null) {
            training = training != null ? training : training(v);
            if (training == null) {
                return;
            }
            rows = new ArrayList<>();
            String target = training.schema().target();
            for (int i = 0; i < Math.min(64, training.size()); i++) {
                Row r = training.row(i);
                rows.add(target == null ? r : r.without(target));
            }
            if (rows.isEmpty()) {
                return;
            }
        }
        for (int i = 0; i < n; i++) {
            Row r = rows.get(i % rows.size());
            try {
                v.model().predict(r);
            } catch (SchemaMismatchException e) {
                // a bad warm-up row says nothing about the model; the input policy handles such rows
            } catch (RuntimeException e) {
                throw new IllegalStateException("Model " + v.id() + " failed on warm-up row " + r
                        + " and must not take traffic: " + e, e);
            }
        }
    }

    private DatasetVersion training(ModelVersion v) {
        try {
            return v.dataset() == null ? null : datasets.apply(v.dataset());
        } catch (RuntimeException e) {
            return null;
        }
    }

    private void journal(State next, State before, String reason) {
        String why = reason == null ? "deploy" : reason;
        if (before == null || before.arms[0].version != next.arms[0].version) {
            cas("deployments/" + name + "/serving", Integer.toString(next.arms[0].number), why);
        }
        cas("deployments/" + name + "/routing", next.description, why);
    }

    private void cas(String ref, String value, String reason) {
        while (true) {
            String old = ctx.store().ref(ref).orElse(null);
            if (ctx.store().compareAndSet(ref, old, value, ctx.actor(), reason)) {
                return;
            }
        }
    }

    /** A swap must not make requests that the current version accepts fail. */
    private static void checkCompatible(ModelVersion current, ModelVersion next) {
        List<String> problems = new ArrayList<>();
        String firstFeature = null;
        for (Field f : next.signature().inputs()) {
            Field had = current.signature().inputs().stream().filter(c -> c.name().equals(f.name())).findFirst()
                    .orElse(null);
            if (had == null) {
                problems.add("'" + f.name() + "' is a new input");
            } else if (had.type() != f.type()) {
                problems.add("'" + f.name() + "' changes from " + had.type() + " to " + f.type());
            } else {
                continue;
            }
            firstFeature = firstFeature == null ? f.name() : firstFeature;
        }
        if (!problems.isEmpty()) {
            throw new SchemaMismatchException(firstFeature, "Cannot swap " + current.id() + " for " + next.id()
                    + ": requests that work now would fail: " + String.join("; ", problems));
        }
    }

    /** One immutable routing state: what a request reads, once. */
    private static final class State {
        final Arm[] arms;
        final RoutingPolicy policy;
        final Arm shadow;
        final Plan plan;
        final boolean closed;
        final String description;

        State(Arm[] arms, RoutingPolicy policy, Arm shadow, Plan plan) {
            this(arms, policy, shadow, plan, false, describe(arms, policy, shadow, plan));
        }

        State(Arm[] arms, RoutingPolicy policy, Arm shadow, Plan plan, boolean closed, String description) {
            this.arms = arms;
            this.policy = policy;
            this.shadow = shadow;
            this.plan = plan;
            this.closed = closed;
            this.description = description;
        }

        private static String describe(Arm[] arms, RoutingPolicy policy, Arm shadow, Plan plan) {
            StringBuilder sb = new StringBuilder(policy.describe());
            for (Arm a : arms) {
                sb.append(' ').append(a.name).append('=').append(a.version.id());
            }
            if (shadow != null) {
                sb.append(" shadow=").append(shadow.version.id());
            }
            if (plan != null) {
                sb.append(" step ").append(plan.step + 1).append('/').append(plan.steps.length);
            }
            return sb.toString();
        }
    }

    /** A canary or progressive rollout in progress, with the judge of its current step. */
    private static final class Plan {
        final double[] steps;
        final int step;
        final State base;
        /** Looks taken under the deployment's lock; {@code due} outside it is only a cheap hint. */
        final SplitTrafficJudge judge;

        Plan(double[] steps, int step, State base, StepGate gate) {
            this.steps = steps;
            this.step = step;
            this.base = base;
            this.judge = new SplitTrafficJudge(gate.effectiveRule(), gate.margin());
        }
    }

    /** Prediction-cache key: the input and the version that answers it. */
    private record CacheKey(Row row, int version) {
    }
}
