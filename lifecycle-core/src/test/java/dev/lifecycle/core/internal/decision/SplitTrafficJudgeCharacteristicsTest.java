package dev.lifecycle.core.internal.decision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lifecycle.api.evaluation.Decision;
import dev.lifecycle.api.evaluation.DecisionRule;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.commons.statistics.distribution.BinomialDistribution;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The split-traffic judge's operating characteristics with the default rule, by a seeded Monte Carlo of
 * the judge alone (exact binomial label counts between looks, 50/50 split, base accuracy 0.80, 10,000
 * labels), against the figures {@link OperatingCharacteristics} computes for its boundaries: the design
 * the deployment simulation of issue 14 relies on, checked in seconds instead of minutes.
 */
@Tag("fast")
class SplitTrafficJudgeCharacteristicsTest {
    private static final int RUNS = 20_000;
    private static final double BASE = 0.80;

    /** Draws binomial counts by inversion of cached tables (exact, and fast for repeated (n, p)). */
    private static final class Binomials {
        private final Map<Long, double[]> cdfs = new HashMap<>();
        private final Map<Long, Integer> offsets = new HashMap<>();

        int draw(SplittableRandom rnd, int n, double p) {
            long key = ((long) n << 20) ^ Double.doubleToLongBits(p) * 31;
            double[] cdf = cdfs.get(key);
            if (cdf == null) {
                cdf = table(n, p, key);
            }
            double u = rnd.nextDouble();
            int lo = 0;
            int hi = cdf.length - 1;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (cdf[mid] > u) {
                    hi = mid;
                } else {
                    lo = mid + 1;
                }
            }
            return offsets.get(key) + lo;
        }

