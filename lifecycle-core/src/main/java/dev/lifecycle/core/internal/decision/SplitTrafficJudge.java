package dev.lifecycle.core.internal.decision;

import dev.lifecycle.api.evaluation.Decision;
import dev.lifecycle.api.evaluation.DecisionRule;
import java.util.Locale;

/**
 * Judges a challenger that serves its own share of traffic (canary, progressive step, A/B) against the
 * control on labelled accuracy: a group-sequential two-proportion z-test on the accuracy difference
 * (unpooled Wald standard error, counts smoothed by half a label so no variance is 0), looking every
 * {@link DecisionRule#lookEvery()} labels of both arms together. Not thread-safe.
 */
public final class SplitTrafficJudge {
    private final DecisionRule rule;
    private final SequentialTest test;

    /** @param margin the accuracy difference the challenger must be shown to exceed */
    public SplitTrafficJudge(DecisionRule rule, double margin) {
        this.rule = rule;
        this.test = new SequentialTest(rule, "two-proportion z-test on accuracy", margin);
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
        double se = Math.sqrt(variance(controlCorrect, controlLabels) / controlLabels
                + variance(challengerCorrect, challengerLabels) / challengerLabels);
        return test.look(controlLabels + challengerLabels, pb - pa, se, String.format(Locale.ROOT,
                "challenger accuracy %.4f on %d labels vs control %.4f on %d", pb, challengerLabels, pa,
                controlLabels));
    }

    /** @return the last decision taken, or null before the first look */
    public Decision last() {
        return test.last();
    }

    private static double variance(long correct, long n) {
        double p = (correct + 0.5) / (n + 1.0);
        return p * (1 - p);
    }
}
