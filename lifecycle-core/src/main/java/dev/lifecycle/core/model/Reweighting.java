package dev.lifecycle.core.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * How an {@link AdaptiveEnsemble} re-weights its members from each label, between retrains: every member
 * keeps a fading accuracy (each label counts half as much {@code halfLife} labels later) and votes with
 * {@code max(0, accuracy - 1/labels)^power}, the weighting {@link WindowEnsemble} stores. A member starts
 * from the accuracy its stored weight stands for, counted as {@code priorLabels} labels, so that before any
 * label the ensemble votes as stored. When a newer ensemble replaces it, up to {@code retained} members of
 * the older one (those with the largest weights now) stay on with their record.
 *
 * <p>How fast a stream's best members change is rarely known in advance. With {@code otherHalfLives} the
 * ensemble keeps every member's fading accuracy under each of these half-lives as well, scores each
 * half-life's weighted vote on every label before learning from it (a prequential score fading with the
 * longest of the half-lives), and votes with the weights of the half-life whose vote has been right most
 * often; {@code halfLife} serves until another one is ahead.
 *
 * @param halfLife labels after which a label counts half (1 to 1,000,000); the half-life served first
 * @param power the weight exponent (above 0, at most 64)
 * @param priorLabels how many labels a member's stored weight counts for (0 to 1,000,000)
 * @param retained members of the replaced ensemble kept next to a newer one's (0 to
 *     {@link EnsembleModel#MAX_MEMBERS}; the total is bounded by {@link EnsembleModel#MAX_MEMBERS} too)
 * @param otherHalfLives further half-lives to choose among by the labels (at most {@value #MAX_OTHER_HALF_LIVES},
 *     each 1 to 1,000,000, distinct and other than {@code halfLife}); empty: {@code halfLife} only
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public record Reweighting(int halfLife, double power, int priorLabels, int retained, List<Integer> otherHalfLives) {
    /** The most half-lives {@link #otherHalfLives} may add. */
    public static final int MAX_OTHER_HALF_LIVES = 7;

    /** Checks the ranges. */
    public Reweighting {
        checkHalfLife("halfLife", halfLife);
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
        Objects.requireNonNull(otherHalfLives, "otherHalfLives (give an empty list for none)");
        if (otherHalfLives.size() > MAX_OTHER_HALF_LIVES) {
            throw new IllegalArgumentException("Give at most " + MAX_OTHER_HALF_LIVES + " other half-lives, got "
                    + otherHalfLives.size());
        }
        List<Integer> seen = new ArrayList<>();
        seen.add(halfLife);
        for (Integer h : otherHalfLives) {
            checkHalfLife("otherHalfLives", Objects.requireNonNull(h, "a half-life in otherHalfLives"));
            if (seen.contains(h)) {
                throw new IllegalArgumentException("otherHalfLives must be distinct and other than halfLife "
                        + halfLife + ", got " + otherHalfLives);
            }
            seen.add(h);
        }
        otherHalfLives = List.copyOf(otherHalfLives);
    }

    /** The same with no other half-lives. */
    public Reweighting(int halfLife, double power, int priorLabels, int retained) {
        this(halfLife, power, priorLabels, retained, List.of());
    }

    private static void checkHalfLife(String name, int labels) {
        if (labels < 1 || labels > 1_000_000) {
            throw new IllegalArgumentException(name + " must be 1 to 1,000,000 labels, got " + labels);
        }
    }

    /** @return half-life 100 labels, power 2, prior 50 labels, no member of a replaced ensemble retained */
    public static Reweighting defaults() {
        return new Reweighting(100, 2, 50, 0);
    }

    /** @return a copy with this half-life */
    public Reweighting withHalfLife(int labels) {
        return new Reweighting(labels, power, priorLabels, retained, otherHalfLives);
    }

    /** @return a copy with this weight exponent */
    public Reweighting withPower(double p) {
        return new Reweighting(halfLife, p, priorLabels, retained, otherHalfLives);
    }

    /** @return a copy counting stored weights as this many labels */
    public Reweighting withPriorLabels(int labels) {
        return new Reweighting(halfLife, power, labels, retained, otherHalfLives);
    }

    /** @return a copy keeping this many members of a replaced ensemble */
    public Reweighting withRetained(int members) {
        return new Reweighting(halfLife, power, priorLabels, members, otherHalfLives);
    }

    /**
     * @param labels further half-lives to choose among by the labels (none: {@link #halfLife()} only)
     * @return a copy choosing among {@link #halfLife()} and these
     */
    public Reweighting withOtherHalfLives(int... labels) {
        List<Integer> l = new ArrayList<>(labels.length);
        for (int h : labels) {
            l.add(h);
        }
        return new Reweighting(halfLife, power, priorLabels, retained, l);
    }

    /** @return {@link #halfLife()} first, then {@link #otherHalfLives()} */
    public List<Integer> halfLives() {
        List<Integer> all = new ArrayList<>(1 + otherHalfLives.size());
        all.add(halfLife);
        all.addAll(otherHalfLives);
        return List.copyOf(all);
    }
}
