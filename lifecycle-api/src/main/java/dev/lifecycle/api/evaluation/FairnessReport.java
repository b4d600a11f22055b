package dev.lifecycle.api.evaluation;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * How a binary classifier treats the groups of one sensitive attribute (or of a cross of several,
 * such as {@code sex & race}), measured on the favourable outcome, which need not be the positive
 * label (for a default or recidivism model the favourable prediction is the negative one).
 *
 * <p>Groups with fewer rows than {@code minGroupSize} are listed with their row count and marked
 * insufficient; their rates are not computed (NaN) and they take no part in the differences and the
 * ratio, so a tiny group never shows up as a ratio of 0. Differences are the largest minus the
 * smallest rate among the sufficient groups, so 0 is parity; the disparate-impact ratio is the smallest
 * selection rate over the largest, so 1 is parity (the "four-fifths rule" asks for at least 0.8).
 * Every measure has a bootstrap interval in {@link #intervals()} (rows resampled, groups fixed).
 *
 * @param attribute the sensitive column, or the crossed columns joined by {@code " & "}
 * @param positiveLabel the evaluation's positive label
 * @param groups every group, sufficient or not (missing values form the group {@code (missing)})
 * @param demographicParityDifference largest minus smallest selection rate (NaN with fewer than 2 sufficient groups)
 * @param equalOpportunityDifference largest minus smallest true-positive rate
 * @param equalizedOddsDifference the larger of the true-positive-rate and false-positive-rate differences
 * @param disparateImpactRatio smallest over largest selection rate (NaN when no group is ever selected)
 * @param favourableLabel the outcome counted as favourable: selected means predicted this label (null: the
 *     positive label)
 * @param minGroupSize groups with fewer rows are reported as insufficient
 * @param intervals bootstrap intervals by measure name ({@link #DEMOGRAPHIC_PARITY_DIFFERENCE}, ...);
 *     a measure is absent when too few replicates defined it
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public record FairnessReport(String attribute, String positiveLabel, List<Group> groups,
        double demographicParityDifference, double equalOpportunityDifference, double equalizedOddsDifference,
        double disparateImpactRatio, String favourableLabel, int minGroupSize, Map<String, Interval> intervals) {

    /** Interval key of the demographic parity difference. */
    public static final String DEMOGRAPHIC_PARITY_DIFFERENCE = "demographic-parity-difference";
    /** Interval key of the equal-opportunity difference. */
    public static final String EQUAL_OPPORTUNITY_DIFFERENCE = "equal-opportunity-difference";
    /** Interval key of the equalized-odds difference. */
    public static final String EQUALIZED_ODDS_DIFFERENCE = "equalized-odds-difference";
    /** Interval key of the disparate-impact ratio. */
    public static final String DISPARATE_IMPACT_RATIO = "disparate-impact-ratio";

    /** Copies the groups and intervals. */
    public FairnessReport {
        Objects.requireNonNull(attribute, "attribute");
        Objects.requireNonNull(positiveLabel, "positiveLabel");
        groups = List.copyOf(groups);
        favourableLabel = favourableLabel == null ? positiveLabel : favourableLabel;
        intervals = intervals == null ? Map.of() : Map.copyOf(intervals);
    }

    /** A report with the positive label favourable, every group sufficient and no intervals. */
    public FairnessReport(String attribute, String positiveLabel, List<Group> groups,
            double demographicParityDifference, double equalOpportunityDifference, double equalizedOddsDifference,
            double disparateImpactRatio) {
        this(attribute, positiveLabel, groups, demographicParityDifference, equalOpportunityDifference,
                equalizedOddsDifference, disparateImpactRatio, positiveLabel, 1, Map.of());
    }

    /** @return the bootstrap interval of a measure ({@link #DISPARATE_IMPACT_RATIO}, ...), if computed */
    public Optional<Interval> interval(String measure) {
        return Optional.ofNullable(intervals.get(measure));
    }

    /** @return the groups smaller than the minimum group size, whose rates were not computed */
    public List<Group> insufficient() {
        return groups.stream().filter(g -> !g.sufficient()).toList();
    }

    /** @return one group by its value (for crosses: the values joined by {@code " & "}), if present */
    public Optional<Group> group(String value) {
        return groups.stream().filter(g -> g.group().equals(value)).findFirst();
    }

    /**
     * The metrics of one group, on the favourable outcome.
     *
     * @param group the attribute value (for crosses: the values joined by {@code " & "})
     * @param rows how many rows have it
     * @param selectionRate the share predicted favourable (NaN when insufficient)
     * @param truePositiveRate the share of actually favourable rows predicted favourable (NaN without such rows)
     * @param falsePositiveRate the share of actually unfavourable rows predicted favourable (NaN without such rows)
     * @param accuracy the share predicted correctly (NaN when insufficient)
     * @param sufficient whether the group has at least the minimum group size, so its rates count
     */
    @API(status = API.Status.STABLE, since = "0.1.0")
    public record Group(String group, long rows, double selectionRate, double truePositiveRate,
            double falsePositiveRate, double accuracy, boolean sufficient) {
        /** Checks that the components are present. */
        public Group {
            Objects.requireNonNull(group, "group");
        }

        /** A sufficient group. */
        public Group(String group, long rows, double selectionRate, double truePositiveRate, double falsePositiveRate,
                double accuracy) {
            this(group, rows, selectionRate, truePositiveRate, falsePositiveRate, accuracy, true);
        }
    }
}
