package dev.lifecycle.core.loop;

import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.deployment.Deployment;
import dev.lifecycle.api.model.ModelVersion;
import dev.lifecycle.api.model.Trainer;
import dev.lifecycle.api.monitoring.Alert;
import dev.lifecycle.api.monitoring.AlertKind;
import dev.lifecycle.api.monitoring.AlertListener;
import dev.lifecycle.core.Lifecycle;
import dev.lifecycle.core.data.DatasetProfile;
import dev.lifecycle.core.deployment.RolloutStatus;
import dev.lifecycle.core.internal.Recent;
import dev.lifecycle.core.model.TrainerCatalog;
import dev.lifecycle.core.monitoring.Monitor;
import java.util.List;
import java.util.function.BinaryOperator;
import java.util.function.Consumer;

/**
 * The loop's retrain and promotion steps: a {@link Challenge} of the champion with its own recipe and
 * trainer, the {@link HeldOutGate}'s verdict, a direct promotion or the start of a canary, the canary's
 * conclusion, and the promotion itself (alias moved, recipe and monitor rebased). Keeps the champion and
 * the iteration numbering and records every step (in memory and in the store's {@link LoopJournal});
 * a failed step is recorded with its reason and raises a {@link AlertKind#RETRAIN_FAILED} alert.
 * Called by one iteration at a time.
 */
final class Retrain {
    private static final System.Logger LOG = System.getLogger(Retrain.class.getName());
    private final dev.lifecycle.core.internal.LogOnce listenerFailure = new dev.lifecycle.core.internal.LogOnce(
            Retrain.class, System.Logger.Level.WARNING, "An alert listener of a loop threw; the loop goes on and later"
                    + " listener failures are not logged again");
    private static final int KEEP = 1024;

    private final Lifecycle lc;
    private final String model;
    private final String target;
    private final int[] history;
    private final int holdout;
    private final int minHistory;
    private final boolean refit;
    private final HeldOutGate gate;
    private final TrainerCatalog catalog;
    private final Monitor monitor;
    private final List<AlertListener> listeners;
    private final LoopJournal journal;
    private final BinaryOperator<ModelVersion> served;
    private final Recent<LoopIteration> iterations = new Recent<>(KEEP);
    private final Recent<Alert> alerts = new Recent<>(KEEP);
    private volatile ModelVersion champion;
    private volatile Recipe recipe;
    private volatile int iteration;

    Retrain(Lifecycle lc, String model, String target, int[] history, int holdout, int minHistory, boolean refit,
            HeldOutGate gate, TrainerCatalog catalog, Monitor monitor, List<AlertListener> listeners,
            BinaryOperator<ModelVersion> served) {
        this.lc = lc;
        this.model = model;
        this.target = target;
        this.history = history;
        this.holdout = holdout;
        this.minHistory = minHistory;
        this.refit = refit;
        this.gate = gate;
        this.catalog = catalog;
        this.monitor = monitor;
        this.listeners = List.copyOf(listeners);
        this.journal = new LoopJournal(lc, model);
        this.served = served;
        this.champion = lc.models().alias(model, "champion").orElseThrow(() -> new IllegalStateException(
                "Model " + model + " has no 'champion' alias; set it with models().setAlias(\"" + model
                        + "\", \"champion\", version, reason) before starting the loop"));
        this.recipe = Recipe.of(lc, champion, target);
        this.iteration = journal.lastIndex();
    }

    LoopJournal journal() {
        return journal;
    }

    ModelVersion champion() {
        return champion;
    }

    Recipe recipe() {
        return recipe;
    }

    List<LoopIteration> iterations() {
        return iterations.list();
    }

    List<Alert> alerts() {
        return alerts.list();
    }

    /** A canary running for an iteration. */
    record Canary(ModelVersion challenger, double challengerAccuracy, String dataset, int historyRows, String reason,
            double championAccuracy, long labelsSeen) {
    }

    /** What an iteration's offline step ended with: its record, and the canary it started (or null). */
    record Step(LoopIteration record, Canary canary) {
    }

