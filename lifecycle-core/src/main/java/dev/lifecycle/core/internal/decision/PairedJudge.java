package dev.lifecycle.core.internal.decision;

import dev.lifecycle.api.evaluation.Decision;
import dev.lifecycle.api.evaluation.DecisionRule;
import java.util.Locale;

/**
 * Judges a challenger that scored the same labelled rows as the champion (shadow traffic, held-out
 * rows) with a group-sequential McNemar test: the mean of the paired differences in correctness is
 * {@code (b - c) / n} over the discordant pairs {@code b} (only the challenger right) and {@code c}
 * (only the champion right), with standard error {@code sqrt(((b + c) / n - effect^2) / n)}. Pairing
 * removes the rows both get right or wrong, so it needs far fewer labels than split traffic.
 * Not thread-safe.
 */
public final class PairedJudge {
    private final SequentialTest test;
    private long n;
    private long challengerOnly;
    private long championOnly;

    /** @param margin the accuracy difference the challenger must be shown to exceed */
    public PairedJudge(DecisionRule rule, double margin) {
        this.test = new SequentialTest(rule, "McNemar z-test on discordant pairs", margin);
    }

    /** Adds one labelled row both versions scored. */
    public void add(boolean championCorrect, boolean challengerCorrect) {
        n++;
        if (challengerCorrect && !championCorrect) {
            challengerOnly++;
        } else if (championCorrect && !challengerCorrect) {
            championOnly++;
        }
    }

    /**
     * Replaces the counts with running totals kept elsewhere (e.g. in counters updated on other threads)
     * and judges them.
     *
     * @return the decision at the look due now, or null when none is due
     */
    public Decision offer(long rows, long onlyChallenger, long onlyChampion) {
        this.n = rows;
        this.challengerOnly = onlyChallenger;
        this.championOnly = onlyChampion;
        return decide();
    }

    /** @return whether a look not yet taken is due after {@code rows} paired rows (cheap) */
    public boolean due(long rows) {
        return test.due(rows);
    }

    /** @return the last decision taken, or null before the first look */
    public Decision last() {
        return test.last();
    }

    /** @return the decision at the look due now, or null when none is due */
    public Decision decide() {
        if (!test.due(n)) {
            return null;
        }
        double effect = (double) (challengerOnly - championOnly) / n;
        double discordant = (challengerOnly + championOnly + 0.5) / (n + 1.0);
        double var = Math.max(discordant - effect * effect, 0.25 / (n + 1.0));
        return test.look(n, effect, Math.sqrt(var / n), String.format(Locale.ROOT,
                "%d paired rows, %d only the challenger got right, %d only the champion", n, challengerOnly,
                championOnly));
    }
}
