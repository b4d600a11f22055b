package dev.lifecycle.core.loop;

import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.data.SchemaMismatchException;
import dev.lifecycle.api.evaluation.Decision;
import dev.lifecycle.api.evaluation.DecisionRule;
import dev.lifecycle.api.model.Model;
import dev.lifecycle.api.model.ModelVersion;
import dev.lifecycle.api.model.OutputType;
import dev.lifecycle.api.model.Prediction;
import dev.lifecycle.core.internal.decision.HeldOutTests;
import java.util.List;

/**
 * The loop's promotion test: a challenger and the champion score the same held-out rows, and a paired
 * test judges the difference. Classifiers: the exact McNemar test (binomial on the discordant rows);
 * regressors: the paired t-test on squared errors ({@link HeldOutTests#pairedErrors}). Without a canary
 * to follow, the challenger passes only when shown better by more than {@code minImprovement}; with one
 * (whose sequential test then decides on live traffic), it passes unless shown worse or its held-out
 * effect is below {@code minImprovement}.
 */
final class HeldOutGate {
    private final DecisionRule rule;
    private final double minImprovement;
    private final boolean canaryFollows;

    HeldOutGate(DecisionRule rule, double minImprovement, boolean canaryFollows) {
        this.rule = rule;
        this.minImprovement = minImprovement;
        this.canaryFollows = canaryFollows;
    }

    /**
     * A version's outcomes on held-out rows.
     *
     * @param ok classification: whether it got each row right (a row it cannot take counts as wrong); else null
     * @param loss regression: its squared error on each row (a row it cannot take is NaN); else null
     */
    record Scores(boolean[] ok, double[] loss) {
        /** @return accuracy for a classifier; minus the mean squared error for a regressor (higher is better) */
        double quality() {
            if (ok != null) {
                int n = 0;
                for (boolean b : ok) {
                    n += b ? 1 : 0;
                }
                return ok.length == 0 ? Double.NaN : (double) n / ok.length;
            }
            double sum = 0;
            int n = 0;
            for (double l : loss) {
                if (Double.isFinite(l)) {
                    sum += l;
                    n++;
                }
            }
            return n == 0 ? Double.NEGATIVE_INFINITY : -sum / n;
        }

        /** @return the accuracy for the iteration record (NaN for a regressor: its reason gives the losses) */
        double accuracy() {
            return ok != null ? quality() : Double.NaN;
        }
    }

    /**
     * @param passed whether the challenger may go ahead (to a canary, or promoted)
     * @param decision the test's decision
     * @param reason the evidence for the journal: test, n, effect and p-value
     */
    record Verdict(boolean passed, Decision decision, String reason) {
    }

    /** Scores a version on rows whose true labels (or numbers) are {@code truth}, with its raw model. */
    static Scores score(ModelVersion v, List<Row> inputs, List<String> truth) {
        return score(v, v.model(), inputs, truth);
    }

    /**
     * Scores a version as served ({@code served}: its model at its decision threshold, when it has one)
     * on rows whose true labels (or numbers) are {@code truth}.
     */
    static Scores score(ModelVersion v, Model served, List<Row> inputs, List<String> truth) {
        boolean regression = v.signature().outputType() == OutputType.REGRESSION;
        Prediction[] p = predict(served, inputs);
        if (!regression) {
            boolean[] ok = new boolean[inputs.size()];
            for (int i = 0; i < ok.length; i++) {
                ok[i] = p[i] != null && truth.get(i).equals(p[i].label());
            }
            return new Scores(ok, null);
        }
        double[] loss = new double[inputs.size()];
        for (int i = 0; i < loss.length; i++) {
            double y;
            try {
                y = Double.parseDouble(truth.get(i));
            } catch (NumberFormatException e) {
                y = Double.NaN;
            }
            double e = p[i] == null ? Double.NaN : p[i].value() - y;
            loss[i] = e * e;
        }
        return new Scores(null, loss);
    }

    private static Prediction[] predict(Model model, List<Row> inputs) {
        Prediction[] out = new Prediction[inputs.size()];
        try {
            List<Prediction> all = model.predictAll(inputs);
            for (int i = 0; i < out.length; i++) {
                out[i] = all.get(i);
            }
            return out;
        } catch (SchemaMismatchException e) {
            // one row it cannot take fails the batch: score row by row
        }
        for (int i = 0; i < out.length; i++) {
            try {
                out[i] = model.predict(inputs.get(i));
            } catch (SchemaMismatchException e) {
                out[i] = null; // in serving the input policy answers it; offline it is no evidence for the version
            }
        }
        return out;
    }

    /** Judges a challenger against the champion on the same held-out rows. */
    Verdict judge(Scores champion, Scores challenger) {
        Decision d;
        String dropped = "";
        if (champion.ok() != null && challenger.ok() != null) {
            d = HeldOutTests.mcNemar(rule, minImprovement, champion.ok(), challenger.ok());
        } else if (champion.loss() != null && challenger.loss() != null) {
            double[][] both = finitePairs(champion.loss(), challenger.loss());
            int skipped = champion.loss().length - both[0].length;
            if (both[0].length < 2) {
                return new Verdict(false, null, "paired t-test on squared errors: fewer than 2 held-out rows both"
                        + " versions could score (" + skipped + " could not)");
            }
            d = HeldOutTests.pairedErrors(rule, minImprovement, both[0], both[1]);
            dropped = skipped == 0 ? "" : "; " + skipped + " held-out rows one version could not score left out";
        } else {
            return new Verdict(false, null, "the challenger's output type differs from the champion's");
        }
        boolean pass = canaryFollows
                ? !(d.conclusive() && d.verdict() == Decision.Verdict.ROLL_BACK) && d.effect() >= minImprovement
                : d.verdict() == Decision.Verdict.PROMOTE;
        return new Verdict(pass, d, d.reason() + dropped);
    }

    private static double[][] finitePairs(double[] a, double[] b) {
        int n = 0;
        for (int i = 0; i < a.length; i++) {
            n += Double.isFinite(a[i]) && Double.isFinite(b[i]) ? 1 : 0;
        }
        double[][] out = new double[2][n];
        int k = 0;
        for (int i = 0; i < a.length; i++) {
            if (Double.isFinite(a[i]) && Double.isFinite(b[i])) {
                out[0][k] = a[i];
                out[1][k] = b[i];
                k++;
            }
        }
        return out;
    }
}