    /**
     * Runs one iteration's offline step on a snapshot of the labelled window.
     *
     * @param serving the deployment serving the champion, swapped on a direct promotion
     * @param startCanary rolls a gated challenger out as a canary (null: promote it directly)
     * @return the record, with the canary started, or none when the iteration ended here (rejected or promoted)
     */
    Step challenge(String reason, List<Row> rows, long seen, Deployment serving, Consumer<ModelVersion> startCanary,
            double canaryShare) {
        iteration++;
        ModelVersion champ = champion;
        Trainer trainer = catalog.rebuild(champ.trainer(), champ.parameters(), champ.seed());
        Challenge.Result c = new Challenge(lc, model, target, history, holdout, minHistory, refit, gate)
                .run(iteration, champ, recipe, trainer, rows, seen);
        double champAcc = c.champion().accuracy();
        if (c.best() == null) {
            return new Step(record(new LoopIteration(iteration, seen, reason, null, 0, champ.id(), null, champAcc,
                    Double.NaN, holdout, LoopIteration.Outcome.REJECTED, "no history size had enough rows",
                    lc.clock().instant())), null);
        }
        double bestAcc = c.bestScores().accuracy();
        int bestSize = c.historyRows();
        String why = "challenger " + c.best().id() + " (history " + bestSize + ") vs champion " + champ.id() + ": "
                + c.verdict().reason();
        if (!c.passed()) {
            return new Step(record(new LoopIteration(iteration, seen, reason, c.dataset(), bestSize, champ.id(),
                    c.best().id(), champAcc, bestAcc, holdout, LoopIteration.Outcome.REJECTED, "gate failed: " + why,
                    lc.clock().instant())), null);
        }
        ModelVersion challenger = c.challenger();
        String dataId = c.dataset();
        if (startCanary == null) {
            serving.swap(served.apply(challenger, champ), "loop iteration " + iteration + ": " + why);
            LoopIteration out = record(new LoopIteration(iteration, seen, reason, dataId, bestSize, champ.id(),
                    challenger.id(), champAcc, bestAcc, holdout, LoopIteration.Outcome.PROMOTED,
                    "gate passed, promoted directly: " + why, lc.clock().instant()));
            promote(challenger, bestAcc);
            return new Step(out, null);
        }
        startCanary.accept(challenger);
        LoopIteration out = record(new LoopIteration(iteration, seen, reason, dataId, bestSize, champ.id(),
                challenger.id(), champAcc, bestAcc, holdout, LoopIteration.Outcome.CANARY, "gate passed, canary at "
                        + canaryShare + ": " + why, lc.clock().instant()));
        return new Step(out, new Canary(challenger, bestAcc, dataId, bestSize, reason, champAcc, seen));
    }

    /** Records how a canary ended (its rollout settled) and promotes its challenger when it passed. */
    LoopIteration conclude(Canary c, RolloutStatus status, long seen) {
        if (status.phase() == RolloutStatus.Phase.PROMOTED) {
            LoopIteration out = record(new LoopIteration(iteration, seen, c.reason(), c.dataset(), c.historyRows(),
                    champion.id(), c.challenger().id(), c.championAccuracy(), c.challengerAccuracy(), holdout,
                    LoopIteration.Outcome.PROMOTED, "canary passed its live gate: " + status.description(),
                    lc.clock().instant()));
            promote(c.challenger(), c.challengerAccuracy());
            return out;
        }
        return record(new LoopIteration(iteration, seen, c.reason(), c.dataset(), c.historyRows(), champion.id(),
                c.challenger().id(), c.championAccuracy(), c.challengerAccuracy(), holdout,
                LoopIteration.Outcome.ROLLED_BACK, "canary failed its live gate (" + status.phase()
                        + "); serving " + status.description(), lc.clock().instant()));
    }

    /** Records a canary ended by closing the loop: the champion keeps its alias. */
    void abandon(Canary c, long seen) {
        record(new LoopIteration(iteration, seen, c.reason(), c.dataset(), c.historyRows(), champion.id(),
                c.challenger().id(), c.championAccuracy(), c.challengerAccuracy(), holdout,
                LoopIteration.Outcome.ROLLED_BACK, "the loop was closed while the canary ran; " + champion.id()
                        + " stays champion", lc.clock().instant()));
    }

    private void promote(ModelVersion challenger, double expectedAccuracy) {
        lc.models().setAlias(model, "champion", challenger, "loop iteration " + iteration);
        champion = challenger;
        recipe = Recipe.of(lc, challenger, target);
        if (monitor != null && Double.isFinite(expectedAccuracy)) {
            DatasetProfile ref = lc.datasets().profile(lc.datasets().get(challenger.dataset()));
            monitor.rebase(ref, expectedAccuracy);
        }
    }

    /** Records a failed iteration and alerts the listeners; the champion keeps serving. */
    LoopIteration failed(String reason, long seen, Throwable e) {
        LOG.log(System.Logger.Level.WARNING, "Loop " + model + " iteration failed; the champion keeps serving", e);
        String why = e.getClass().getSimpleName() + ": " + e.getMessage();
        LoopIteration it = record(new LoopIteration(iteration, seen, reason, null, 0, champion.id(), null, Double.NaN,
                Double.NaN, holdout, LoopIteration.Outcome.FAILED, why, lc.clock().instant()));
        Alert a = new Alert(AlertKind.RETRAIN_FAILED, model, "loop", 1, 0, it.index(), it.time(), "Loop "
                + model + " iteration " + it.index() + " failed (" + why + "); " + champion.id()
                + " keeps serving. Fix the cause; the next trigger retries");
        alerts.add(a);
        for (AlertListener l : listeners) {
            try {
                l.onAlert(a);
            } catch (RuntimeException thrown) {
                listenerFailure.failed(thrown); // a listener must not stop the loop
            }
        }
        return it;
    }

    private LoopIteration record(LoopIteration it) {
        iterations.add(it);
        journal.record(it);
        return it;
    }
}
