package dev.lifecycle.api.evaluation;

import java.util.Locale;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * One judgement of a challenger against a champion, with the evidence behind it.
 *
 * @param verdict what to do
 * @param test the test that decided (e.g. a group-sequential two-proportion z-test)
 * @param n labels (both arms) or paired rows judged
 * @param look this look's number (1 for a one-look test)
 * @param looks the looks the test may take within its budget
 * @param effect the challenger's estimated advantage (accuracy difference, or mean loss reduction)
 * @param lower the lower bound of the effect's confidence interval (repeated over looks for a sequential test)
 * @param upper its upper bound
 * @param statistic the test statistic on the side that decided (z or t; for CONTINUE the promotion side)
 * @param pValue the p-value on that side (nominal at this look for a sequential test)
 * @param threshold the p-value needed on that side at this look
 * @param alpha the error rate over all looks, wrongful promotion and rollback together
 * @param budgetSpent whether the budget ran out without evidence (the verdict is then to keep the champion)
 * @param detail what was compared (e.g. the two accuracies and label counts)
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public record Decision(Verdict verdict, String test, long n, int look, int looks, double effect, double lower,
        double upper, double statistic, double pValue, double threshold, double alpha, boolean budgetSpent,
        String detail) {
    /** Checks that the components are present. */
    public Decision {
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(test, "test");
    }


    /** What a decision says to do with the challenger. */
    @API(status = API.Status.STABLE, since = "0.1.0")
    public enum Verdict {
        /** The challenger is better by at least the minimum effect at the rule's error rate. */
        PROMOTE,
        /** The challenger is worse, or the budget ran out without evidence: keep the champion. */
        ROLL_BACK,
        /** Not enough evidence yet. */
        CONTINUE
    }

    /** @return whether the verdict rests on evidence (not on a spent budget or a wait) */
    public boolean conclusive() {
        return verdict != Verdict.CONTINUE && !budgetSpent;
    }

    /** @return the decision as one line for a journal reason: test, n, effect, interval, p-value and alpha */
    public String reason() {
        String what = switch (verdict) {
            case PROMOTE -> "challenger better";
            case ROLL_BACK -> budgetSpent ? "no evidence within the budget, keeping the champion" : "challenger worse";
            case CONTINUE -> "not enough evidence yet";
        };
        return String.format(Locale.ROOT, "%s: %s, look %d/%d, n=%d, effect %+.4f, CI [%+.4f, %+.4f], stat %.3f,"
                + " p=%.4g (needs <= %.4g), alpha %.3g over all looks; %s", what, test, look, looks, n, effect, lower,
                upper, statistic, pValue, threshold, alpha, detail);
    }
}
