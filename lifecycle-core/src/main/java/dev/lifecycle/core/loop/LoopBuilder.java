package dev.lifecycle.core.loop;

import dev.lifecycle.api.evaluation.DecisionRule;
import dev.lifecycle.api.monitoring.AlertListener;
import dev.lifecycle.core.Lifecycle;
import dev.lifecycle.core.deployment.InputPolicy;
import dev.lifecycle.core.deployment.StepGate;
import dev.lifecycle.core.model.Reweighting;
import dev.lifecycle.core.model.TrainerCatalog;
import dev.lifecycle.core.monitoring.Monitor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import org.apiguardian.api.API;

/** Configures a {@link Loop} (made by {@link Loop#builder}); fails fast on impossible settings. */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public final class LoopBuilder {
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

    LoopBuilder(Lifecycle lc, String model, String target) {
        this.lc = lc;
        this.model = model;
        this.target = target;
    }

    /** When to retrain (default: drift, or every 5,000 labels). */
    public LoopBuilder trigger(Trigger t) {
        this.trigger = Objects.requireNonNull(t, "trigger");
        return this;
    }

    /** Candidate history sizes (labelled rows before the held-out ones); the best on the held-out rows wins. */
    public LoopBuilder history(int... sizes) {
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
    public LoopBuilder holdout(int rows) {
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
    public LoopBuilder minImprovement(double delta) {
        this.minImprovement = delta;
        return this;
    }

    /** Whether the gated challenger is refitted on the latest rows, held-out ones included (default true). */
    public LoopBuilder refit(boolean on) {
        this.refit = on;
        return this;
    }

    /**
     * Rolls a gated challenger out as a canary taking {@code share} of traffic, judged by the {@link StepGate}
     * sequential test once both arms have {@code minLabels} labels: promoted when shown better than the
     * champion minus {@code maxDrop} (a non-inferiority margin), rolled back when shown worse, the champion
     * kept when the rule's budget runs out (default 0.1, 200 labels, 0).
     */
    public LoopBuilder canary(double share, int minLabels, double maxDrop) {
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
    public LoopBuilder evidence(DecisionRule decisionRule) {
        this.rule = Objects.requireNonNull(decisionRule, "rule");
        return this;
    }

    /** Promotes a gated challenger directly, without a canary, when the held-out test shows it better. */
    public LoopBuilder noCanary() {
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
    public LoopBuilder promoteUnlessWorse() {
        this.unlessWorse = true;
        return this;
    }

    /** Rebuilds the champion's trainer from this catalog (default: the built-in trainers). */
    public LoopBuilder trainers(TrainerCatalog c) {
        this.catalog = Objects.requireNonNull(c, "catalog");
        return this;
    }

    /** Feeds this monitor (drift triggers need one); the loop rebases it on every promotion. */
    public LoopBuilder monitor(Monitor m) {
        this.monitor = Objects.requireNonNull(m, "monitor");
        return this;
    }

    /** Predictions each deployment remembers for the feedback join (default 16,384). */
    public LoopBuilder feedbackWindow(int predictions) {
        this.feedbackWindow = predictions;
        return this;
    }

    /**
     * What the serving deployments do with rows the model cannot take: a category it never saw, a
     * missing or mistyped value (default {@link InputPolicy#impute()}: the training median or mode).
     */
    public LoopBuilder inputPolicy(InputPolicy policy) {
        this.inputPolicy = Objects.requireNonNull(policy, "policy");
        return this;
    }

    /**
     * Runs iterations (training, gating, rollout) on this executor, e.g. the host's background pool
     * (default: one daemon thread the loop owns and stops on close). {@code Runnable::run} runs them
     * inside {@code feedback}: deterministic, for tests and replays.
     */
    public LoopBuilder executor(Executor e) {
        this.executor = Objects.requireNonNull(e, "executor");
        return this;
    }

    /**
     * Bounds the predictions waiting for a label: at most {@code size} (rounded up to a power of two;
     * a newer prediction pushes out an older one, counted in {@link Loop#evictedPredictions()}) and
     * for at most {@code maxAge} by the Lifecycle's clock (later labels are counted in
     * {@link Loop#expiredLabels()}); default 65,536 and 7 days. {@link Duration#ZERO} removes the age bound.
     */
    public LoopBuilder pendingLabels(int size, Duration maxAge) {
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
     * ensemble keeps the best {@link Reweighting#retained()} members of the one it replaces (and, with
     * {@link Reweighting#otherHalfLives()}, the half-life the labels chose). After a
     * restart the weights are rebuilt from the labels joined since the last retrain. Models that are not
     * ensembles are served as they are. Default: off (ensembles vote with their stored weights).
     */
    public LoopBuilder reweightMembers(Reweighting r) {
        this.reweighting = Objects.requireNonNull(r, "reweighting");
        return this;
    }

    /** Adds a listener for the loop's alerts (a failed iteration). */
    public LoopBuilder alertListener(AlertListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    /** @return the loop, serving the champion */
    public Loop build() {
        return new Loop(new LoopSettings(lc, model, target, trigger, history.clone(), holdout, minImprovement, refit,
                unlessWorse, canaryShare, canaryLabels, canaryMaxDrop, rule, catalog, monitor, feedbackWindow,
                inputPolicy, executor, pendingSize, pendingAge, List.copyOf(listeners), reweighting));
    }
}
