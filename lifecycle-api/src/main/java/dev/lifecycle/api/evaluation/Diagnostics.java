package dev.lifecycle.api.evaluation;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * What a person needs to understand a classifier's errors: ROC and precision-recall curves and a
 * reliability (calibration) table for the positive label (when the model gives probabilities), the
 * decision-threshold analysis of a binary classifier, the most confused class pairs and the wrong
 * predictions made with the highest confidence.
 *
 * @param positiveLabel the label the curves are drawn for (for multi-class models: the last label)
 * @param roc ROC points (x = false-positive rate, y = true-positive rate), from (0,0) to (1,1); empty without scores
 * @param precisionRecall precision-recall points (x = recall, y = precision); empty without scores
 * @param calibration reliability bins of the positive label's probability; empty without probabilities
 * @param threshold the threshold analysis of a binary classifier with probabilities
 * @param confusedPairs the off-diagonal cells of the confusion matrix, largest first
 * @param worstErrors misclassified rows with the highest confidence in the wrong label, highest first
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public record Diagnostics(String positiveLabel, List<CurvePoint> roc, List<CurvePoint> precisionRecall,
        List<CalibrationBin> calibration, Optional<ThresholdAnalysis> threshold, List<ConfusedPair> confusedPairs,
        List<ErrorExample> worstErrors) {

    /** Copies the lists. */
    public Diagnostics {
        Objects.requireNonNull(positiveLabel, "positiveLabel");
        roc = List.copyOf(roc);
        precisionRecall = List.copyOf(precisionRecall);
        calibration = List.copyOf(calibration);
        threshold = threshold == null ? Optional.empty() : threshold;
        confusedPairs = List.copyOf(confusedPairs);
        worstErrors = List.copyOf(worstErrors);
    }

    /**
     * One point of a curve.
     *
     * @param x the horizontal coordinate
     * @param y the vertical coordinate
     * @param threshold the score threshold that gives this point
     */
    @API(status = API.Status.STABLE, since = "0.1.0")
    public record CurvePoint(double x, double y, double threshold) {
    }

    /**
     * One reliability bin: rows whose predicted probability fell in {@code [lower, upper)}.
     *
     * @param lower the lower edge
     * @param upper the upper edge
     * @param rows how many rows
     * @param meanPredicted the mean predicted probability in the bin
     * @param observed the share of rows in the bin whose label is the positive label
     */
    @API(status = API.Status.STABLE, since = "0.1.0")
    public record CalibrationBin(double lower, double upper, long rows, double meanPredicted, double observed) {
    }

    /**
     * Metrics of a binary classifier at its decision threshold and at the threshold that maximises a metric.
     *
     * @param metric the metric maximised, e.g. {@code f1}
     * @param decisionThreshold the threshold the evaluated labels were predicted at: the version's served
     *     {@link DecisionThreshold} when it has one, else 0.5 on the positive probability
     * @param atDecision metrics of the positive label at the decision threshold
     * @param bestThreshold the threshold that maximises the metric (predict positive when score &gt;= it)
     * @param atBest metrics of the positive label at the best threshold
     */
    @API(status = API.Status.STABLE, since = "0.1.0")
    public record ThresholdAnalysis(String metric, double decisionThreshold, Map<String, Double> atDecision,
            double bestThreshold, Map<String, Double> atBest) {

        /** Copies the maps. */
        public ThresholdAnalysis {
            Objects.requireNonNull(metric, "metric");
            atDecision = Map.copyOf(atDecision);
            atBest = Map.copyOf(atBest);
        }
    }

    /**
     * How often one class was mistaken for another.
     *
     * @param truth the true label
     * @param predicted the predicted label
     * @param count how many rows
     */
    @API(status = API.Status.STABLE, since = "0.1.0")
    public record ConfusedPair(String truth, String predicted, long count) {
        /** Checks that the components are present. */
        public ConfusedPair {
            Objects.requireNonNull(truth, "truth");
            Objects.requireNonNull(predicted, "predicted");
        }
    }

    /**
     * A misclassified row.
     *
     * @param row the row's position in the evaluated dataset version
     * @param truth the true label
     * @param predicted the predicted label
     * @param confidence the score of the predicted label
     * @param values the row's values as text, by column
     */
    @API(status = API.Status.STABLE, since = "0.1.0")
    public record ErrorExample(long row, String truth, String predicted, double confidence,
            Map<String, String> values) {

        /** Copies the values. */
        public ErrorExample {
            Objects.requireNonNull(truth, "truth");
            Objects.requireNonNull(predicted, "predicted");
            values = Map.copyOf(values);
        }
    }
}
