package dev.lifecycle.core.model;

import org.apiguardian.api.API;

/**
 * How an {@link AdaptiveEnsemble} re-weights its members from each label, between retrains: every member
 * keeps a fading accuracy (each label counts half as much {@code halfLife} labels later) and votes with
 * {@code max(0, accuracy - 1/labels)^power}, the weighting {@link WindowEnsemble} stores. A member starts
 * from the accuracy its stored weight stands for, counted as {@code priorLabels} labels, so that before any
 * label the ensemble votes as stored. When a newer ensemble replaces it, up to {@code retained} members of
 * the older one (those with the largest weights now) stay on with their record.
 *
 * @param halfLife labels after which a label counts half (1 to 1,000,000)
 * @param power the weight exponent (above 0, at most 64)
 * @param priorLabels how many labels a member's stored weight counts for (0 to 1,000,000)
 * @param retained members of the replaced ensemble kept next to a newer one's (0 to
 *     {@link EnsembleModel#MAX_MEMBERS}; the total is bounded by {@link EnsembleModel#MAX_MEMBERS} too)
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public record Reweighting(int halfLife, double power, int priorLabels, int retained) {
    /** Checks the ranges. */
    public Reweighting {
        if (halfLife < 1 || halfLife > 1_000_000) {
            throw new IllegalArgumentException("halfLife must be 1 to 1,000,000 labels, got " + halfLife);
        }
        if (!(power > 0) || power > 64) {
            throw new IllegalArgumentException("power must be above 0 and at most 64, got " + power);
        }
        if (priorLabels < 0 || priorLabels > 1_000_000) {
            throw new IllegalArgumentException("priorLabels must be 0 to 1,000,000, got " + priorLabels);
        }
        if (retained < 0 || retained > EnsembleModel.MAX_MEMBERS) {
            throw new IllegalArgumentException("retained must be 0 to " + EnsembleModel.MAX_MEMBERS + ", got "
                    + retained);
        }
    }

    /** @return half-life 100 labels, power 2, prior 50 labels, no member of a replaced ensemble retained */
    public static Reweighting defaults() {
        return new Reweighting(100, 2, 50, 0);
    }

    /** @return a copy with this half-life */
    public Reweighting withHalfLife(int labels) {
        return new Reweighting(labels, power, priorLabels, retained);
    }

    /** @return a copy with this weight exponent */
    public Reweighting withPower(double p) {
        return new Reweighting(halfLife, p, priorLabels, retained);
    }

    /** @return a copy counting stored weights as this many labels */
    public Reweighting withPriorLabels(int labels) {
        return new Reweighting(halfLife, power, labels, retained);
    }

    /** @return a copy keeping this many members of a replaced ensemble */
    public Reweighting withRetained(int members) {
        return new Reweighting(halfLife, power, priorLabels, members);
    }
}
