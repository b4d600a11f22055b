package dev.lifecycle.core.loop;

import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.deployment.Deployment;
import dev.lifecycle.api.evaluation.Decision;
import dev.lifecycle.api.evaluation.DecisionRule;
import dev.lifecycle.api.model.ModelVersion;
import dev.lifecycle.api.model.Prediction;
import dev.lifecycle.api.model.Trainer;
import dev.lifecycle.api.store.Store;
import dev.lifecycle.core.Lifecycle;
import dev.lifecycle.core.data.Csv;
import dev.lifecycle.core.data.DatasetProfile;
import dev.lifecycle.core.data.RowSource;
import dev.lifecycle.core.deployment.InProcessDeployment;
import dev.lifecycle.core.deployment.Rollout;
import dev.lifecycle.core.deployment.StepGate;
import dev.lifecycle.core.internal.Json;
import dev.lifecycle.core.internal.LoopRecord;
import dev.lifecycle.core.internal.Versions;
import dev.lifecycle.core.internal.decision.HeldOutTests;
import dev.lifecycle.core.model.TrainerCatalog;
import dev.lifecycle.core.monitoring.DriftWindow;
import dev.lifecycle.core.monitoring.Monitor;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The closed loop around one registered model: serves it, watches it, and retrains it when a
 * {@link Trigger} fires.
 *
 * <pre>{@code
 * Loop loop = Loop.builder(lc, "elec2-clf", "class")
 *         .trigger(Trigger.drift().or(Trigger.accuracyBelow(0.75, 500)).or(Trigger.everyLabelled(2000)))
 *         .history(2000, 5000).holdout(300).canary(0.5, 50)
 *         .build();
 * Prediction p = loop.predict(row);
 * loop.feedback(p.id(), "1");            // later, when the truth is known
 * loop.iterations();                      // every retrain, gate decision, promotion and rollback
 * }</pre>
 *
 * <p>An iteration: the labelled predictions (joined by {@link #feedback}) form the history; the latest
 * {@code holdout} of them are held out; for each history size a challenger is trained on the rows
 * before the held-out ones, as a new dataset version (with lineage naming the loop and the rows),
 * with the champion's recorded trainer, parameters and seed (rebuilt from the {@link TrainerCatalog});
 * the best challenger must beat the champion on the held-out rows by the gate's margin; it is then
 * refitted on the latest rows (held-out ones included), rolled out as a canary with a live accuracy
 * gate, and promoted (alias {@code champion} moved, monitor rebased on its training profile) or
 * rolled back. Every step is recorded in {@link #iterations()}.
 *
 * <p>Deterministic for a seeded trainer, a fixed clock and one calling thread. Not thread-safe:
 * call it from one thread (or synchronize).
 */
public final class Loop implements AutoCloseable {
    private static final int DRIFT_CHECK = 64;

    private final Lifecycle lc;
    private final String model;
    private final String target;
    private final Trigger trigger;
    private final int[] history;
    private final int holdout;
    private final double minImprovement;
    private final boolean refit;
    private final double canaryShare;
    private final int canaryLabels;
    private final double canaryMaxDrop;
    private final DecisionRule rule;
    private final TrainerCatalog catalog;
    private final Monitor monitor;
    private final int maxHistory;
    private final int feedbackWindow;

    private final ArrayDeque<Row> labelled = new ArrayDeque<>();
    private final ArrayDeque<Boolean> correct = new ArrayDeque<>();
    private final Map<Long, Pending> pending = new HashMap<>();
    private final List<LoopIteration> iterations = new ArrayList<>();
    private final Set<String> drifted = new LinkedHashSet<>();
    private int windowsSeen;
    private long nextId = 1;
    private long labels;
    private long labelsAtRetrain;
    private int recentCorrect;
    private ModelVersion champion;
    private Deployment serving;
    private Canary canary;
    private int iteration;

    private Loop(Builder b) {
        this.lc = b.lc;
        this.model = b.model;
        this.target = b.target;
        this.trigger = b.trigger;
        this.history = b.history;
        this.holdout = b.holdout;
        this.minImprovement = b.minImprovement;
        this.refit = b.refit;
        this.canaryShare = b.canaryShare;
        this.canaryLabels = b.canaryLabels;
        this.canaryMaxDrop = b.canaryMaxDrop;
        this.rule = b.rule;
        this.catalog = b.catalog;
        this.monitor = b.monitor;
        this.feedbackWindow = b.feedbackWindow;
        int max = 0;
        for (int h : history) {
            max = Math.max(max, h);
        }
        this.maxHistory = max + holdout;
        this.champion = lc.models().alias(model, "champion").orElseThrow(() -> new IllegalStateException(
                "Model " + model + " has no 'champion' alias; set it with models().setAlias(\"" + model
                        + "\", \"champion\", version, reason) before starting the loop"));
        this.serving = deploy(Rollout.version(champion));
        List<LoopIteration> before = recorded(lc, model);
        this.iteration = before.isEmpty() ? 0 : before.get(before.size() - 1).index();
    }

    /**
     * Every iteration recorded in the store for a model, by any loop in any run or JVM, oldest first
     * (a canary's outcome is its own record). A new loop on the same model continues the numbering.
     */
    public static List<LoopIteration> recorded(Lifecycle lc, String modelName) {
        Objects.requireNonNull(modelName, "modelName");
        Store store = lc.store();
        String prefix = prefix(modelName);
        List<LoopIteration> out = new ArrayList<>();
        for (int n : Versions.list(store, prefix)) {
            LoopRecord r = Json.read(store.get(Versions.manifest(store, prefix, n)), LoopRecord.class);
            out.add(new LoopIteration(r.index(), r.labelsSeen(), r.reason(), r.dataset(), r.historyRows(),
                    r.champion(), r.challenger(), r.championAccuracy(), r.challengerAccuracy(), r.heldOut(),
                    LoopIteration.Outcome.valueOf(r.outcome()), r.detail(), Instant.parse(r.time())));
        }
        return out;
    }

    private static String prefix(String modelName) {
        return "loops/" + modelName;
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
        return lc.deploy(model, r.warmUp(0).feedbackWindow(feedbackWindow));
    }

    /** @return the champion serving now (or serving the control arm of a canary) */
    public ModelVersion champion() {
        return champion;
    }

    /** @return the monitor, when one was given */
    public java.util.Optional<Monitor> monitor() {
        return java.util.Optional.ofNullable(monitor);
    }

    /**
     * @return every iteration of this loop so far, oldest first (a canary's outcome is its own record);
     *     {@link #recorded} lists those of earlier loops on the model too
     */
    public List<LoopIteration> iterations() {
        return Collections.unmodifiableList(iterations);
    }

    /** @return iterations that ended in a promotion */
    public long promotions() {
        return iterations.stream().filter(i -> i.outcome() == LoopIteration.Outcome.PROMOTED).count();
    }

    /** @return labels received so far */
    public long labels() {
        return labels;
    }

    /** Predicts one row; keep {@link Prediction#id()} to send its label to {@link #feedback}. */
    public Prediction predict(Row row) {
        Prediction p = serving.predict(row);
        return track(row, p);
    }

    /** Predicts many rows with one batch call where the routing allows it. */
    public List<Prediction> predictAll(List<Row> rows) {
        List<Prediction> raw = serving.predictAll(rows);
        List<Prediction> out = new ArrayList<>(raw.size());
        for (int i = 0; i < raw.size(); i++) {
            out.add(track(rows.get(i), raw.get(i)));
        }
        return out;
    }

    private Prediction track(Row row, Prediction p) {
        long id = nextId++;
        Prediction mine = p.attributed(id, p.model(), p.version());
        pending.put(id, new Pending(row, p.id(), serving, p.label()));
        if (monitor != null) {
            monitor.observe(row, mine);
        }
        return mine;
    }

    /**
     * Joins the true label of a prediction made by this loop, then checks the canary and the triggers
     * (and runs an iteration when one fires).
     *
     * @return whether the prediction was known
     */
    public boolean feedback(long predictionId, String label) {
        Objects.requireNonNull(label, "label");
        Pending p = pending.remove(predictionId);
        if (p == null) {
            return false;
        }
        p.deployment.feedback(p.deploymentId, label);
        if (monitor != null) {
            monitor.feedback(predictionId, label);
        }
        labels++;
        labelled.addLast(p.row.with(target, label));
        if (labelled.size() > maxHistory) {
            labelled.removeFirst();
        }
        boolean ok = label.equals(p.label);
        correct.addLast(ok);
        recentCorrect += ok ? 1 : 0;
        if (correct.size() > maxHistory) {
            recentCorrect -= correct.removeFirst() ? 1 : 0;
        }
        if (canary != null) {
            checkCanary();
        }
        if (monitor != null && labels % DRIFT_CHECK == 0) {
            monitor.flush();
            List<DriftWindow> w = monitor.driftWindows();
            for (int i = windowsSeen; i < w.size(); i++) {
                for (String f : w.get(i).drifted()) {
                    if (!f.equals("prediction")) {
                        drifted.add(f);
                    }
                }
            }
            windowsSeen = w.size();
        }
        if (canary == null && labelled.size() >= holdout + minHistory()) {
            String reason = trigger.fire(state());
            if (reason != null) {
                iterate(reason);
            }
        }
        return true;
    }

    private int minHistory() {
        int min = Integer.MAX_VALUE;
        for (int h : history) {
            min = Math.min(min, h);
        }
        return Math.min(min, 100);
    }

    /**
     * Runs one iteration now, whatever the triggers say.
     *
     * @throws IllegalStateException while a canary is running, or with too few labelled rows
     */
    public LoopIteration retrainNow(String reason) {
        Objects.requireNonNull(reason, "reason");
        if (canary != null) {
            throw new IllegalStateException("Model " + model + " has a canary running (" + canary.challenger.id()
                    + "); wait for its promotion or rollback");
        }
        if (labelled.size() < holdout + minHistory()) {
            throw new IllegalStateException("Model " + model + ": the loop has " + labelled.size()
                    + " labelled rows; it needs " + (holdout + minHistory()) + " (holdout plus history)");
        }
        return iterate("manual: " + reason);
    }

    private LoopState state() {
        return new LoopState() {
            @Override
            public long labelsSinceRetrain() {
                return labels - labelsAtRetrain;
            }

            @Override
            public double recentAccuracy(int n) {
                int k = 0;
                int c = 0;
                var it = correct.descendingIterator();
                while (it.hasNext() && k < n) {
                    c += it.next() ? 1 : 0;
                    k++;
                }
                return k == 0 ? Double.NaN : (double) c / k;
            }

            @Override
            public List<String> driftedSinceRetrain() {
                return List.copyOf(drifted);
            }
        };
    }

    private LoopIteration iterate(String reason) {
        iteration++;
        labelsAtRetrain = labels;
        drifted.clear();
        List<Row> rows = new ArrayList<>(labelled);
        List<Row> held = rows.subList(rows.size() - holdout, rows.size());
        List<Row> heldInputs = new ArrayList<>(held.size());
        List<String> truth = new ArrayList<>(held.size());
        for (Row r : held) {
            heldInputs.add(r.without(target));
            truth.add(String.valueOf(r.get(target)));
        }
        double champAcc = accuracy(champion, heldInputs, truth);
        Trainer trainer = catalog.rebuild(champion.trainer(), champion.parameters(), champion.seed());
        ModelVersion best = null;
        double bestAcc = -1;
        int bestSize = 0;
        String bestData = null;
        for (int h : history) {
            int end = rows.size() - holdout;
            int start = Math.max(0, end - h);
            if (end - start < minHistory()) {
                continue;
            }
            DatasetVersion data = dataset(rows.subList(start, end), "rows " + (labels - rows.size() + start + 1) + ".."
                    + (labels - rows.size() + end) + " of the labelled prediction log, holding out the latest "
                    + holdout);
            ModelVersion v = lc.train(model, trainer, data);
            double acc = accuracy(v, heldInputs, truth);
            if (acc > bestAcc) {
                best = v;
                bestAcc = acc;
                bestSize = h;
                bestData = data.id();
            }
        }
        if (best == null) {
            return record(reason, null, 0, null, champAcc, Double.NaN, LoopIteration.Outcome.REJECTED,
                    "no history size had enough rows");
        }
        // decision on evidence: see heldOutGate
        Decision heldOut = heldOutGate(best, heldInputs, truth);
        String gate = String.format(Locale.ROOT, "challenger %s (history %d) %.4f vs champion %s %.4f on %d held-out"
                + " rows; %s", best.id(), bestSize, bestAcc, champion.id(), champAcc, holdout, heldOut.reason());
        if (canaryShare <= 0 ? heldOut.verdict() != Decision.Verdict.PROMOTE
                : heldOut.conclusive() && heldOut.verdict() == Decision.Verdict.ROLL_BACK
                        || heldOut.effect() < minImprovement) {
            return record(reason, bestData, bestSize, best.id(), champAcc, bestAcc, LoopIteration.Outcome.REJECTED,
                    "gate failed: " + gate);
        }
        ModelVersion challenger = best;
        String dataId = bestData;
        if (refit) {
            int start = Math.max(0, rows.size() - bestSize);
            DatasetVersion data = dataset(rows.subList(start, rows.size()), "rows " + (labels - rows.size() + start + 1)
                    + ".." + labels + " of the labelled prediction log (refit of the gated challenger " + best.id()
                    + ")");
            challenger = lc.train(model, trainer, data);
            dataId = data.id();
        }
        if (canaryShare <= 0) {
            serving.swap(challenger, "loop iteration " + iteration + ": " + gate);
            LoopIteration out = record(reason, dataId, bestSize, challenger.id(), champAcc, bestAcc,
                    LoopIteration.Outcome.PROMOTED, "gate passed, promoted directly: " + gate);
            promote(challenger, bestAcc);
            return out;
        }
        serving = deploy(Rollout.version(champion).progressive(challenger, canaryShare, 1.0)
                .gate(StepGate.minLabels(canaryLabels).maxAccuracyDrop(canaryMaxDrop).rule(rule)));
        canary = new Canary(challenger, bestAcc, dataId, bestSize, reason, champAcc);
        return record(reason, dataId, bestSize, challenger.id(), champAcc, bestAcc, LoopIteration.Outcome.CANARY,
                "gate passed, canary at " + canaryShare + ": " + gate);
    }

    /**
     * The exact McNemar test of the challenger against the champion on the held-out rows. Without a
     * canary the challenger is promoted only on a PROMOTE verdict; with one, it goes to the canary (whose
     * sequential test decides) unless it is shown worse or its held-out effect is below the minimum.
     */
    private Decision heldOutGate(ModelVersion challenger, List<Row> inputs, List<String> truth) {
        return HeldOutTests.mcNemar(rule, minImprovement,
                correctness(champion, inputs, truth), correctness(challenger, inputs, truth));
    }

    private static boolean[] correctness(ModelVersion v, List<Row> inputs, List<String> truth) {
        List<Prediction> p = v.model().predictAll(inputs);
        boolean[] out = new boolean[p.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = truth.get(i).equals(p.get(i).label());
        }
        return out;
    }

    private void checkCanary() {
        InProcessDeployment d = (InProcessDeployment) serving;
        if (d.routing().contains("canary=")) {
            return;
        }
        Canary c = canary;
        canary = null;
        if (d.current().version() == c.challenger.version()) {
            record(c.reason, c.dataset, c.historyRows, c.challenger.id(), c.championAccuracy, c.challengerAccuracy,
                    LoopIteration.Outcome.PROMOTED, "canary passed its live gate: " + d.routing());
            promote(c.challenger, c.challengerAccuracy);
        } else {
            record(c.reason, c.dataset, c.historyRows, c.challenger.id(), c.championAccuracy, c.challengerAccuracy,
                    LoopIteration.Outcome.ROLLED_BACK, "canary failed its live gate; serving " + d.routing());
        }
    }

    private void promote(ModelVersion challenger, double expectedAccuracy) {
        lc.models().setAlias(model, "champion", challenger, "loop iteration " + iteration);
        champion = challenger;
        if (monitor != null) {
            DatasetProfile ref = lc.datasets().profile(lc.datasets().get(challenger.dataset()));
            monitor.rebase(ref, expectedAccuracy);
        }
    }

    private DatasetVersion dataset(List<Row> rows, String description) {
        List<String> columns = rows.get(0).names();
        return lc.datasets().importFrom(model + "-loop", RowSource.of("loop " + model + " iteration " + iteration + ": "
                + description, columns, rows), Csv.target(target));
    }

    private static double accuracy(ModelVersion v, List<Row> inputs, List<String> truth) {
        List<Prediction> p = v.model().predictAll(inputs);
        int ok = 0;
        for (int i = 0; i < p.size(); i++) {
            if (truth.get(i).equals(p.get(i).label())) {
                ok++;
            }
        }
        return (double) ok / p.size();
    }

    private LoopIteration record(String reason, String dataset, int historyRows, String challenger, double champAcc,
            double challengerAcc, LoopIteration.Outcome outcome, String detail) {
        LoopIteration it = new LoopIteration(iteration, labels, reason, dataset, historyRows, champion.id(), challenger,
                champAcc, challengerAcc, holdout, outcome, detail, lc.clock().instant());
        iterations.add(it);
        Store store = lc.store();
        LoopRecord doc = new LoopRecord(model, it.index(), it.labelsSeen(), it.reason(), it.dataset(),
                it.historyRows(), it.champion(), it.challenger(), it.championAccuracy(), it.challengerAccuracy(),
                it.heldOut(), it.outcome().name(), it.detail(), it.time().toString());
        Versions.commitNext(store, prefix(model), n -> store.put(Json.write(doc)), lc.actor(),
                "loop " + model + " iteration " + it.index() + ": " + it.outcome());
        return it;
    }

    /** Closes the serving deployment (and the monitor). */
    @Override
    public void close() {
        serving.close();
        if (monitor != null) {
            monitor.close();
        }
    }

    private record Pending(Row row, long deploymentId, Deployment deployment, String label) {
    }

    private record Canary(ModelVersion challenger, double challengerAccuracy, String dataset, int historyRows,
            String reason, double championAccuracy) {
    }

    /** Configures a {@link Loop}; fails fast on impossible settings. */
    public static final class Builder {
        private final Lifecycle lc;
        private final String model;
        private final String target;
        private Trigger trigger = Trigger.drift().or(Trigger.everyLabelled(5000));
        private int[] history = {5000};
        private int holdout = 500;
        private double minImprovement = 0;
        private boolean refit = true;
        private double canaryShare = 0.1;
        private int canaryLabels = 200;
        private double canaryMaxDrop = 0;
        private DecisionRule rule = DecisionRule.defaults();
        private TrainerCatalog catalog = TrainerCatalog.builtIn();
        private Monitor monitor;
        private int feedbackWindow = 1 << 14;

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

        /** @return the loop, serving the champion */
        public Loop build() {
            return new Loop(this);
        }
    }
}
