package dev.lifecycle.core.internal.decision;

import dev.lifecycle.api.evaluation.Decision;
import dev.lifecycle.api.evaluation.DecisionRule;
import java.util.Locale;

/**
 * Judges a challenger that serves its own share of traffic (canary, progressive step, A/B) against the
 * control on labelled accuracy: a group-sequential two-proportion score z-test on the accuracy difference,
 * looking every {@link DecisionRule#lookEvery()} labels of both arms together. Each side's standard error
 * is the one its null hypothesis implies (Farrington-Manning restricted maximum likelihood: the pooled
 * accuracy when the margin is 0), which holds the error rate closer to nominal than the unpooled Wald
 * error does on small or lopsided arms.
 *
 * <p>Operating characteristics of {@link DecisionRule#defaults()} on a 50/50 split at base accuracy 0.80
 * (computed by {@link OperatingCharacteristics}; {@code SplitTrafficJudgeCharacteristicsTest} checks them by
 * simulation): identical challenger, wrongful promotion 0.70% and rollback 3.20% over all five looks;
 * challenger 3 points worse rolled back in 96.06%; 3 points better promoted in 91.67%. Not thread-safe.
 */
public final class SplitTrafficJudge {
    private final DecisionRule rule;
    private final double margin;
    private final SequentialTest test;

    /** @param margin the accuracy difference the challenger must be shown to exceed */
    public SplitTrafficJudge(DecisionRule rule, double margin) {
        this.rule = rule;
        this.margin = margin;
        this.test = new SequentialTest(rule, "two-proportion z-test on accuracy (score statistic)", margin);
    }

    /** @return whether {@link #offer} would take a look with these label counts (cheap) */
    public boolean due(long controlLabels, long challengerLabels) {
        return controlLabels >= rule.minPerArm() && challengerLabels >= rule.minPerArm()
                && test.due(controlLabels + challengerLabels);
    }

    /**
     * @return the decision at the look due for these counts, or null when no look is due (too few labels
     *     per arm, between looks, or already concluded)
     */
    public Decision offer(long controlLabels, long controlCorrect, long challengerLabels, long challengerCorrect) {
        if (!due(controlLabels, challengerLabels)) {
            return null;
        }
        double pa = (double) controlCorrect / controlLabels;
        double pb = (double) challengerCorrect / challengerLabels;
        double sePromote = scoreSe(controlCorrect, controlLabels, challengerCorrect, challengerLabels, margin);
        double seRollBack = margin > 0 ? scoreSe(controlCorrect, controlLabels, challengerCorrect, challengerLabels, 0)
                : sePromote;
        return test.look(controlLabels + challengerLabels, pb - pa, sePromote, seRollBack, String.format(Locale.ROOT,
                "challenger accuracy %.4f on %d labels vs control %.4f on %d", pb, challengerLabels, pa,
                controlLabels));
    }

    /** @return the last decision taken, or null before the first look */
    public Decision last() {
        return test.last();
    }

    /**
     * The standard error of the challenger's accuracy minus the control's under the hypothesis that the
     * difference is {@code delta}: both accuracies by restricted maximum likelihood (Farrington and
     * Manning, Statistics in Medicine 9, 1990, closed form of the cubic), each kept half a label away
     * from 0 and 1 so the error is never 0.
     */
    static double scoreSe(long controlCorrect, long controlLabels, long challengerCorrect, long challengerLabels,
            double delta) {
        double n1 = challengerLabels;
        double n2 = controlLabels;
        double p1 = challengerCorrect / n1;
        double p2 = controlCorrect / n2;
        double[] r = restricted(p1, n1, p2, n2, delta);
        double r1 = clamp(r[0], n1);
        double r2 = clamp(r[1], n2);
        return Math.sqrt(r1 * (1 - r1) / n1 + r2 * (1 - r2) / n2);
    }

    /** @return the maximum likelihood accuracies {@code {challenger, control}} whose difference is {@code delta} */
    static double[] restricted(double p1, double n1, double p2, double n2, double delta) {
        if (delta == 0) {
            double pooled = (p1 * n1 + p2 * n2) / (n1 + n2);
            return new double[] {pooled, pooled};
        }
        double theta = n2 / n1;
        double a = 1 + theta;
        double b = -(1 + theta + p1 + theta * p2 + delta * (theta + 2));
        double c = delta * delta + delta * (2 * p1 + theta + 1) + p1 + theta * p2;
        double d = -p1 * delta * (1 + delta);
        double v = b * b * b / (27 * a * a * a) - b * c / (6 * a * a) + d / (2 * a);
        double u = Math.signum(v) * Math.sqrt(Math.max(0, b * b / (9 * a * a) - c / (3 * a)));
        double r1;
        if (u == 0) {
            r1 = -b / (3 * a);
        } else {
            double w = (Math.PI + Math.acos(Math.max(-1, Math.min(1, v / (u * u * u))))) / 3;
            r1 = 2 * u * Math.cos(w) - b / (3 * a);
        }
        double lo = Math.max(0, delta);
        double hi = Math.min(1, 1 + delta);
        r1 = Double.isFinite(r1) ? Math.max(lo, Math.min(hi, r1)) : Math.max(lo, Math.min(hi, p1));
        return new double[] {r1, r1 - delta};
    }

    private static double clamp(double p, double n) {
        double e = 0.5 / (n + 1);
        return Math.max(e, Math.min(1 - e, p));
    }
}
