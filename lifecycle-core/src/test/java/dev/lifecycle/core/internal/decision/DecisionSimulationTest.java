package dev.lifecycle.core.internal.decision;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifecycle.api.evaluation.Decision;
import dev.lifecycle.api.evaluation.DecisionRule;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;

/**
 * Issue 14's acceptance: seeded simulations, 1,000 runs each, of the decision code the rollout
 * controller and the loop call, fed with simulated Bernoulli outcomes. Base accuracy 0.80; the
 * challenger is identical, +3 points or -3 points. Split traffic: 50/50, budget 10,000 labels.
 * Paired (both versions score every row): 15% of rows discordant, budget 5,000 rows.
 */
@Tag("slow")
class DecisionSimulationTest {
    private static final int RUNS = 1000;
    private static final double BASE = 0.80;
    private static final double DISCORDANT = 0.15;

    /** Counts of outcomes over the runs. */
    private record Tally(int promoted, int rolledBack, int kept, long labelsToDecide) {
        int wrongful() {
            return promoted + rolledBack;
        }

        String line(String what) {
            int decided = promoted + rolledBack;
            return String.format(Locale.ROOT, "%-44s promoted %4d/1000, rolled back %4d/1000, budget spent %4d/1000,"
                    + " mean labels to a conclusive decision %s", what, promoted, rolledBack, kept,
                    decided == 0 ? "-" : Long.toString(labelsToDecide / decided));
        }
    }

    private static Tally split(double challenger, long seed) {
        DecisionRule rule = DecisionRule.defaults();
        int promoted = 0;
        int rolledBack = 0;
        int kept = 0;
        long labels = 0;
        for (int run = 0; run < RUNS; run++) {
            SplittableRandom rnd = new SplittableRandom(seed * 1_000_003L + run);
            SplitTrafficJudge judge = new SplitTrafficJudge(rule, 0.0);
            long na = 0;
            long ka = 0;
            long nb = 0;
            long kb = 0;
            Decision d = null;
            while (d == null || d.verdict() == Decision.Verdict.CONTINUE) {
                if (rnd.nextDouble() < 0.5) {
                    na++;
                    ka += rnd.nextDouble() < BASE ? 1 : 0;
                } else {
                    nb++;
                    kb += rnd.nextDouble() < challenger ? 1 : 0;
                }
                d = judge.offer(na, ka, nb, kb);
                if (d == null && na + nb > rule.budget()) {
                    throw new AssertionError("the judge did not conclude at its budget");
                }
            }
            if (d.budgetSpent()) {
                kept++;
            } else if (d.verdict() == Decision.Verdict.PROMOTE) {
                promoted++;
                labels += d.n();
            } else {
                rolledBack++;
                labels += d.n();
            }
            assertThat(d.n()).isLessThanOrEqualTo(rule.budget());
        }
        return new Tally(promoted, rolledBack, kept, labels);
    }

    private static Tally paired(double challenger, long seed) {
        DecisionRule rule = DecisionRule.defaults().budget(5000);
        double diff = challenger - BASE;
        double challengerOnly = (DISCORDANT + diff) / 2;
        double championOnly = (DISCORDANT - diff) / 2;
        double bothRight = BASE - championOnly;
        int promoted = 0;
        int rolledBack = 0;
        int kept = 0;
        long labels = 0;
        for (int run = 0; run < RUNS; run++) {
            SplittableRandom rnd = new SplittableRandom(seed * 1_000_003L + run);
            PairedJudge judge = new PairedJudge(rule, 0.0);
            Decision d = null;
            while (d == null || d.verdict() == Decision.Verdict.CONTINUE) {
                double u = rnd.nextDouble();
                if (u < bothRight) {
                    judge.add(true, true);
                } else if (u < bothRight + challengerOnly) {
                    judge.add(false, true);
                } else if (u < bothRight + challengerOnly + championOnly) {
                    judge.add(true, false);
                } else {
                    judge.add(false, false);
                }
                d = judge.decide();
            }
            if (d.budgetSpent()) {
                kept++;
            } else if (d.verdict() == Decision.Verdict.PROMOTE) {
                promoted++;
                labels += d.n();
            } else {
                rolledBack++;
                labels += d.n();
            }
            assertThat(d.n()).isLessThanOrEqualTo(rule.budget());
        }
        return new Tally(promoted, rolledBack, kept, labels);
    }

