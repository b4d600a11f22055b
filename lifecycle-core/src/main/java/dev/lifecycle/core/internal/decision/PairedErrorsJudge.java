package dev.lifecycle.core.internal.decision;

import dev.lifecycle.api.evaluation.Decision;
import dev.lifecycle.api.evaluation.DecisionRule;
import java.util.Locale;

/**
 * The regression counterpart of {@link PairedJudge}: a group-sequential z-test on the mean of paired
 * loss differences {@code loss(champion) - loss(challenger)} (squared or absolute error, positive when
 * the challenger is better), with the running variance by Welford's method. Not thread-safe.
 */
public final class PairedErrorsJudge {
    private final SequentialTest test;
    private long n;
    private double mean;
    private double m2;

    /** @param margin the mean loss reduction the challenger must be shown to exceed */
    public PairedErrorsJudge(DecisionRule rule, double margin) {
        this.test = new SequentialTest(rule, "paired z-test on loss differences", margin);
    }

    /** Adds the losses of both versions on one labelled row. */
    public void add(double championLoss, double challengerLoss) {
        double x = championLoss - challengerLoss;
        if (!Double.isFinite(x)) {
            return;
        }
        n++;
        double delta = x - mean;
        mean += delta / n;
        m2 += delta * (x - mean);
    }

    /** @return the decision at the look due now, or null when none is due (fewer than 2 rows count as none) */
    public Decision decide() {
        if (n < 2 || !test.due(n)) {
            return null;
        }
        double var = m2 / (n - 1);
        double floor = 1e-12 * (1 + mean * mean);
        return test.look(n, mean, Math.sqrt(Math.max(var, floor) / n), String.format(Locale.ROOT,
                "%d paired rows, mean loss reduction %.6g, sd %.6g", n, mean, Math.sqrt(var)));
    }
}
