package dev.lifecycle.core.deployment;

import dev.lifecycle.api.evaluation.DecisionRule;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * The live check between the steps of a canary or progressive rollout: a group-sequential test of the
 * candidate's accuracy against the control arm's on the labels joined in the current step (see
 * {@link DecisionRule}). Once both arms have {@code minLabels} labels, it looks every
 * {@link DecisionRule#lookEvery()} labels: the candidate advances (or is promoted at the last step)
 * when it is shown better than the control by more than {@code rule.minEffect() - maxAccuracyDrop},
 * is rolled back when shown worse, and the control is kept when the rule's budget runs out first.
 * Repeated looks do not inflate the error rates. Every move is journaled with the test, the label
 * counts, the effect, its interval and the p-value.
 *
 * @param minLabels labelled predictions needed per arm before the first look
 * @param maxAccuracyDrop a non-inferiority margin: how much worse than the control the candidate may be
 *     shown to be and still advance (default 0: it must be shown better)
 * @param minAccuracy the candidate's absolute floor, checked when the test concludes (0 for none)
 * @param rule error rates, minimum effect, label budget and looks
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public record StepGate(int minLabels, double maxAccuracyDrop, double minAccuracy, DecisionRule rule) {

    /** Validates. */
    public StepGate {
        if (minLabels < 1) {
            throw new IllegalArgumentException("A step gate needs at least 1 label per arm, got " + minLabels);
        }
        if (!(maxAccuracyDrop >= 0 && maxAccuracyDrop <= 1) || !(minAccuracy >= 0 && minAccuracy <= 1)) {
            throw new IllegalArgumentException("Step gate accuracies must be in [0, 1], got maxAccuracyDrop "
                    + maxAccuracyDrop + " and minAccuracy " + minAccuracy);
        }
        Objects.requireNonNull(rule, "rule");
    }

    /** A gate with the default {@link DecisionRule}. */
    public StepGate(int minLabels, double maxAccuracyDrop, double minAccuracy) {
        this(minLabels, maxAccuracyDrop, minAccuracy, DecisionRule.defaults());
    }

    /** @return a gate that looks once both arms have {@code n} labels, with the default rule */
    public static StepGate after(int n) {
        return new StepGate(n, 0.0, 0.0);
    }

    /** @return this gate letting the candidate advance when shown no worse than the control by more than {@code drop} */
    public StepGate maxAccuracyDrop(double drop) {
        return new StepGate(minLabels, drop, minAccuracy, rule);
    }

    /** @return this gate with an absolute accuracy floor for the candidate */
    public StepGate minAccuracy(double floor) {
        return new StepGate(minLabels, maxAccuracyDrop, floor, rule);
    }

    /** @return this gate deciding with another rule (error rates, minimum effect, budget, looks) */
    public StepGate rule(DecisionRule decisionRule) {
        return new StepGate(minLabels, maxAccuracyDrop, minAccuracy, decisionRule);
    }

    /** @return this gate keeping the control after {@code labels} labels of both arms without evidence */
    public StepGate budget(int labels) {
        return rule(rule.budget(labels));
    }

    /** @return the accuracy difference the candidate must be shown to exceed to advance */
    public double margin() {
        return rule.minEffect() - maxAccuracyDrop;
    }

    /** @return the rule the step judge applies: this gate's rule with {@link #minLabels} per arm */
    DecisionRule effectiveRule() {
        return rule.minPerArm(minLabels);
    }
}
