package dev.lifecycle.core.internal.decision;

import dev.lifecycle.api.evaluation.Decision;
import dev.lifecycle.api.evaluation.Decision.Verdict;
import dev.lifecycle.api.evaluation.DecisionRule;
import java.util.Locale;
import org.apache.commons.statistics.distribution.NormalDistribution;
import org.apache.commons.statistics.inference.AlternativeHypothesis;
import org.apache.commons.statistics.inference.BinomialTest;
import org.apache.commons.statistics.inference.TTest;

/**
 * One-look paired tests for a challenger and a champion that scored the same held-out rows: the exact
 * McNemar test (a binomial test on the discordant pairs, from Commons Statistics) for correctness, and
 * the paired t-test for losses. Promotes at {@code promoteAlpha}, rolls back at {@code rollBackAlpha};
 * without evidence either way the verdict is to keep the champion with {@code budgetSpent} set.
 */
public final class HeldOutTests {
    private static final NormalDistribution STD = NormalDistribution.of(0, 1);

    private HeldOutTests() {
    }

    /**
     * @param championCorrect whether the champion got each held-out row right
     * @param challengerCorrect the same for the challenger, row by row
     * @param margin the accuracy difference the challenger must be shown to exceed
     */
    public static Decision mcNemar(DecisionRule rule, double margin, boolean[] championCorrect,
            boolean[] challengerCorrect) {
        int n = championCorrect.length;
        if (n != challengerCorrect.length || n == 0) {
            throw new IllegalArgumentException("Both versions must score the same non-empty rows, got " + n + " and "
                    + challengerCorrect.length);
        }
        int b = 0;
        int c = 0;
        for (int i = 0; i < n; i++) {
            if (challengerCorrect[i] && !championCorrect[i]) {
                b++;
            } else if (championCorrect[i] && !challengerCorrect[i]) {
                c++;
            }
        }
        int m = b + c;
        double effect = (double) (b - c) / n;
        double se = Math.sqrt(Math.max((m + 0.5) / (n + 1.0) - effect * effect, 0.25 / (n + 1.0)) / n);
        double pPromote = 1;
        double pRollBack = 1;
        if (m > 0) {
            double q = 0.5 + margin * n / (2.0 * m);
            pPromote = q >= 1 ? 1 : BinomialTest.withDefaults().with(AlternativeHypothesis.GREATER_THAN)
                    .test(m, b, Math.max(0, q)).getPValue();
            double qr = 0.5 + Math.min(0, margin) * n / (2.0 * m);
            pRollBack = qr <= 0 ? 1 : BinomialTest.withDefaults().with(AlternativeHypothesis.LESS_THAN)
                    .test(m, b, Math.min(1, qr)).getPValue();
        }
        String detail = String.format(Locale.ROOT, "%d held-out rows, %d only the challenger got right, %d only the"
                + " champion (accuracy %.4f vs %.4f)", n, b, c, accuracy(challengerCorrect), accuracy(championCorrect));
        return oneLook(rule, "exact McNemar test (binomial on discordant pairs)", n, effect, se, pPromote, pRollBack,
                margin, detail);
    }

    /**
     * @param championLoss the champion's loss (e.g. squared error) on each held-out row
     * @param challengerLoss the challenger's, row by row
     * @param margin the mean loss reduction the challenger must be shown to exceed
     */
    public static Decision pairedErrors(DecisionRule rule, double margin, double[] championLoss,
            double[] challengerLoss) {
        int n = championLoss.length;
        if (n != challengerLoss.length || n < 2) {
            throw new IllegalArgumentException("Both versions must score the same rows, at least 2, got " + n
                    + " and " + challengerLoss.length);
        }
        double mean = 0;
        double m2 = 0;
        for (int i = 0; i < n; i++) {
            double x = championLoss[i] - challengerLoss[i];
            double d = x - mean;
            mean += d / (i + 1);
            m2 += d * (x - mean);
        }
        double se = Math.sqrt(m2 / (n - 1) / n);
        double pPromote;
        double pRollBack;
        if (se > 0) {
            pPromote = TTest.withDefaults().with(AlternativeHypothesis.GREATER_THAN).withMu(margin)
                    .pairedTest(championLoss, challengerLoss).getPValue();
            pRollBack = TTest.withDefaults().with(AlternativeHypothesis.LESS_THAN).withMu(Math.min(0, margin))
                    .pairedTest(championLoss, challengerLoss).getPValue();
        } else {
            pPromote = mean > margin ? 0 : 1;
            pRollBack = mean < Math.min(0, margin) ? 0 : 1;
        }
        return oneLook(rule, "paired t-test on loss differences", n, mean, se, pPromote, pRollBack, margin,
                String.format(Locale.ROOT, "%d held-out rows, mean loss reduction %.6g", n, mean));
    }

    private static Decision oneLook(DecisionRule rule, String test, long n, double effect, double se, double pPromote,
            double pRollBack, double margin, String detail) {
        double lower = effect - STD.inverseSurvivalProbability(rule.promoteAlpha()) * se;
        double upper = effect + STD.inverseSurvivalProbability(rule.rollBackAlpha()) * se;
        String full = detail + String.format(Locale.ROOT, ", min effect %+.4f, alphas %.3g promote / %.3g roll back",
                margin, rule.promoteAlpha(), rule.rollBackAlpha());
        if (pPromote <= rule.promoteAlpha()) {
            return new Decision(Verdict.PROMOTE, test, n, 1, 1, effect, lower, upper, STD.inverseSurvivalProbability(
                    Math.max(pPromote, Double.MIN_VALUE)), pPromote, rule.promoteAlpha(), rule.alpha(), false, full);
        }
        if (pRollBack <= rule.rollBackAlpha()) {
            return new Decision(Verdict.ROLL_BACK, test, n, 1, 1, effect, lower, upper, STD.inverseCumulativeProbability(
                    Math.max(pRollBack, Double.MIN_VALUE)), pRollBack, rule.rollBackAlpha(), rule.alpha(), false, full);
        }
        return new Decision(Verdict.ROLL_BACK, test, n, 1, 1, effect, lower, upper,
                STD.inverseSurvivalProbability(pPromote), pPromote, rule.promoteAlpha(), rule.alpha(), true, full);
    }

    private static double accuracy(boolean[] correct) {
        int k = 0;
        for (boolean c : correct) {
            k += c ? 1 : 0;
        }
        return (double) k / correct.length;
    }
}