        private double[] table(int n, double p, long key) {
            BinomialDistribution b = BinomialDistribution.of(n, p);
            int from = Math.max(0, b.inverseCumulativeProbability(1e-15));
            int to = Math.min(n, b.inverseSurvivalProbability(1e-15));
            double[] cdf = new double[to - from + 1];
            double sum = 0;
            for (int k = from; k <= to; k++) {
                sum += b.probability(k);
                cdf[k - from] = sum;
            }
            for (int i = 0; i < cdf.length; i++) {
                cdf[i] /= sum;
            }
            cdf[cdf.length - 1] = 1.0;
            cdfs.put(key, cdf);
            offsets.put(key, from);
            return cdf;
        }
    }

    /** @return {promoted, rolled back on evidence, budget spent} over {@link #RUNS} runs */
    static int[] simulate(DecisionRule rule, double challenger, long seed) {
        Binomials bin = new Binomials();
        SplittableRandom rnd = new SplittableRandom(seed);
        int[] out = new int[3];
        int step = rule.lookEvery();
        for (int run = 0; run < RUNS; run++) {
            SplitTrafficJudge judge = new SplitTrafficJudge(rule, rule.minEffect());
            long na = 0;
            long ka = 0;
            long nb = 0;
            long kb = 0;
            Decision d = null;
            while (d == null || d.verdict() == Decision.Verdict.CONTINUE) {
                int labels = (int) Math.min(step, rule.budget() - na - nb);
                int a = bin.draw(rnd, labels, 0.5);
                na += a;
                ka += bin.draw(rnd, a, BASE);
                nb += labels - a;
                kb += bin.draw(rnd, labels - a, challenger);
                d = judge.offer(na, ka, nb, kb);
            }
            out[d.budgetSpent() ? 2 : d.verdict() == Decision.Verdict.PROMOTE ? 0 : 1]++;
        }
        return out;
    }

    /** @return the computed {@link OperatingCharacteristics} of the default rule for a challenger's accuracy */
    static OperatingCharacteristics.Outcome computed(DecisionRule rule, double challenger) {
        double half = rule.budget() / 2.0;
        double theta = (challenger - BASE) / Math.sqrt((BASE * (1 - BASE) + challenger * (1 - challenger)) / half);
        return OperatingCharacteristics.of(SpendingBoundary.obrienFleming(rule.promoteAlpha(), rule.looks()),
                SpendingBoundary.obrienFleming(rule.rollBackAlpha(), rule.looks()),
                OperatingCharacteristics.equallySpaced(rule.looks()), theta);
    }

    private static double rate(int count) {
        return (double) count / RUNS;
    }

    /** Four Monte Carlo standard errors of a rate near {@code p}. */
    private static double noise(double p) {
        return 4 * Math.sqrt(p * (1 - p) / RUNS);
    }

    @Test
    void defaultRuleHoldsItsErrorRateAndPowerOnAFiftyFiftySplit() {
        DecisionRule rule = DecisionRule.defaults();
        int[] same = simulate(rule, 0.80, 101);
        int[] worse = simulate(rule, 0.77, 102);
        int[] better = simulate(rule, 0.83, 103);
        OperatingCharacteristics.Outcome h0 = computed(rule, 0.80);
        OperatingCharacteristics.Outcome down = computed(rule, 0.77);
        OperatingCharacteristics.Outcome up = computed(rule, 0.83);
        System.out.printf(Locale.ROOT, "split-traffic judge, %d runs, identical: promoted %.4f (computed %.4f), rolled"
                + " back %.4f (computed %.4f); 0.77: rolled back %.4f (computed %.4f); 0.83: promoted %.4f (computed"
                + " %.4f)%n", RUNS, rate(same[0]), h0.promote(), rate(same[1]), h0.rollBack(), rate(worse[1]),
                down.rollBack(), rate(better[0]), up.promote());

        assertThat(rate(same[0])).as("wrongful promotions").isCloseTo(h0.promote(), within(noise(h0.promote())));
        assertThat(rate(same[1])).as("wrongful rollbacks").isCloseTo(h0.rollBack(), within(noise(h0.rollBack())));
        assertThat(rate(worse[1])).as("rollbacks of -3 points").isCloseTo(down.rollBack(),
                within(noise(down.rollBack())));
        assertThat(rate(better[0])).as("promotions of +3 points").isCloseTo(up.promote(), within(noise(up.promote())));

        assertThat(rate(same[0] + same[1])).as("any wrongful decision over all looks").isLessThanOrEqualTo(0.043);
        assertThat(rate(worse[1])).as("power against -3 points").isGreaterThanOrEqualTo(0.955);
        assertThat(rate(better[0])).as("power for +3 points").isGreaterThanOrEqualTo(0.91);
        assertThat(worse[0] + better[1]).as("promoting the worse or rolling back the better").isLessThan(RUNS / 10_000);
    }

    @Test
    void computedDesignOfTheDefaults() {
        DecisionRule rule = DecisionRule.defaults();
        OperatingCharacteristics.Outcome h0 = computed(rule, 0.80);
        assertThat(h0.promote()).isCloseTo(rule.promoteAlpha(), within(2e-4));
        assertThat(h0.rollBack()).isCloseTo(rule.rollBackAlpha(), within(2e-4));
        assertThat(computed(rule, 0.77).rollBack()).isCloseTo(0.9606, within(5e-4));
        assertThat(computed(rule, 0.83).promote()).isCloseTo(0.9167, within(5e-4));
    }

    @Test
    void oneLookCharacteristicsAreTheNormalTails() {
        org.apache.commons.statistics.distribution.NormalDistribution std =
                org.apache.commons.statistics.distribution.NormalDistribution.of(0, 1);
        OperatingCharacteristics.Outcome o = OperatingCharacteristics.of(new double[] {2.3}, new double[] {1.9},
                new double[] {1.0}, -1.2);
        assertThat(o.promote()).isCloseTo(std.survivalProbability(2.3 + 1.2), within(1e-12));
        assertThat(o.rollBack()).isCloseTo(std.cumulativeProbability(-1.9 + 1.2), within(1e-12));
        assertThat(o.information()).isEqualTo(1.0);
    }

    @Test
    void restrictedEstimatesMaximizeTheLikelihoodUnderTheNull() {
        double[][] cases = {{0.8, 5000, 0.77, 4900, 0.01}, {0.8, 500, 0.77, 490, -0.02}, {0.9, 100, 0.95, 300, 0.03},
            {1.0, 40, 1.0, 40, -0.01}, {0.2, 30, 0.9, 50, 0.05}};
        for (double[] c : cases) {
            double[] r = SplitTrafficJudge.restricted(c[0], c[1], c[2], c[3], c[4]);
            assertThat(r[0] - r[1]).isCloseTo(c[4], within(1e-12));
            double best = Double.NEGATIVE_INFINITY;
            double arg = Double.NaN;
            double lo = Math.max(0, c[4]);
            double hi = Math.min(1, 1 + c[4]);
            for (int i = 1; i < 200_000; i++) {
                double r1 = lo + (hi - lo) * i / 200_000.0;
                double r2 = r1 - c[4];
                double ll = c[0] * c[1] * Math.log(r1) + (1 - c[0]) * c[1] * Math.log(1 - r1) + c[2] * c[3] * Math.log(r2)
                        + (1 - c[2]) * c[3] * Math.log(1 - r2);
                if (ll > best) {
                    best = ll;
                    arg = r1;
                }
            }
            assertThat(r[0]).as("restricted MLE for %s", java.util.Arrays.toString(c)).isCloseTo(arg, within(1e-4));
        }
        assertThat(SplitTrafficJudge.restricted(0.83, 5000, 0.80, 5000, 0.0)).containsExactly(0.815, 0.815);
    }
}
