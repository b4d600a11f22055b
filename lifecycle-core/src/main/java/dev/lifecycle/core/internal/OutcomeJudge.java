package dev.lifecycle.core.internal;


import dev.lifecycle.api.evaluation.DecisionRule;
import dev.lifecycle.core.internal.decision.HeldOutTests;

/**
 * How the loop judges a challenger against the champion on paired outcomes: both versions scored the
 * same held-out rows. Split traffic (canary and progressive steps) is judged by the deployment's
 * sequential {@link dev.lifecycle.core.internal.decision.SplitTrafficJudge}.
 */
public interface OutcomeJudge {

    /**
     * Judges paired outcomes: {@code champion[i]} and {@code challenger[i]} say whether each version got
     * held-out row {@code i} right.
     */
    Verdict paired(boolean[] champion, boolean[] challenger);

    /** What a judge decided. */
    enum Decision {
        /** The challenger may go ahead (to a canary, or promoted). */
        PASS,
        /** The challenger must go. */
        FAIL
    }

    /**
     * @param decision what to do
     * @param reason the evidence, for the journal (test, n, effect and p-value)
     */
    record Verdict(Decision decision, String reason) {
    }

    /**
     * The exact McNemar test on the held-out rows (see {@link HeldOutTests#mcNemar}). Without a canary to
     * follow, the challenger passes only when shown better by more than {@code minImprovement}; with one
     * (whose sequential test then decides on live traffic), it passes unless shown worse or its held-out
     * effect is below {@code minImprovement}.
     */
    static OutcomeJudge heldOut(DecisionRule rule, double minImprovement, boolean canaryFollows) {
        return (champion, challenger) -> {
            dev.lifecycle.api.evaluation.Decision d = HeldOutTests.mcNemar(rule, minImprovement, champion, challenger);
            boolean pass = canaryFollows
                    ? !(d.conclusive() && d.verdict() == dev.lifecycle.api.evaluation.Decision.Verdict.ROLL_BACK)
                            && d.effect() >= minImprovement
                    : d.verdict() == dev.lifecycle.api.evaluation.Decision.Verdict.PROMOTE;
            return new Verdict(pass ? Decision.PASS : Decision.FAIL, d.reason());
        };
    }
}
