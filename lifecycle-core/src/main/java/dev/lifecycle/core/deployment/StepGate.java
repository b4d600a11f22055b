package dev.lifecycle.core.deployment;

/**
 * The live-metric check between the steps of a canary or progressive rollout: once both the
 * candidate and the control arm have at least {@link #minLabels} predictions joined to ground truth
 * in the current step, the candidate passes when its accuracy is no worse than the control's minus
 * {@code maxAccuracyDrop} and at least {@code minAccuracy}; otherwise the rollout rolls back.
 *
 * @param minLabels labelled predictions needed per arm before judging
 * @param maxAccuracyDrop how much worse than the control the candidate may be
 * @param minAccuracy the candidate's absolute floor (0 for none)
 */
public record StepGate(int minLabels, double maxAccuracyDrop, double minAccuracy) {

    /** Validates. */
    public StepGate {
        if (minLabels < 1) {
            throw new IllegalArgumentException("A step gate needs at least 1 label per arm, got " + minLabels);
        }
        if (!(maxAccuracyDrop >= 0 && maxAccuracyDrop <= 1) || !(minAccuracy >= 0 && minAccuracy <= 1)) {
            throw new IllegalArgumentException("Step gate accuracies must be in [0, 1], got maxAccuracyDrop "
                    + maxAccuracyDrop + " and minAccuracy " + minAccuracy);
        }
    }

    /** @return a gate judging after {@code n} labels per arm, allowing a 0.02 accuracy drop */
    public static StepGate minLabels(int n) {
        return new StepGate(n, 0.02, 0.0);
    }

    /** @return this gate with another allowed accuracy drop */
    public StepGate maxAccuracyDrop(double drop) {
        return new StepGate(minLabels, drop, minAccuracy);
    }

    /** @return this gate with an absolute accuracy floor for the candidate */
    public StepGate minAccuracy(double floor) {
        return new StepGate(minLabels, maxAccuracyDrop, floor);
    }
}
