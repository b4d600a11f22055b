package dev.lifecycle.core.evaluation;

import dev.lifecycle.api.evaluation.DecisionThreshold;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * How a binary classifier's decision threshold is chosen from its scores on held-out rows: the
 * threshold that maximises F1 (or accuracy, balanced accuracy, Youden's J), the one that reaches a
 * target precision with the most recall, the one that reaches a target recall with the most
 * precision, or the one with the least total cost of errors. Immutable.
 *
 * <pre>{@code
 * DecisionThreshold t = lc.chooseThreshold(model, split.validation(), ThresholdRule.maxF1());
 * lc.models().setThreshold(model, t, "max F1 on the validation split");
 * }</pre>
 *
 * <p>Candidate thresholds lie halfway between consecutive distinct scores, so rows scored exactly at a
 * boundary do not decide where unseen rows fall.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public final class ThresholdRule {
    private enum Kind { MAXIMIZE, PRECISION, RECALL, COST }

    private static final List<String> MAXIMIZABLE = List.of("f1", "accuracy", "balanced-accuracy", "youden");

    private final Kind kind;
    private final String metric;
    private final double target;
    private final double falsePositiveCost;
    private final double falseNegativeCost;

    private ThresholdRule(Kind kind, String metric, double target, double fpCost, double fnCost) {
        this.kind = kind;
        this.metric = metric;
        this.target = target;
        this.falsePositiveCost = fpCost;
        this.falseNegativeCost = fnCost;
    }

    /** @return the threshold with the highest F1 of the positive label */
    public static ThresholdRule maxF1() {
        return maximize("f1");
    }

    /** @return the threshold maximising one of {@code f1, accuracy, balanced-accuracy, youden} */
    public static ThresholdRule maximize(String metric) {
        if (!MAXIMIZABLE.contains(metric)) {
            throw new IllegalArgumentException("Cannot choose a threshold maximising '" + metric + "'; use one of "
                    + MAXIMIZABLE + ", or precisionAtLeast/recallAtLeast/costs");
        }
        return new ThresholdRule(Kind.MAXIMIZE, metric, Double.NaN, 0, 0);
    }

    /** @return the lowest threshold (most recall) whose precision is at least {@code precision} */
    public static ThresholdRule precisionAtLeast(double precision) {
        return new ThresholdRule(Kind.PRECISION, "precision", checkRate(precision, "precision"), 0, 0);
    }

    /** @return the highest threshold (most precision) whose recall is at least {@code recall} */
    public static ThresholdRule recallAtLeast(double recall) {
        return new ThresholdRule(Kind.RECALL, "recall", checkRate(recall, "recall"), 0, 0);
    }

    /**
     * @param falsePositive the cost of predicting the positive label for a negative row
     * @param falseNegative the cost of predicting the negative label for a positive row
     * @return the threshold with the least total cost (correct predictions cost nothing)
     */
    public static ThresholdRule costs(double falsePositive, double falseNegative) {
        if (!(falsePositive >= 0) || !(falseNegative >= 0) || Double.isInfinite(falsePositive)
                || Double.isInfinite(falseNegative) || falsePositive + falseNegative == 0) {
            throw new IllegalArgumentException("Costs must be finite, not negative and not both 0, got false positive "
                    + falsePositive + " and false negative " + falseNegative);
        }
        return new ThresholdRule(Kind.COST, "cost", Double.NaN, falsePositive, falseNegative);
    }

    private static double checkRate(double v, String what) {
        if (!(v > 0 && v <= 1)) {
            throw new IllegalArgumentException("A target " + what + " must be in (0, 1], got " + v);
        }
        return v;
    }

    /** @return the rule in words, as recorded with the threshold */
    public String describe() {
        return switch (kind) {
            case MAXIMIZE -> "max " + metric;
            case PRECISION -> String.format(Locale.ROOT, "precision >= %.4g, most recall", target);
            case RECALL -> String.format(Locale.ROOT, "recall >= %.4g, most precision", target);
            case COST -> String.format(Locale.ROOT, "least cost (false positive %.4g, false negative %.4g)",
                    falsePositiveCost, falseNegativeCost);
        };
    }

    @Override
    public String toString() {
        return describe();
    }

    /**
     * @param p predictions of a binary classifier with scores, made without a threshold
     * @param positiveLabel the label the threshold applies to
     * @param chosenOn how the threshold names the rows, e.g. the dataset version id
     * @return the chosen threshold with the positive label's metrics at it
     * @throws IllegalArgumentException when the predictions are not binary with scores, lack a class, or no
     *     threshold reaches the target
     */
    public DecisionThreshold choose(PredictionSet p, String positiveLabel, String chosenOn) {
        Objects.requireNonNull(p, "predictions");
        Objects.requireNonNull(positiveLabel, "positiveLabel");
        int pos = p.labels.indexOf(positiveLabel);
        if (p.type != dev.lifecycle.api.model.OutputType.CLASSIFICATION || p.labels.size() != 2 || pos < 0) {
            throw new IllegalArgumentException("A decision threshold on '" + positiveLabel + "' needs a binary"
                    + " classifier with that label; the predictions on " + chosenOn + " have labels " + p.labels);
        }
        if (p.scores == null) {
            throw new IllegalArgumentException("Cannot choose a threshold on " + chosenOn + ": " + p.noScores);
        }
        int n = p.size();
        double[] s = new double[n];
        boolean[] actual = new boolean[n];
        long positives = 0;
        for (int i = 0; i < n; i++) {
            s[i] = p.scores[i * 2 + pos];
            actual[i] = p.truth[i] == pos;
            positives += actual[i] ? 1 : 0;
        }
        long negatives = n - positives;
        if (positives == 0 || negatives == 0) {
            throw new IllegalArgumentException("Cannot choose a threshold on " + chosenOn + ": it has " + positives
                    + " rows labelled '" + positiveLabel + "' and " + negatives + " others; both are needed");
        }
        Integer[] order = new Integer[n];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, (a, b) -> Double.compare(s[b], s[a]));
        long tp = 0;
        long fp = 0;
        double bestValue = Double.NEGATIVE_INFINITY;
        double bestThreshold = Double.NaN;
        long bestTp = 0;
        long bestFp = 0;
        double bestPrecisionSeen = 0;
        // candidate "nothing positive": above the highest score
        double top = s[order[0]];
        double[] candidate = {top + Math.max(1e-9, Math.abs(top) * 1e-9)};
        int i = 0;
        while (true) {
            double value = score(tp, fp, positives, negatives);
            double precision = tp + fp == 0 ? 1 : (double) tp / (tp + fp);
            if (tp > 0) {
                bestPrecisionSeen = Math.max(bestPrecisionSeen, precision);
            }
            boolean take = switch (kind) {
                case MAXIMIZE, COST -> value > bestValue;
                case PRECISION -> tp > 0 && precision >= target;
                case RECALL -> Double.isNaN(bestThreshold) && (double) tp / positives >= target;
            };
            if (take) {
                bestValue = value;
                bestThreshold = candidate[0];
                bestTp = tp;
                bestFp = fp;
            }
            if (i >= n) {
                break;
            }
            double v = s[order[i]];
            while (i < n && s[order[i]] == v) {
                if (actual[order[i]]) {
                    tp++;
                } else {
                    fp++;
                }
                i++;
            }
            if (i < n) {
                double next = s[order[i]];
                double mid = v + (next - v) / 2;
                candidate[0] = mid > next ? mid : v;
            } else {
                candidate[0] = v;
            }
        }
        if (Double.isNaN(bestThreshold)) {
            throw new IllegalArgumentException("No threshold reaches " + describe() + " on " + chosenOn
                    + (kind == Kind.PRECISION ? "; the highest precision with any positive prediction is "
                            + String.format(Locale.ROOT, "%.4f", bestPrecisionSeen) : "") + "; lower the target");
        }
        return new DecisionThreshold(positiveLabel, bestThreshold, describe(), chosenOn,
                at(bestTp, bestFp, positives, negatives));
    }

    private double score(long tp, long fp, long positives, long negatives) {
        double fn = positives - tp;
        double tn = negatives - fp;
        return switch (kind) {
            case COST -> -(fp * falsePositiveCost + fn * falseNegativeCost);
            case MAXIMIZE -> switch (metric) {
                case "f1" -> 2 * tp + fp + fn == 0 ? 0 : 2.0 * tp / (2.0 * tp + fp + fn);
                case "accuracy" -> (tp + tn) / (positives + negatives);
                case "balanced-accuracy" -> ((double) tp / positives + tn / negatives) / 2;
                default -> (double) tp / positives - (double) fp / negatives;
            };
            default -> Double.NaN;
        };
    }

    private static Map<String, Double> at(long tp, long fp, long positives, long negatives) {
        double fn = positives - tp;
        double tn = negatives - fp;
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("precision", tp + fp == 0 ? 0 : (double) tp / (tp + fp));
        m.put("recall", (double) tp / positives);
        m.put("f1", 2.0 * tp / (2.0 * tp + fp + fn));
        m.put("accuracy", (tp + tn) / (positives + negatives));
        m.put("false-positive-rate", fp / (double) negatives);
        m.put("rows", (double) (positives + negatives));
        return m;
    }
}
