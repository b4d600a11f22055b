package dev.lifecycle.core.loop;

import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.deployment.Deployment;
import dev.lifecycle.api.evaluation.DecisionRule;
import dev.lifecycle.api.model.ModelVersion;
import dev.lifecycle.api.model.Prediction;
import dev.lifecycle.api.monitoring.Alert;
import dev.lifecycle.api.monitoring.AlertListener;
import dev.lifecycle.core.Lifecycle;
import dev.lifecycle.core.deployment.InProcessDeployment;
import dev.lifecycle.core.deployment.InputPolicy;
import dev.lifecycle.core.deployment.Rollout;
import dev.lifecycle.core.deployment.RolloutStatus;
import dev.lifecycle.core.deployment.StepGate;
import dev.lifecycle.core.internal.LabelJoin;
import dev.lifecycle.core.internal.LoopSnapshot;
import dev.lifecycle.core.model.Reweighting;
import dev.lifecycle.core.model.TrainerCatalog;
import dev.lifecycle.core.monitoring.Monitor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import org.apiguardian.api.API;

/**
 * The closed loop around one registered model: serves it, watches it, and retrains it when a
 * {@link Trigger} fires.
 *
 * <pre>{@code
 * Loop loop = Loop.builder(lc, "elec2-clf", "class")
 *         .trigger(Trigger.drift().or(Trigger.accuracyBelow(0.75, 500)).or(Trigger.everyLabelled(2000)))
 *         .history(2000, 5000).holdout(300).canary(0.5, 50, 0.02)
 *         .build();
 * Prediction p = loop.predict(row);
 * loop.feedback(p.id(), "1");            // later, when the truth is known
 * loop.iterations();                      // every retrain, gate decision, promotion, rollback and failure
 * }</pre>
 *
 * <p>An iteration: the labelled predictions (joined by {@link #feedback}) form the history; the latest
 * {@code holdout} of them are held out; for each history size a challenger is trained on the rows
 * before the held-out ones, as a new dataset version read with the champion's recipe (the schema its
 * training data was read with: types, category domains, column roles; never re-inferred, and a category
 * the window lacks stays known), with the champion's recorded trainer, parameters and seed (rebuilt from
 * the {@link TrainerCatalog}); the best challenger must beat the champion on the held-out rows; it is then
 * refitted on the latest rows (held-out ones included), rolled out as a canary with a live gate, and
 * promoted (alias {@code champion} moved, monitor rebased on its training profile) or rolled back. Every
 * step is recorded in {@link #iterations()} and the store ({@link #recorded}).
 *
 * <p>Iterations run on an executor (the host's, or one daemon thread the loop owns and stops on
 * {@link #close()}), never on the thread calling {@link #feedback}; a failed iteration is recorded with
 * its reason and raises a {@link dev.lifecycle.api.monitoring.AlertKind#RETRAIN_FAILED} alert, and the champion keeps serving. Rows
 * the serving model cannot take are answered by the input policy (default {@link InputPolicy#impute()}).
 * Prediction ids are the deployments' (leased in the store, so never issued twice, across restarts too).
 * Predictions waiting for a label are bounded by size and age; on close, those and the labelled window
 * are stored, and a loop built on the same store later joins their late labels.
 *
 * <p>A loop is built with {@link #builder}, not {@code lc.loop(...)}: the loop composes the Lifecycle (it
 * trains, registers, deploys and moves aliases through it), so an entry point on {@code Lifecycle} would
 * make the root and loop packages depend on each other.
 *
 * <p>Call {@link #predict} and {@link #feedback} from one thread (or synchronize). With a direct executor
 * ({@code Runnable::run}) iterations run inside {@code feedback} and a seeded run is deterministic.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public final class Loop implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Loop.class.getName());
    private static final int DRIFT_CHECK = 64;

    private final Lifecycle lc;
    private final String model;
    private final String target;
    private final Trigger trigger;
    private final int[] history;
    private final int holdout;
    private final double canaryShare;
    private final int canaryLabels;
    private final double canaryMaxDrop;
    private final DecisionRule rule;
    private final Monitor monitor;
    private final int feedbackWindow;
    private final InputPolicy inputPolicy;
    private final Executor executor;
    private final ExecutorService owned;
    private final Retrain retrain;
    private final LabelJoin<Pending> pending;
    private final LongAdder unknownLabels = new LongAdder();
    private final LiveEnsembles live;

    private final Object lock = new Object();
    /* guarded by lock */
    private final LabelledWindow window;
    private Retrain.Canary canary;
    private CompletableFuture<LoopIteration> running;
    private boolean closed;

    private volatile Deployment serving;

    private Loop(Builder b) {
        this.lc = b.lc;
        this.model = b.model;
        this.target = b.target;
        this.trigger = b.trigger;
        this.history = b.history;
        this.holdout = b.holdout;
        this.canaryShare = b.canaryShare;
        this.canaryLabels = b.canaryLabels;
        this.canaryMaxDrop = b.canaryMaxDrop;
        this.rule = b.rule;
        this.monitor = b.monitor;
        this.feedbackWindow = b.feedbackWindow;
        this.inputPolicy = b.inputPolicy;
        int max = 0;
        for (int h : history) {
            max = Math.max(max, h);
        }
        this.window = new LabelledWindow(max + holdout);
        this.pending = new LabelJoin<>(b.pendingSize, b.pendingAge.toMillis(), () -> lc.clock().millis());
        this.retrain = new Retrain(lc, model, target, history, holdout, minHistory(), b.refit,
                new HeldOutGate(b.rule, b.minImprovement, b.canaryShare > 0 || b.unlessWorse), b.catalog, b.monitor,
                b.listeners, this::served);
        this.live = b.reweighting == null ? null : new LiveEnsembles(b.reweighting);
        retrain.journal().load().ifPresent(this::restore);
        if (b.executor != null) {
            this.executor = b.executor;
            this.owned = null;
        } else {
            this.owned = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "lifecycle-loop-" + model);
                t.setDaemon(true);
                return t;
            });
            this.executor = owned;
        }
        this.serving = deploy(Rollout.version(served(retrain.champion(), null)));
        if (live != null) {
            live.replay(window.sinceRetrain(), target);
        }
    }

    /** @return the version as served: an ensemble re-weighted live when the builder asked for it */
    private ModelVersion served(ModelVersion v, ModelVersion basis) {
        return live == null ? v : live.serve(v, basis);
    }

    /**
     * Every iteration recorded in the store for a model, by any loop in any run or JVM, oldest first
     * (a canary's outcome is its own record). A new loop on the same model continues the numbering.
     */
    public static List<LoopIteration> recorded(Lifecycle lc, String modelName) {
        Objects.requireNonNull(modelName, "modelName");
        return LoopJournal.recorded(lc, modelName);
    }

    /**
     * @param lc the Lifecycle holding the model
     * @param modelName the registered model; its {@code champion} alias is the starting model
     * @param target the label column of the rows the loop trains on
     * @return a builder
     */
    public static Builder builder(Lifecycle lc, String modelName, String target) {
        return new Builder(Objects.requireNonNull(lc, "lc"), Objects.requireNonNull(modelName, "modelName"),
                Objects.requireNonNull(target, "target"));
    }

    private Deployment deploy(Rollout r) {
        // the canary's step gate is judged on the loop's executor: one owned thread, or the host's
        return lc.deploy(model, r.warmUp(0).feedbackWindow(feedbackWindow).inputPolicy(inputPolicy).judgeOn(executor));
    }

    /** @return the champion serving now (or serving the control arm of a canary) */
    public ModelVersion champion() {
        return retrain.champion();
    }

    /** @return the monitor, when one was given */
    public Optional<Monitor> monitor() {
        return Optional.ofNullable(monitor);
    }

    /**
     * @return the latest iterations of this loop (at most 1,024), oldest first (a canary's outcome is its
     *     own record); {@link #recorded} lists every one, of earlier loops on the model too
     */
    public List<LoopIteration> iterations() {
        return retrain.iterations();
    }

    /** @return iterations of this loop that ended in a promotion */
    public long promotions() {
        return retrain.iterations().stream().filter(i -> i.outcome() == LoopIteration.Outcome.PROMOTED).count();
    }

    /** @return the latest alerts this loop raised (failed iterations), oldest first */
    public List<Alert> alerts() {
        return retrain.alerts();
    }

    /** @return labels received so far (across restarts of the loop on a store) */
    public long labels() {
        synchronized (lock) {
            return window.labels();
        }
    }

    /** @return predictions waiting for a label now (bounded by the builder's {@code pendingLabels}) */
    public int waitingForLabels() {
        return pending.size();
    }

    /** @return predictions that left the label join unlabelled, pushed out by newer ones */
    public long evictedPredictions() {
        return pending.evicted();
    }

    /** @return labels that came after the age bound and were not joined */
    public long expiredLabels() {
        return pending.expired();
    }

    /** @return labels for ids the loop did not know (never issued, already joined, evicted or expired) */
    public long unknownLabels() {
        return unknownLabels.sum();
    }

    /** @return the labelled rows of the retraining window, oldest first (target included) */
    List<Row> labelledWindow() {
        synchronized (lock) {
            return window.rows();
        }
    }

    /** @return the deployment serving now (replaced by each canary; the loop closes the one it replaces) */
    public Deployment serving() {
        return serving;
    }

    /** Predicts one row; keep {@link Prediction#id()} to send its label to {@link #feedback}. */
    public Prediction predict(Row row) {
        Deployment d = serving;
        Prediction p;
        try {
            p = d.predict(row);
        } catch (IllegalStateException e) {
            if (d == serving) {
                throw e;
            }
            d = serving; // replaced and closed by an iteration while this call started: serve on the new one
            p = d.predict(row);
        }
        track(d, row, p);
        return p;
    }

    /** Predicts many rows with one batch call where the routing allows it. */
    public List<Prediction> predictAll(List<Row> rows) {
        Deployment d = serving;
        List<Prediction> out;
        try {
            out = d.predictAll(rows);
        } catch (IllegalStateException e) {
            if (d == serving) {
                throw e;
            }
            d = serving;
            out = d.predictAll(rows);
        }
        for (int i = 0; i < out.size(); i++) {
            track(d, rows.get(i), out.get(i));
        }
        return out;
    }

    private void track(Deployment d, Row row, Prediction p) {
        pending.offer(p.id(), new Pending(row, d, p.label()));
        if (monitor != null) {
            monitor.observe(row, p);
        }
    }

    /**
     * Joins the true label of a prediction made by this loop (in this run or, on a store, an earlier
     * one), then checks the canary and the triggers and hands an iteration to the executor when one
     * fires. Never throws because of a retrain.
     *
     * @return whether the prediction was known
     */
    public boolean feedback(long predictionId, String label) {
        Objects.requireNonNull(label, "label");
        Pending p = pending.take(predictionId);
        if (p == null) {
            unknownLabels.increment();
            return false;
        }
        if (p.deployment != null) {
            p.deployment.feedback(predictionId, label);
        }
        if (monitor != null) {
            monitor.feedback(predictionId, label);
        }
        if (live != null) {
            live.observe(p.row, label);
        }
        Job job = null;
        synchronized (lock) {
            if (closed) {
                return true;
            }
            window.add(p.row.with(target, label), label.equals(p.label));
            if (canary != null) {
                job = canaryJob();
            } else if (running == null) {
                if (monitor != null && window.labels() % DRIFT_CHECK == 0) {
                    window.collectDrift(monitor);
                }
                if (window.size() >= holdout + minHistory()) {
                    String reason = trigger.fire(window);
                    if (reason != null) {
                        job = iterationJob(reason);
                    }
                }
            }
        }
        if (job != null) {
            submit(job);
        }
        return true;
    }

    /** Called holding the lock: the canary's conclusion, once its rollout has settled. */
    private Job canaryJob() {
        if (!(serving instanceof InProcessDeployment d)) {
            return null;
        }
        RolloutStatus status = d.rolloutStatus();
        if (!status.settled() || running != null) {
            return null;
        }
        Retrain.Canary c = canary;
        canary = null;
        running = new CompletableFuture<>();
        return new Job(running, "canary of " + c.challenger().id(), () -> retrain.conclude(c, status, labels()));
    }

    /** Called holding the lock: an iteration on a snapshot of the labelled window. */
    private Job iterationJob(String reason) {
        long seen = window.labels();
        List<Row> rows = window.startRetrain();
        running = new CompletableFuture<>();
        return new Job(running, reason, () -> iterate(reason, rows, seen));
    }

    private void submit(Job job) {
        try {
            executor.execute(() -> run(job));
        } catch (RejectedExecutionException e) {
            run(new Job(job.done, job.reason, () -> retrain.failed(job.reason, labels(), e)));
        }
    }

    private void run(Job job) {
        LoopIteration out = null;
        try {
            out = job.work.get();
        } catch (RuntimeException | Error e) {
            try {
                out = retrain.failed(job.reason, labels(), e);
            } catch (RuntimeException again) {
                LOG.log(System.Logger.Level.ERROR, "Loop " + model + " could not record a failed iteration", again);
            }
        } finally {
            synchronized (lock) {
                running = null;
            }
            job.done.complete(out);
        }
    }

    private int minHistory() {
        int min = Integer.MAX_VALUE;
        for (int h : history) {
            min = Math.min(min, h);
        }
        return Math.min(min, 100);
    }

    /**
     * Runs one iteration now, whatever the triggers say, on the loop's executor, and waits for it.
     *
     * @return the iteration's record (outcome {@code FAILED} with the reason when it failed)
     * @throws IllegalStateException while a canary or another iteration is running, or with too few
     *     labelled rows
     */
    public LoopIteration retrainNow(String reason) {
        Objects.requireNonNull(reason, "reason");
        Job job;
        synchronized (lock) {
            if (canary != null) {
                throw new IllegalStateException("Model " + model + " has a canary running (" + canary.challenger().id()
                        + "); wait for its promotion or rollback");
            }
            if (running != null) {
                throw new IllegalStateException("Model " + model + " has an iteration running; wait for it");
            }
            if (window.size() < holdout + minHistory()) {
                throw new IllegalStateException("Model " + model + ": the loop has " + window.size()
                        + " labelled rows; it needs " + (holdout + minHistory()) + " (holdout plus history)");
            }
            job = iterationJob("manual: " + reason);
        }
        submit(job);
        try {
            return job.done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for loop iteration of " + model, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Loop iteration of " + model + " failed", e.getCause());
        }
    }

    /** Waits until no iteration is queued or running (for tests and orderly shutdown). */
    public void awaitIdle() {
        CompletableFuture<LoopIteration> f;
        synchronized (lock) {
            f = running;
        }
        if (f != null) {
            f.join();
        }
    }

    private LoopIteration iterate(String reason, List<Row> rows, long seen) {
        Retrain.Step step = retrain.challenge(reason, rows, seen, serving, canaryShare <= 0 ? null : this::startCanary,
                canaryShare);
        if (step.canary() != null) {
            synchronized (lock) {
                canary = step.canary();
            }
        }
        return step.record();
    }

    /** Replaces the serving deployment by a canary of the challenger against the champion, closing the old one. */
    private void startCanary(ModelVersion challenger) {
        ModelVersion champ = retrain.champion();
        Deployment next = deploy(Rollout.version(served(champ, null)).progressive(served(challenger, champ),
                canaryShare, 1.0)
                .gate(StepGate.after(canaryLabels).maxAccuracyDrop(canaryMaxDrop).rule(rule)));
        Deployment before = serving;
        serving = next;
        before.close();
    }

    private void restore(LoopSnapshot s) {
        List<String> columns = s.columns();
        for (LoopSnapshot.Waiting w : s.pending()) {
            pending.offer(w.id(), new Pending(LoopJournal.row(columns, w.values(), target), null, w.label()),
                    w.timeMillis());
        }
        window.restore(s);
    }

    private LoopSnapshot snapshot() {
        List<String> columns = retrain.recipe().schema().names();
        List<LoopSnapshot.Waiting> waiting = new ArrayList<>();
        for (LabelJoin.Entry<Pending> e : pending.waiting()) {
            waiting.add(new LoopSnapshot.Waiting(e.id(), e.value().label, e.timeMillis(),
                    LoopJournal.values(e.value().row, columns)));
        }
        return window.snapshot(columns, waiting);
    }

    /**
     * Waits for a running iteration (up to a minute with a host executor), stops the loop's own executor,
     * ends a running canary (recorded as rolled back: the champion keeps its alias), stores the loop's
     * state, and closes the serving deployment and the monitor.
     */
    @Override
    public void close() {
        CompletableFuture<LoopIteration> f;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            f = running;
        }
        if (f != null) {
            try {
                f.get(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                LOG.log(System.Logger.Level.WARNING, "Loop " + model + " closed while an iteration was still running");
            }
        }
        if (owned != null) {
            owned.shutdown();
            try {
                owned.awaitTermination(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Retrain.Canary c;
        synchronized (lock) {
            c = canary;
            canary = null;
        }
        if (c != null) {
            retrain.abandon(c, labels());
        }
        synchronized (lock) {
            retrain.journal().save(snapshot());
        }
        serving.close();
        if (monitor != null) {
            monitor.close();
        }
    }

    private record Pending(Row row, Deployment deployment, String label) {
    }

    private record Job(CompletableFuture<LoopIteration> done, String reason,
            java.util.function.Supplier<LoopIteration> work) {
    }

    /** Configures a {@link Loop}; fails fast on impossible settings. */
    @API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
    public static final class Builder {
        private final Lifecycle lc;
        private final String model;
        private final String target;
        private Trigger trigger = Trigger.drift().or(Trigger.everyLabelled(5000));
        private int[] history = {5000};
        private int holdout = 500;
        private double minImprovement = 0;
        private boolean refit = true;
        private boolean unlessWorse;
        private double canaryShare = 0.1;
        private int canaryLabels = 200;
        private double canaryMaxDrop = 0;
        private DecisionRule rule = DecisionRule.defaults();
        private TrainerCatalog catalog = TrainerCatalog.builtIn();
        private Monitor monitor;
        private int feedbackWindow = 1 << 14;
        private InputPolicy inputPolicy = InputPolicy.impute();
        private Executor executor;
        private int pendingSize = 1 << 16;
        private Duration pendingAge = Duration.ofDays(7);
        private final List<AlertListener> listeners = new ArrayList<>();
        private Reweighting reweighting;

        private Builder(Lifecycle lc, String model, String target) {
            this.lc = lc;
            this.model = model;
            this.target = target;
        }

        /** When to retrain (default: drift, or every 5,000 labels). */
        public Builder trigger(Trigger t) {
            this.trigger = Objects.requireNonNull(t, "trigger");
            return this;
        }

        /** Candidate history sizes (labelled rows before the held-out ones); the best on the held-out rows wins. */
        public Builder history(int... sizes) {
            if (sizes.length == 0) {
                throw new IllegalArgumentException("Give at least one history size");
            }
            for (int s : sizes) {
                if (s < 10) {
                    throw new IllegalArgumentException("A history size must be at least 10 rows, got " + s);
                }
            }
            this.history = sizes.clone();
            return this;
        }

        /** The latest labelled rows held out to compare challenger and champion (default 500). */
        public Builder holdout(int rows) {
            if (rows < 10) {
                throw new IllegalArgumentException("holdout must be at least 10 rows, got " + rows);
            }
            this.holdout = rows;
            return this;
        }

        /**
         * The accuracy difference the challenger must be shown to exceed on the held-out rows (default 0; may be
         * negative); with a canary, its held-out estimate must reach it before the canary starts.
         */
        public Builder minImprovement(double delta) {
            this.minImprovement = delta;
            return this;
        }

        /** Whether the gated challenger is refitted on the latest rows, held-out ones included (default true). */
        public Builder refit(boolean on) {
            this.refit = on;
            return this;
        }

        /**
         * Rolls a gated challenger out as a canary taking {@code share} of traffic, judged by the {@link StepGate}
         * sequential test once both arms have {@code minLabels} labels: promoted when shown better than the
         * champion minus {@code maxDrop} (a non-inferiority margin), rolled back when shown worse, the champion
         * kept when the rule's budget runs out (default 0.1, 200 labels, 0).
         */
        public Builder canary(double share, int minLabels, double maxDrop) {
            if (!(share > 0 && share < 1) || minLabels < 1 || !(maxDrop >= 0)) {
                throw new IllegalArgumentException("Give a canary share in (0, 1), at least one label and a drop >= 0;"
                        + " got " + share + ", " + minLabels + ", " + maxDrop);
            }
            this.canaryShare = share;
            this.canaryLabels = minLabels;
            this.canaryMaxDrop = maxDrop;
            return this;
        }

        /**
         * Error rates, minimum effect and label budget for the held-out test and the canary (default
         * {@link DecisionRule#defaults()}; {@link #minImprovement} sets the held-out minimum effect).
         */
        public Builder evidence(DecisionRule decisionRule) {
            this.rule = Objects.requireNonNull(decisionRule, "rule");
            return this;
        }

        /** Promotes a gated challenger directly, without a canary, when the held-out test shows it better. */
        public Builder noCanary() {
            this.canaryShare = 0;
            return this;
        }

        /**
         * Lets a challenger pass the held-out gate unless the test shows it worse than the champion or its
         * held-out effect is below {@link #minImprovement} (default: it must be shown better). For streams
         * that drift faster than a held-out test can show a difference: the refitted challenger has seen the
         * latest rows and the champion has not. With a canary the canary still decides. Keep the holdout no
         * larger than the labels between retrains: a refitted champion has trained on older held-out rows.
         */
        public Builder promoteUnlessWorse() {
            this.unlessWorse = true;
            return this;
        }

        /** Rebuilds the champion's trainer from this catalog (default: the built-in trainers). */
        public Builder trainers(TrainerCatalog c) {
            this.catalog = Objects.requireNonNull(c, "catalog");
            return this;
        }

        /** Feeds this monitor (drift triggers need one); the loop rebases it on every promotion. */
        public Builder monitor(Monitor m) {
            this.monitor = Objects.requireNonNull(m, "monitor");
            return this;
        }

        /** Predictions each deployment remembers for the feedback join (default 16,384). */
        public Builder feedbackWindow(int predictions) {
            this.feedbackWindow = predictions;
            return this;
        }

        /**
         * What the serving deployments do with rows the model cannot take: a category it never saw, a
         * missing or mistyped value (default {@link InputPolicy#impute()}: the training median or mode).
         */
        public Builder inputPolicy(InputPolicy policy) {
            this.inputPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * Runs iterations (training, gating, rollout) on this executor, e.g. the host's background pool
         * (default: one daemon thread the loop owns and stops on close). {@code Runnable::run} runs them
         * inside {@code feedback}: deterministic, for tests and replays.
         */
        public Builder executor(Executor e) {
            this.executor = Objects.requireNonNull(e, "executor");
            return this;
        }

        /**
         * Bounds the predictions waiting for a label: at most {@code size} (rounded up to a power of two;
         * a newer prediction pushes out an older one, counted in {@link Loop#evictedPredictions()}) and
         * for at most {@code maxAge} by the Lifecycle's clock (later labels are counted in
         * {@link Loop#expiredLabels()}); default 65,536 and 7 days. {@link Duration#ZERO} removes the age bound.
         */
        public Builder pendingLabels(int size, Duration maxAge) {
            if (size < 1 || maxAge == null || maxAge.isNegative()) {
                throw new IllegalArgumentException("Give at least one waiting prediction and an age >= 0, got "
                        + size + ", " + maxAge);
            }
            this.pendingSize = size;
            this.pendingAge = maxAge;
            return this;
        }

        /**
         * Serves an ensemble champion ({@link dev.lifecycle.core.model.EnsembleModel}, e.g. trained by a
         * {@link dev.lifecycle.core.model.WindowEnsemble}) as an {@link dev.lifecycle.core.model.AdaptiveEnsemble}:
         * every joined label re-weights its members by their fading accuracy, between retrains; a promoted
         * ensemble keeps the best {@link Reweighting#retained()} members of the one it replaces. After a
         * restart the weights are rebuilt from the labels joined since the last retrain. Models that are not
         * ensembles are served as they are. Default: off (ensembles vote with their stored weights).
         */
        public Builder reweightMembers(Reweighting r) {
            this.reweighting = Objects.requireNonNull(r, "reweighting");
            return this;
        }

        /** Adds a listener for the loop's alerts (a failed iteration). */
        public Builder alertListener(AlertListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /** @return the loop, serving the champion */
        public Loop build() {
            return new Loop(this);
        }
    }
}
