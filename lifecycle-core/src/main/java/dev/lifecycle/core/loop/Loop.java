package dev.lifecycle.core.loop;

import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.deployment.Deployment;
import dev.lifecycle.api.model.ModelVersion;
import dev.lifecycle.api.model.Prediction;
import dev.lifecycle.api.monitoring.Alert;
import dev.lifecycle.core.Lifecycle;
import dev.lifecycle.core.deployment.InProcessDeployment;
import dev.lifecycle.core.deployment.InputPolicy;
import dev.lifecycle.core.deployment.Rollout;
import dev.lifecycle.core.deployment.RolloutStatus;
import dev.lifecycle.core.deployment.StepGate;
import dev.lifecycle.core.model.TrainerCatalog;
import dev.lifecycle.core.monitoring.Monitor;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
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
 * Prediction ids come from the Lifecycle's one id allocator, shared with its other deployments and leased
 * in the store, so none is issued twice, across restarts too.
 * Predictions waiting for a label are bounded by size and age; on close, those and the labelled window
 * are stored, and a loop built on the same store later joins their late labels.
 *
 * <p>A loop is built with {@link #builder}, not {@code lc.loop(...)}: the loop composes the Lifecycle (it
 * trains with {@code lc.train}, deploys with {@code lc.deploy}, reads and writes datasets, aliases and its
 * journal through it), so an entry point on {@code Lifecycle} would make the packages {@code core} and
 * {@code core.loop} depend on each other. Removing the cycle would need training and deploying behind an
 * interface below the root package, not a shortcut on {@code Lifecycle}. ({@code lc.monitor(...)} exists:
 * a monitor does not depend on the Lifecycle.)
 *
 * <p>Call {@link #predict} and {@link #feedback} from one thread (or synchronize). With a direct executor
 * ({@code Runnable::run}) iterations run inside {@code feedback} and a seeded run is deterministic.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public final class Loop implements AutoCloseable {
    private static final int DRIFT_CHECK = 64;

    private final LoopSettings settings;
    private final Lifecycle lc;
    private final String model;
    private final String target;
    private final Monitor monitor;
    private final Retrain retrain;
    private final LiveEnsembles live;
    private final PendingLabels pending;
    private final IterationRunner runner;

    private final Object lock = new Object();
    /* guarded by lock */
    private final LabelledWindow window;
    private Retrain.Canary canary;
    private boolean closed;

    private volatile Deployment serving;

    Loop(LoopSettings s) {
        this.settings = s;
        this.lc = s.lc();
        this.model = s.model();
        this.target = s.target();
        this.monitor = s.monitor();
        this.window = new LabelledWindow(s.windowSize());
        this.pending = new PendingLabels(s.pendingSize(), s.pendingAge(), () -> lc.clock().millis(), target);
        this.retrain = new Retrain(lc, model, target, s.history(), s.holdout(), s.minHistory(), s.refit(),
                new HeldOutGate(s.rule(), s.minImprovement(), s.canary() || s.unlessWorse()), s.catalog(), monitor,
                s.listeners(), this::served);
        this.live = s.reweighting() == null ? null : new LiveEnsembles(s.reweighting());
        retrain.journal().load().ifPresent(snapshot -> {
            pending.restore(snapshot);
            window.restore(snapshot);
        });
        this.runner = new IterationRunner(model, s.executor(), lock, (reason, e) -> retrain.failed(reason, labels(), e));
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
    public static LoopBuilder builder(Lifecycle lc, String modelName, String target) {
        return new LoopBuilder(Objects.requireNonNull(lc, "lc"), Objects.requireNonNull(modelName, "modelName"),
                Objects.requireNonNull(target, "target"));
    }

    private Deployment deploy(Rollout r) {
        // the canary's step gate is judged on the loop's executor: one owned thread, or the host's
        return lc.deploy(model, r.warmUp(0).feedbackWindow(settings.feedbackWindow())
                .inputPolicy(settings.inputPolicy()).judgeOn(runner.executor()));
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
        return pending.unknown();
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
        pending.offer(p.id(), row, d, p.label());
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
        PendingLabels.Pending p = pending.take(predictionId);
        if (p == null) {
            return false;
        }
        if (p.deployment() != null) {
            p.deployment().feedback(predictionId, label);
        }
        if (monitor != null) {
            monitor.feedback(predictionId, label);
        }
        if (live != null) {
            live.observe(p.row(), label);
        }
        IterationRunner.Job job = null;
        synchronized (lock) {
            if (closed) {
                return true;
            }
            window.add(p.row().with(target, label), label.equals(p.label()));
            if (canary != null) {
                job = canaryJob();
            } else if (!runner.busy()) {
                if (monitor != null && window.labels() % DRIFT_CHECK == 0) {
                    window.collectDrift(monitor);
                }
                if (window.size() >= settings.holdout() + settings.minHistory()) {
                    String reason = settings.trigger().fire(window);
                    if (reason != null) {
                        job = iterationJob(reason);
                    }
                }
            }
        }
        if (job != null) {
            runner.submit(job);
        }
        return true;
    }

    /** Called holding the lock: the canary's conclusion, once its rollout has settled. */
    private IterationRunner.Job canaryJob() {
        if (!(serving instanceof InProcessDeployment d)) {
            return null;
        }
        RolloutStatus status = d.rolloutStatus();
        if (!status.settled() || runner.busy()) {
            return null;
        }
        Retrain.Canary c = canary;
        canary = null;
        return runner.start("canary of " + c.challenger().id(), () -> retrain.conclude(c, status, labels()));
    }

    /** Called holding the lock: an iteration on a snapshot of the labelled window. */
    private IterationRunner.Job iterationJob(String reason) {
        long seen = window.labels();
        List<Row> rows = window.startRetrain();
        return runner.start(reason, () -> iterate(reason, rows, seen));
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
        IterationRunner.Job job;
        synchronized (lock) {
            if (canary != null) {
                throw new IllegalStateException("Model " + model + " has a canary running (" + canary.challenger().id()
                        + "); wait for its promotion or rollback");
            }
            if (runner.busy()) {
                throw new IllegalStateException("Model " + model + " has an iteration running; wait for it");
            }
            int needed = settings.holdout() + settings.minHistory();
            if (window.size() < needed) {
                throw new IllegalStateException("Model " + model + ": the loop has " + window.size()
                        + " labelled rows; it needs " + needed + " (holdout plus history)");
            }
            job = iterationJob("manual: " + reason);
        }
        runner.submit(job);
        return runner.await(job);
    }

    /** Waits until no iteration is queued or running (for tests and orderly shutdown). */
    public void awaitIdle() {
        runner.awaitIdle();
    }

    private LoopIteration iterate(String reason, List<Row> rows, long seen) {
        Retrain.Step step = retrain.challenge(reason, rows, seen, serving,
                settings.canary() ? this::startCanary : null, settings.canaryShare());
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
        Deployment next = deploy(Rollout.version(served(champ, null))
                .progressive(served(challenger, champ), settings.canaryShare(), 1.0)
                .gate(StepGate.after(settings.canaryLabels()).maxAccuracyDrop(settings.canaryMaxDrop())
                        .rule(settings.rule())));
        Deployment before = serving;
        serving = next;
        before.close();
    }

    /**
     * Waits for a running iteration (up to a minute with a host executor), stops the loop's own executor,
     * ends a running canary (recorded as rolled back: the champion keeps its alias), stores the loop's
     * state, and closes the serving deployment and the monitor.
     */
    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        runner.close();
        Retrain.Canary c;
        synchronized (lock) {
            c = canary;
            canary = null;
        }
        if (c != null) {
            retrain.abandon(c, labels());
        }
        synchronized (lock) {
            List<String> columns = retrain.recipe().schema().names();
            retrain.journal().save(window.snapshot(columns, pending.waiting(columns)));
        }
        serving.close();
        if (monitor != null) {
            monitor.close();
        }
    }
}
