package dev.lifecycle.api.evaluation;

import org.apiguardian.api.API;

/**
 * How a challenger is judged against a champion on live or held-out outcomes: the error rates, the
 * minimum effect and the label budget. A challenger is promoted only when it is shown better than the
 * champion by more than {@code minEffect} with error rate {@code promoteAlpha}, rolled back when shown
 * worse with error rate {@code rollBackAlpha}; those rates hold over every look a sequential test takes.
 * When the budget is spent without evidence either way, the champion is kept.
 *
 * <p>Sequential tests look every {@code budget / looks} labels and spend their error rates with
 * O'Brien-Fleming-type alpha-spending boundaries (Lan-DeMets), so early looks need overwhelming
 * evidence and the last look needs little more than a fixed-sample test would.
 *
 * <p>The defaults are designed, by exact computation under the normal approximation, for a 50/50 canary
 * at base accuracy 0.80 judged within 10,000 labels: an identical challenger is promoted or rolled back
 * on evidence in 3.9% of rollouts counting every look (0.7% + 3.2%), one 3 points worse is rolled back
 * in 96.1% (after 6,660 labels on average), one 3 points better is promoted in 91.7%. At this budget
 * the three figures trade against each other: more alpha on a side buys its power, more looks cost
 * power (20 looks: 95.8% and 91.2% for the same alphas; a single look: 96.4% and 92.1%).
 *
 * @param promoteAlpha the chance of promoting a challenger that is not better by {@code minEffect}
 *     (default 0.007)
 * @param rollBackAlpha the chance of rolling back a challenger that is no worse than the champion
 *     (default 0.032); with the defaults the chance of any wrongful decision over all looks
 *     is at most 0.039, within the usual 0.05
 * @param minEffect how much better (accuracy, or mean loss for regression) the challenger must be shown
 *     to be; negative makes the test a non-inferiority test (default 0)
 * @param budget labels (both arms together, or paired rows) after which the champion is kept
 *     (default 10,000)
 * @param looks how many times a sequential test looks within the budget (default 5: every 2,000 labels);
 *     more looks react sooner but need more evidence at the end
 * @param minPerArm labels each arm needs before the first look (default 30)
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public record DecisionRule(double promoteAlpha, double rollBackAlpha, double minEffect, int budget, int looks,
        int minPerArm) {

    /** Validates. */
    public DecisionRule {
        if (!(promoteAlpha > 0 && promoteAlpha < 0.5) || !(rollBackAlpha > 0 && rollBackAlpha < 0.5)) {
            throw new IllegalArgumentException("Error rates must be in (0, 0.5), got promoteAlpha " + promoteAlpha
                    + " and rollBackAlpha " + rollBackAlpha + "; the default is 0.007 and 0.032");
        }
        if (!Double.isFinite(minEffect)) {
            throw new IllegalArgumentException("minEffect must be a finite number, got " + minEffect);
        }
        if (budget < 1 || looks < 1 || looks > 200 || looks > budget) {
            throw new IllegalArgumentException("Give a budget of at least 1 label and 1 to 200 looks (at most one"
                    + " per label), got budget " + budget + " and " + looks + " looks");
        }
        if (minPerArm < 1) {
            throw new IllegalArgumentException("minPerArm must be at least 1, got " + minPerArm);
        }
    }

    /** @return 0.007 to promote, 0.032 to roll back, no minimum effect, 10,000 labels, 5 looks, 30 per arm */
    public static DecisionRule defaults() {
        return new DecisionRule(0.007, 0.032, 0.0, 10_000, 5, 30);
    }

    /** @return this rule with other error rates for a wrongful promotion and a wrongful rollback */
    public DecisionRule alphas(double promote, double rollBack) {
        return new DecisionRule(promote, rollBack, minEffect, budget, looks, minPerArm);
    }

    /** @return this rule requiring the challenger to be better by more than {@code effect} */
    public DecisionRule minEffect(double effect) {
        return new DecisionRule(promoteAlpha, rollBackAlpha, effect, budget, looks, minPerArm);
    }

    /**
     * @return this rule keeping the champion after {@code labels} labels without evidence, looking
     *     {@code looks} times on the way (at most 200, and at most one per label)
     */
    public DecisionRule budget(int labels, int lookCount) {
        return new DecisionRule(promoteAlpha, rollBackAlpha, minEffect, labels, lookCount, minPerArm);
    }

    /** @return this rule keeping the champion after {@code labels} labels, with the same number of looks or fewer */
    public DecisionRule budget(int labels) {
        return budget(labels, Math.min(looks, Math.max(1, labels)));
    }

    /** @return this rule waiting for {@code labels} labels per arm before the first look */
    public DecisionRule minPerArm(int labels) {
        return new DecisionRule(promoteAlpha, rollBackAlpha, minEffect, budget, looks, labels);
    }

    /** @return the error rate over all looks: a wrongful promotion or a wrongful rollback */
    public double alpha() {
        return promoteAlpha + rollBackAlpha;
    }

    /** @return the labels between two looks (the last look is at the budget) */
    public int lookEvery() {
        return (int) Math.ceil((double) budget / looks);
    }
}