    /** The loop's held-out gate: one exact McNemar test on {@code rows} paired rows. */
    private static Tally heldOut(double challenger, int rows, long seed) {
        DecisionRule rule = DecisionRule.defaults();
        double diff = challenger - BASE;
        double challengerOnly = (DISCORDANT + diff) / 2;
        double championOnly = (DISCORDANT - diff) / 2;
        double bothRight = BASE - championOnly;
        int promoted = 0;
        int rolledBack = 0;
        int kept = 0;
        for (int run = 0; run < RUNS; run++) {
            SplittableRandom rnd = new SplittableRandom(seed * 1_000_003L + run);
            boolean[] a = new boolean[rows];
            boolean[] b = new boolean[rows];
            for (int i = 0; i < rows; i++) {
                double u = rnd.nextDouble();
                a[i] = u < bothRight || (u >= bothRight + challengerOnly && u < bothRight + challengerOnly + championOnly);
                b[i] = u < bothRight + challengerOnly;
            }
            Decision d = HeldOutTests.mcNemar(rule, 0.0, a, b);
            if (d.budgetSpent()) {
                kept++;
            } else if (d.verdict() == Decision.Verdict.PROMOTE) {
                promoted++;
            } else {
                rolledBack++;
            }
        }
        return new Tally(promoted, rolledBack, kept, (long) rows * (promoted + rolledBack));
    }

    @Test
    void splitTrafficFiftyFiftyWithinTenThousandLabels() {
        Tally same = split(0.80, 1);
        Tally better = split(0.83, 2);
        Tally worse = split(0.77, 3);
        System.out.println(same.line("split 50/50, identical 0.80 vs 0.80:"));
        System.out.println(better.line("split 50/50, challenger 0.83 vs 0.80:"));
        System.out.println(worse.line("split 50/50, challenger 0.77 vs 0.80:"));
        assertThat(same.wrongful()).as("wrongful promotions or rollbacks, counting every look").isLessThanOrEqualTo(50);
        assertThat(better.promoted()).as("promoted within 10,000 labels").isGreaterThanOrEqualTo(900);
        assertThat(worse.rolledBack()).as("rolled back within 10,000 labels").isGreaterThanOrEqualTo(950);
    }

    @Test
    void pairedSequentialWithinFiveThousandRows() {
        Tally same = paired(0.80, 4);
        Tally better = paired(0.83, 5);
        Tally worse = paired(0.77, 6);
        System.out.println(same.line("paired (15% discordant), identical:"));
        System.out.println(better.line("paired (15% discordant), challenger 0.83:"));
        System.out.println(worse.line("paired (15% discordant), challenger 0.77:"));
        assertThat(same.wrongful()).isLessThanOrEqualTo(50);
        assertThat(better.promoted()).isGreaterThanOrEqualTo(900);
        assertThat(worse.rolledBack()).isGreaterThanOrEqualTo(950);
    }

    @Test
    void heldOutMcNemarOnFiveThousandRowsAndOnTheDefaultFiveHundred() {
        Tally same = heldOut(0.80, 5000, 7);
        Tally better = heldOut(0.83, 5000, 8);
        Tally worse = heldOut(0.77, 5000, 9);
        System.out.println(same.line("held-out McNemar 5,000 rows, identical:"));
        System.out.println(better.line("held-out McNemar 5,000 rows, 0.83:"));
        System.out.println(worse.line("held-out McNemar 5,000 rows, 0.77:"));
        assertThat(same.wrongful()).isLessThanOrEqualTo(50);
        assertThat(better.promoted()).isGreaterThanOrEqualTo(900);
        assertThat(worse.rolledBack()).isGreaterThanOrEqualTo(950);
        Tally small = heldOut(0.83, 500, 10);
        Tally smallSame = heldOut(0.80, 500, 11);
        System.out.println(small.line("held-out McNemar 500 rows, 0.83:"));
        System.out.println(smallSame.line("held-out McNemar 500 rows, identical:"));
        assertThat(smallSame.wrongful()).isLessThanOrEqualTo(50);
    }
}
