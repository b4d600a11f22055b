package dev.lifecycle.core.internal.decision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifecycle.api.evaluation.Decision;
import dev.lifecycle.api.evaluation.DecisionRule;
import java.util.Locale;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;

/** The regression counterpart, the one-look held-out tests, the invariants of every judge, and bad options. */
@Tag("fast")
@net.jqwik.api.Tag("fast")
class DecisionRulesTest {

    /** Paired absolute errors: champion error |N(0,1)|, challenger's scaled by {@code factor}, correlated rows. */
    private static int[] regression(double factor, long seed) {
        DecisionRule rule = DecisionRule.defaults().budget(5000);
        int[] out = new int[3];
        for (int run = 0; run < 1000; run++) {
            SplittableRandom rnd = new SplittableRandom(seed * 1_000_003L + run);
            PairedErrorsJudge judge = new PairedErrorsJudge(rule, 0.0);
            Decision d = null;
            while (d == null || d.verdict() == Decision.Verdict.CONTINUE) {
                double shared = gaussian(rnd);
                double a = Math.abs(shared + 0.5 * gaussian(rnd));
                double b = Math.abs(factor * (shared + 0.5 * gaussian(rnd)));
                judge.add(a, b);
                d = judge.decide();
            }
            out[d.budgetSpent() ? 2 : d.verdict() == Decision.Verdict.PROMOTE ? 0 : 1]++;
        }
        return out;
    }

    private static double gaussian(SplittableRandom rnd) {
        return Math.sqrt(-2 * Math.log(1 - rnd.nextDouble())) * Math.cos(2 * Math.PI * rnd.nextDouble());
    }

    @Test
    void pairedErrorsKeepTheirErrorRateAndFindAFivePercentChange() {
        int[] same = regression(1.0, 21);
        int[] better = regression(0.95, 22);
        int[] worse = regression(1.05, 23);
        for (Object[] r : new Object[][] {{"identical", same}, {"0.95x error", better}, {"1.05x error", worse}}) {
            int[] c = (int[]) r[1];
            System.out.printf(Locale.ROOT, "paired absolute errors, %-12s promoted %4d/1000, rolled back %4d/1000,"
                    + " budget spent %4d/1000%n", r[0], c[0], c[1], c[2]);
        }
        assertThat(same[0] + same[1]).isLessThanOrEqualTo(50);
        assertThat(better[0]).isGreaterThanOrEqualTo(900);
        assertThat(worse[1]).isGreaterThanOrEqualTo(900);
    }

    @Test
    void heldOutTestsUseExactMcNemarAndPairedT() {
        boolean[] champion = new boolean[400];
        boolean[] challenger = new boolean[400];
        for (int i = 0; i < 400; i++) {
            champion[i] = i % 5 != 0;
            challenger[i] = i % 5 != 0 || i % 10 == 0;
        }
        Decision d = HeldOutTests.mcNemar(DecisionRule.defaults(), 0.0, champion, challenger);
        assertThat(d.verdict()).isEqualTo(Decision.Verdict.PROMOTE);
        assertThat(d.pValue()).isLessThan(1e-10);
        assertThat(d.effect()).isEqualTo(40 / 400.0);
        assertThat(d.reason()).contains("exact McNemar").contains("n=400").contains("40 only the challenger");
        Decision strict = HeldOutTests.mcNemar(DecisionRule.defaults(), 0.2, champion, challenger);
        assertThat(strict.verdict()).as("cannot show +0.2 from a +0.1 effect").isEqualTo(Decision.Verdict.ROLL_BACK);
        assertThat(strict.budgetSpent()).isTrue();
        Decision reversed = HeldOutTests.mcNemar(DecisionRule.defaults(), 0.0, challenger, champion);
        assertThat(reversed.verdict()).isEqualTo(Decision.Verdict.ROLL_BACK);
        assertThat(reversed.conclusive()).isTrue();

        double[] a = new double[200];
        double[] b = new double[200];
        for (int i = 0; i < 200; i++) {
            a[i] = 1 + (i % 7) * 0.1;
            b[i] = a[i] - 0.05 + (i % 3 - 1) * 0.01;
        }
        Decision t = HeldOutTests.pairedErrors(DecisionRule.defaults(), 0.0, a, b);
        assertThat(t.verdict()).isEqualTo(Decision.Verdict.PROMOTE);
        assertThat(t.effect()).isCloseTo(0.05, org.assertj.core.api.Assertions.within(1e-3));
        assertThat(t.test()).contains("paired t-test");
    }

    @Property(tries = 50)
    void aSplitJudgeWaitsForMinPerArmLooksOnScheduleAndAlwaysConcludesAtTheBudget(
            @ForAll @IntRange(min = 1, max = 3000) int budget, @ForAll @IntRange(min = 1, max = 40) int looks,
            @ForAll @IntRange(min = 1, max = 50) int minPerArm, @ForAll long seed) {
        DecisionRule rule = DecisionRule.defaults().budget(budget, Math.min(looks, budget)).minPerArm(minPerArm);
        SplitTrafficJudge judge = new SplitTrafficJudge(rule, 0.0);
        SplittableRandom rnd = new SplittableRandom(seed);
        long na = 0;
        long ka = 0;
        long nb = 0;
        long kb = 0;
        int lastLook = 0;
        Decision d = null;
        for (int i = 0; i < 100_000 && (d == null || d.verdict() == Decision.Verdict.CONTINUE); i++) {
            if (rnd.nextBoolean()) {
                na++;
                ka += rnd.nextDouble() < 0.7 ? 1 : 0;
            } else {
                nb++;
                kb += rnd.nextDouble() < 0.7 ? 1 : 0;
            }
            Decision next = judge.offer(na, ka, nb, kb);
            if (next != null) {
                assertThat(na).isGreaterThanOrEqualTo(minPerArm);
                assertThat(nb).isGreaterThanOrEqualTo(minPerArm);
                assertThat(next.look()).isGreaterThan(lastLook).isLessThanOrEqualTo(rule.looks());
                assertThat(next.lower()).isLessThanOrEqualTo(next.effect());
                assertThat(next.upper()).isGreaterThanOrEqualTo(next.effect());
                lastLook = next.look();
                d = next;
            }
        }
        assertThat(d).as("a judge concludes once the budget and the per-arm minimum are met").isNotNull();
        assertThat(d.verdict()).isNotEqualTo(Decision.Verdict.CONTINUE);
        assertThat(na + nb).as("concluded at the first look after the budget at the latest")
                .isLessThanOrEqualTo(Math.max(budget, 2L * minPerArm + Math.max(na, nb)));
        assertThat(judge.offer(na + 1, ka, nb + 1, kb)).as("no look after a conclusion").isNull();
    }

    @Test
    void badRulesFailFastWithTheDefaultsInTheMessage() {
        assertThatThrownBy(() -> DecisionRule.defaults().alphas(0, 0.04)).hasMessageContaining("0.007 and 0.032");
        assertThatThrownBy(() -> DecisionRule.defaults().budget(10, 20)).hasMessageContaining("at most one per label");
        assertThatThrownBy(() -> DecisionRule.defaults().minEffect(Double.NaN)).hasMessageContaining("finite");
        assertThatThrownBy(() -> DecisionRule.defaults().minPerArm(0)).hasMessageContaining("minPerArm");
        assertThat(DecisionRule.defaults().alpha()).isLessThanOrEqualTo(0.05);
        assertThat(DecisionRule.defaults().lookEvery()).isEqualTo(2000);
    }
}
