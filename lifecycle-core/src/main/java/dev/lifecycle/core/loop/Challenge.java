package dev.lifecycle.core.loop;

import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.model.ModelVersion;
import dev.lifecycle.api.model.Trainer;
import dev.lifecycle.core.Lifecycle;
import java.util.ArrayList;
import java.util.List;

/**
 * One offline challenge of an iteration: challengers trained with the champion's recipe and trainer on
 * each history size before the held-out rows, the best one judged against the champion on the same
 * held-out rows (paired outcomes), and, when it passes and refit is on, refitted on the latest rows.
 */
final class Challenge {
    private final Lifecycle lc;
    private final String model;
    private final String target;
    private final int[] history;
    private final int holdout;
    private final int minHistory;
    private final boolean refit;
    private final HeldOutGate judge;

    Challenge(Lifecycle lc, String model, String target, int[] history, int holdout, int minHistory, boolean refit,
            HeldOutGate judge) {
        this.lc = lc;
        this.model = model;
        this.target = target;
        this.history = history;
        this.holdout = holdout;
        this.minHistory = minHistory;
        this.refit = refit;
        this.judge = judge;
    }

    /**
     * What a challenge found.
     *
     * @param champion the champion's outcomes on the held-out rows
     * @param best the best challenger on them, or null when no history size had enough rows
     * @param bestScores its outcomes
     * @param historyRows its history size
     * @param verdict the judge's verdict, or null without a challenger
     * @param challenger the version to roll out (the refitted one when refit is on and the gate passed)
     * @param dataset the id of the challenger's training data
     */
    record Result(HeldOutGate.Scores champion, ModelVersion best, HeldOutGate.Scores bestScores, int historyRows,
            HeldOutGate.Verdict verdict, ModelVersion challenger, String dataset) {
        boolean passed() {
            return verdict != null && verdict.passed();
        }
    }

    /**
     * @param rows the labelled window, oldest first; the latest {@code holdout} are held out
     * @param seen labels received when the iteration fired (numbers the rows in dataset descriptions)
     */
    Result run(int iteration, ModelVersion champion, Recipe recipe, Trainer trainer, List<Row> rows, long seen) {
        List<Row> held = rows.subList(rows.size() - holdout, rows.size());
        List<Row> heldInputs = new ArrayList<>(held.size());
        List<String> truth = new ArrayList<>(held.size());
        for (Row row : held) {
            heldInputs.add(row.without(target));
            truth.add(String.valueOf(row.get(target)));
        }
        HeldOutGate.Scores champOk = HeldOutGate.score(champion, lc.models().served(champion), heldInputs, truth);
        ModelVersion best = null;
        HeldOutGate.Scores bestOk = null;
        int bestSize = 0;
        String bestData = null;
        for (int h : history) {
            int end = rows.size() - holdout;
            int start = Math.max(0, end - h);
            if (end - start < minHistory) {
                continue;
            }
            DatasetVersion data = recipe.dataset(lc, model + "-loop", "loop " + model + " iteration " + iteration
                    + ": rows " + (seen - rows.size() + start + 1) + ".." + (seen - rows.size() + end)
                    + " of the labelled prediction log, holding out the latest " + holdout, rows.subList(start, end));
            ModelVersion v = lc.train(model, trainer, data);
            HeldOutGate.Scores ok = HeldOutGate.score(v, lc.models().served(v), heldInputs, truth);
            if (bestOk == null || ok.quality() > bestOk.quality()) {
                best = v;
                bestOk = ok;
                bestSize = h;
                bestData = data.id();
            }
        }
        if (best == null) {
            return new Result(champOk, null, null, 0, null, null, null);
        }
        HeldOutGate.Verdict verdict = judge.judge(champOk, bestOk);
        ModelVersion challenger = best;
        String dataId = bestData;
        if (verdict.passed() && refit) {
            int start = Math.max(0, rows.size() - bestSize);
            DatasetVersion data = recipe.dataset(lc, model + "-loop", "loop " + model + " iteration " + iteration
                    + ": rows " + (seen - rows.size() + start + 1) + ".." + seen + " of the labelled prediction log"
                    + " (refit of the gated challenger " + best.id() + ")", rows.subList(start, rows.size()));
            challenger = lc.train(model, trainer, data);
            dataId = data.id();
        }
        return new Result(champOk, best, bestOk, bestSize, verdict, challenger, dataId);
    }
}
