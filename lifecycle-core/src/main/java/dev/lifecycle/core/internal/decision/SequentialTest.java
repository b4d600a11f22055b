package dev.lifecycle.core.internal.decision;

import dev.lifecycle.api.evaluation.Decision;
import dev.lifecycle.api.evaluation.Decision.Verdict;
import dev.lifecycle.api.evaluation.DecisionRule;
import org.apache.commons.statistics.distribution.NormalDistribution;

/**
 * A group-sequential test of a challenger's advantage with alpha spending: looks every
 * {@link DecisionRule#lookEvery()} labels up to the budget; at look {@code j} it promotes when
 * {@code (effect - margin) / se} reaches the promotion boundary, rolls back when
 * {@code (effect - min(0, margin)) / se} reaches minus the rollback boundary, and keeps the champion
 * when the last look passes without either. Each side is an O'Brien-Fleming-type spending boundary for
 * its own error rate, computed ignoring the other side, so the chance of any wrongful decision over all
 * looks is at most {@code promoteAlpha + rollBackAlpha}. Looks skipped (labels arriving in bursts) only
 * make it more conservative.
 *
 * <p>Pure and deterministic; not thread-safe (one judge per rollout step, called under its lock).
 */
public final class SequentialTest {
    private static final NormalDistribution STD = NormalDistribution.of(0, 1);

    private final DecisionRule rule;
    private final String name;
    private final double margin;
    private final double[] up;
    private final double[] down;
    private int lastLook;
    private Decision last;

    /**
     * @param rule error rates, budget and looks
     * @param name the test's name for the record
     * @param margin the effect the challenger must be shown to exceed
     */
    public SequentialTest(DecisionRule rule, String name, double margin) {
        this.rule = rule;
        this.name = name + " (group-sequential, O'Brien-Fleming alpha spending)";
        this.margin = margin;
        this.up = SpendingBoundary.obrienFleming(rule.promoteAlpha(), rule.looks());
        this.down = SpendingBoundary.obrienFleming(rule.rollBackAlpha(), rule.looks());
    }

    /** @return the look due after {@code n} labels (0 before the first), at most the last */
    public int lookAt(long n) {
        return n >= rule.budget() ? rule.looks() : (int) Math.min(rule.looks(), n / rule.lookEvery());
    }

    /** @return whether a look not yet taken is due after {@code n} labels */
    public boolean due(long n) {
        return last == null || last.verdict() == Verdict.CONTINUE ? lookAt(n) > lastLook : false;
    }

    /** @return the last decision taken, or null before the first look */
    public Decision last() {
        return last;
    }

    /**
     * Judges at the look due after {@code n} labels.
     *
     * @param effect the challenger's estimated advantage
     * @param se its standard error (positive)
     * @param detail what was compared, for the record
     * @return the decision, or null when no new look is due (or the test has already concluded)
     */
    public Decision look(long n, double effect, double se, String detail) {
        return look(n, effect, se, se, detail);
    }

    /**
     * Judges at the look due after {@code n} labels, with each side's standard error computed under its
     * own null hypothesis (e.g. a score test's restricted estimate).
     *
     * @param sePromote the effect's standard error when it equals the margin (positive)
     * @param seRollBack its standard error when it equals {@code min(0, margin)} (positive)
     * @return the decision, or null when no new look is due (or the test has already concluded)
     */
    public Decision look(long n, double effect, double sePromote, double seRollBack, String detail) {
        if (!due(n)) {
            return null;
        }
        int j = lookAt(n);
        lastLook = j;
        double u = up[j - 1];
        double d = down[j - 1];
        double zp = (effect - margin) / sePromote;
        double zr = (effect - Math.min(0, margin)) / seRollBack;
        double lower = effect - u * sePromote;
        double upper = effect + d * seRollBack;
        Verdict v;
        double stat;
        double p;
        double threshold;
        boolean spent = false;
        if (zp >= u) {
            v = Verdict.PROMOTE;
            stat = zp;
            p = STD.survivalProbability(zp);
            threshold = STD.survivalProbability(u);
        } else if (zr <= -d) {
            v = Verdict.ROLL_BACK;
            stat = zr;
            p = STD.cumulativeProbability(zr);
            threshold = STD.survivalProbability(d);
        } else {
            spent = j == rule.looks();
            v = spent ? Verdict.ROLL_BACK : Verdict.CONTINUE;
            stat = zp;
            p = STD.survivalProbability(zp);
            threshold = STD.survivalProbability(u);
        }
        last = new Decision(v, name, n, j, rule.looks(), effect, lower, upper, stat, p, threshold, rule.alpha(),
                spent, detail + String.format(java.util.Locale.ROOT, ", min effect %+.4f, alphas %.3g promote /"
                        + " %.3g roll back, budget %d", margin, rule.promoteAlpha(), rule.rollBackAlpha(),
                        rule.budget()));
        return last;
    }
}
