package dev.lifecycle.api.evaluation;

import java.util.List;
import java.util.Objects;

/**
 * How a binary classifier treats the groups of one sensitive attribute. Differences are the largest
 * minus the smallest group value, so 0 is parity; the disparate-impact ratio is the smallest selection
 * rate divided by the largest, so 1 is parity (the "four-fifths rule" asks for at least 0.8).
 *
 * @param attribute the sensitive column
 * @param positiveLabel the label counted as the favourable prediction
 * @param groups the metrics of each group (missing values form the group {@code (missing)})
 * @param demographicParityDifference largest minus smallest selection rate
 * @param equalOpportunityDifference largest minus smallest true-positive rate
 * @param equalizedOddsDifference the larger of the true-positive-rate and false-positive-rate differences
 * @param disparateImpactRatio smallest over largest selection rate
 */
public record FairnessReport(String attribute, String positiveLabel, List<Group> groups,
        double demographicParityDifference, double equalOpportunityDifference, double equalizedOddsDifference,
        double disparateImpactRatio) {

    /** Copies the groups. */
    public FairnessReport {
        Objects.requireNonNull(attribute, "attribute");
        Objects.requireNonNull(positiveLabel, "positiveLabel");
        groups = List.copyOf(groups);
    }

    /**
     * The metrics of one group.
     *
     * @param group the attribute value
     * @param rows how many rows have it
     * @param selectionRate the share predicted positive
     * @param truePositiveRate the share of actual positives predicted positive (NaN without actual positives)
     * @param falsePositiveRate the share of actual negatives predicted positive (NaN without actual negatives)
     * @param accuracy the share predicted correctly
     */
    public record Group(String group, long rows, double selectionRate, double truePositiveRate,
            double falsePositiveRate, double accuracy) {
        /** Checks that the components are present. */
        public Group {
            Objects.requireNonNull(group, "group");
        }
    }
}
