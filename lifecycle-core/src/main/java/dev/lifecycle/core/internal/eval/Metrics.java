package dev.lifecycle.core.internal.eval;

import dev.lifecycle.api.evaluation.ClassMetrics;
import dev.lifecycle.api.evaluation.Diagnostics.CalibrationBin;
import dev.lifecycle.api.evaluation.Diagnostics.CurvePoint;
import dev.lifecycle.api.evaluation.Diagnostics.ThresholdAnalysis;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Turns accumulators into named metrics. Ratios with a zero denominator count as 0, as in Tribuo. */
public final class Metrics {
    private static final Set<String> LOWER_IS_BETTER = Set.of("log-loss", "brier", "ece", "rmse", "mse", "mae", "mape",
            "demographic-parity-difference", "equal-opportunity-difference", "equalized-odds-difference");
    private static final double[] QUANTILES = {0.05, 0.25, 0.5, 0.75, 0.95};

    private Metrics() {
    }

    /** The metrics of one accumulator. */
    public record Result(Map<String, Double> metrics, Map<String, String> notApplicable, List<ClassMetrics> perClass) {
    }

    /** @return whether a larger value of the metric is better */
    public static boolean higherIsBetter(String metric) {
        String base = metric.contains("[") ? metric.substring(0, metric.indexOf('[')) : metric;
        return !LOWER_IS_BETTER.contains(base) && !base.startsWith("residual-");
    }

    /**
     * @param positive the index of the positive label for binary-only metrics
     * @param why the reason score metrics do not apply when the accumulator has no scores
     * @param tolerance the score tie tolerance of {@link #auc(double[], double[], double)}
     */
    public static Result classification(ClassificationAccumulator a, List<String> labels, int positive, String why,
            double tolerance) {
        int k = a.k;
        long[] c = a.confusion;
        long total = 0;
        long correct = 0;
        long[] actual = new long[k];
        long[] predicted = new long[k];
        for (int t = 0; t < k; t++) {
            for (int p = 0; p < k; p++) {
                long v = c[t * k + p];
                total += v;
                actual[t] += v;
                predicted[p] += v;
            }
            correct += c[t * k + t];
        }
        Map<String, Double> m = new LinkedHashMap<>();
        Map<String, String> na = new LinkedHashMap<>();
        List<ClassMetrics> perClass = new ArrayList<>(k);
        if (total == 0) {
            na.put("accuracy", "no rows");
            return new Result(m, na, perClass);
        }
        double sumP = 0;
        double sumR = 0;
        double sumF = 0;
        double wP = 0;
        double wR = 0;
        double wF = 0;
        double balanced = 0;
        int present = 0;
        for (int i = 0; i < k; i++) {
            long tp = c[i * k + i];
            double p = predicted[i] == 0 ? 0 : (double) tp / predicted[i];
            double r = actual[i] == 0 ? 0 : (double) tp / actual[i];
            double f = p + r == 0 ? 0 : 2 * p * r / (p + r);
            perClass.add(new ClassMetrics(labels.get(i), p, r, f, actual[i]));
            sumP += p;
            sumR += r;
            sumF += f;
            double w = (double) actual[i] / total;
            wP += w * p;
            wR += w * r;
            wF += w * f;
            if (actual[i] > 0) {
                balanced += r;
                present++;
            }
        }
        double acc = (double) correct / total;
        m.put("accuracy", acc);
        m.put("balanced-accuracy", balanced / present);
        m.put("macro-precision", sumP / k);
        m.put("macro-recall", sumR / k);
        m.put("macro-f1", sumF / k);
        m.put("micro-precision", acc);
        m.put("micro-recall", acc);
        m.put("micro-f1", acc);
        m.put("weighted-precision", wP);
        m.put("weighted-recall", wR);
        m.put("weighted-f1", wF);
        if (k == 2) {
            ClassMetrics pc = perClass.get(positive);
            m.put("precision", pc.precision());
            m.put("recall", pc.recall());
            m.put("f1", pc.f1());
        }
        scoreMetrics(a, labels, positive, why, tolerance, m, na);
        return new Result(m, na, perClass);
    }

    private static void scoreMetrics(ClassificationAccumulator a, List<String> labels, int positive, String why,
            double tolerance, Map<String, Double> m, Map<String, String> na) {
        List<String> scoreMetrics = List.of("auc", "average-precision");
        List<String> probMetrics = List.of("log-loss", "brier", "ece");
        if (!a.scored || a.unscored > 0) {
            String reason = !a.scored ? why
                    : a.unscored + " rows have no score for some label, so score-based metrics are not computed";
            scoreMetrics.forEach(n -> na.put(n, reason));
            probMetrics.forEach(n -> na.put(n, reason));
            return;
        }
        int k = a.k;
        double sumAuc = 0;
        double sumAp = 0;
        int defined = 0;
        for (int c = 0; c < k; c++) {
            if (a.pos[c].size() == 0 || a.neg[c].size() == 0) {
                continue;
            }
            double[] p = a.pos[c].sortedCopy();
            double[] n = a.neg[c].sortedCopy();
            double auc = auc(p, n, tolerance);
            double ap = walk(p, n, tolerance, null, null, null);
            m.put("auc[" + labels.get(c) + "]", auc);
            m.put("average-precision[" + labels.get(c) + "]", ap);
            sumAuc += auc;
            sumAp += ap;
            defined++;
        }
        if (k == 2) {
            String key = labels.get(positive);
            if (m.containsKey("auc[" + key + "]")) {
                m.put("auc", m.get("auc[" + key + "]"));
                m.put("average-precision", m.get("average-precision[" + key + "]"));
            } else {
                scoreMetrics.forEach(n -> na.put(n, "only one class is present, so ranking metrics are undefined"));
            }
        } else if (defined > 0) {
            m.put("auc", sumAuc / defined);
            m.put("average-precision", sumAp / defined);
        } else {
            scoreMetrics.forEach(n -> na.put(n, "only one class is present, so ranking metrics are undefined"));
        }
        if (!a.probabilities) {
            probMetrics.forEach(n -> na.put(n, "the model's scores are not probabilities"));
            return;
        }
        long n = a.rows();
        m.put("log-loss", a.logLoss / n);
        m.put("brier", a.brier / n);
        double ece = 0;
        for (int b = 0; b < a.bins; b++) {
            if (a.binRows[b] > 0) {
                ece += (double) a.binRows[b] / n
                        * Math.abs(a.binPredicted[b] / a.binRows[b] - (double) a.binPositives[b] / a.binRows[b]);
            }
        }
        m.put("ece", ece);
    }

    /**
     * @param tolerance scores whose neighbours in sorted order are this close count as tied (chained), as in
     *        Tribuo (1e-12); 0 for exact ties only
     * @return the area under the ROC curve by trapezoids between tie groups (ties count half)
     */
    public static double auc(double[] posSorted, double[] negSorted, double tolerance) {
        int i = posSorted.length - 1;
        int j = negSorted.length - 1;
        long tp = 0;
        long fp = 0;
        long groupTp = 0;
        long groupFp = 0;
        long twice = 0;
        double prev = Double.NaN;
        while (i >= 0 || j >= 0) {
            double v = i < 0 ? negSorted[j] : j < 0 ? posSorted[i] : Math.max(posSorted[i], negSorted[j]);
            if (prev - v > tolerance) {
                twice += (fp - groupFp) * (groupTp + tp);
                groupTp = tp;
                groupFp = fp;
            }
            while (i >= 0 && posSorted[i] == v) {
                tp++;
                i--;
            }
            while (j >= 0 && negSorted[j] == v) {
                fp++;
                j--;
            }
            prev = v;
        }
        twice += (fp - groupFp) * (groupTp + tp);
        return twice / (2.0 * posSorted.length * negSorted.length);
    }

    /**
     * Walks the tie groups from the highest score to the lowest; fills the curves and the best threshold
     * when asked.
     *
     * @return the average precision
     */
    static double walk(double[] p, double[] n, double tolerance, List<CurvePoint> roc, List<CurvePoint> pr,
            double[] best) {
        int i = p.length - 1;
        int j = n.length - 1;
        long tp = 0;
        long fp = 0;
        double ap = 0;
        double prevRecall = 0;
        double P = p.length;
        double N = n.length;
        if (roc != null) {
            roc.add(new CurvePoint(0, 0, Double.POSITIVE_INFINITY));
        }
        double prev = Double.NaN;
        while (i >= 0 || j >= 0) {
            double v = i < 0 ? n[j] : j < 0 ? p[i] : Math.max(p[i], n[j]);
            if (prev - v > tolerance) {
                ap = point(tp, fp, P, N, prev, ap, prevRecall, roc, pr, best);
                prevRecall = tp / P;
            }
            while (i >= 0 && p[i] == v) {
                tp++;
                i--;
            }
            while (j >= 0 && n[j] == v) {
                fp++;
                j--;
            }
            prev = v;
        }
        return point(tp, fp, P, N, prev, ap, prevRecall, roc, pr, best);
    }

    private static double point(long tp, long fp, double P, double N, double threshold, double ap, double prevRecall,
            List<CurvePoint> roc, List<CurvePoint> pr, double[] best) {
        double precision = tp == 0 ? 0 : (double) tp / (tp + fp);
        double recall = tp / P;
        if (roc != null) {
            roc.add(new CurvePoint(fp / N, recall, threshold));
            pr.add(new CurvePoint(recall, precision, threshold));
        }
        if (best != null) {
            double v = thresholdMetric((int) best[0], tp, fp, P, N);
            if (v > best[2]) {
                best[1] = threshold;
                best[2] = v;
            }
        }
        return ap + (recall - prevRecall) * precision;
    }

    private static final List<String> THRESHOLD_METRICS = List.of("f1", "accuracy", "balanced-accuracy",
            "youden", "precision", "recall");

    private static double thresholdMetric(int which, double tp, double fp, double P, double N) {
        double fn = P - tp;
        double tn = N - fp;
        return switch (which) {
            case 0 -> 2 * tp + fp + fn == 0 ? 0 : 2 * tp / (2 * tp + fp + fn);
            case 1 -> (tp + tn) / (P + N);
            case 2 -> (tp / P + tn / N) / 2;
            case 3 -> tp / P - fp / N;
            case 4 -> tp + fp == 0 ? 0 : tp / (tp + fp);
            default -> tp / P;
        };
    }

    /** @return the names of metrics a threshold can be chosen to maximise */
    public static List<String> thresholdMetrics() {
        return THRESHOLD_METRICS;
    }

    private static Map<String, Double> atCounts(double tp, double fp, double P, double N) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (int w = 0; w < THRESHOLD_METRICS.size(); w++) {
            out.put(THRESHOLD_METRICS.get(w), thresholdMetric(w, tp, fp, P, N));
        }
        return out;
    }

    /** The curves and threshold analysis of the positive label. */
    public record Curves(List<CurvePoint> roc, List<CurvePoint> pr, List<CalibrationBin> calibration,
            Optional<ThresholdAnalysis> threshold) {
    }

    /** @return curves, calibration and (for binary models) the threshold analysis of the positive label */
    public static Curves curves(ClassificationAccumulator a, int positive, String thresholdMetric, int maxPoints,
            double tolerance) {
        return curves(a, positive, thresholdMetric, maxPoints, tolerance, 0.5);
    }

    /**
     * @param decisionThreshold the threshold the evaluated labels were predicted at, as the analysis reports it
     * @return curves, calibration and (for binary models) the threshold analysis of the positive label
     */
    public static Curves curves(ClassificationAccumulator a, int positive, String thresholdMetric, int maxPoints,
            double tolerance, double decisionThreshold) {
        if (!a.scored || a.unscored > 0 || a.pos[positive].size() == 0 || a.neg[positive].size() == 0) {
            return new Curves(List.of(), List.of(), List.of(), Optional.empty());
        }
        double[] p = a.pos[positive].sortedCopy();
        double[] n = a.neg[positive].sortedCopy();
        List<CurvePoint> roc = new ArrayList<>();
        List<CurvePoint> pr = new ArrayList<>();
        int which = THRESHOLD_METRICS.indexOf(thresholdMetric);
        double[] best = {which, Double.NaN, Double.NEGATIVE_INFINITY};
        walk(p, n, tolerance, roc, pr, best);
        List<CalibrationBin> cal = new ArrayList<>();
        if (a.probabilities) {
            for (int b = 0; b < a.bins; b++) {
                long r = a.binRows[b];
                cal.add(new CalibrationBin((double) b / a.bins, (double) (b + 1) / a.bins, r,
                        r == 0 ? Double.NaN : a.binPredicted[b] / r, r == 0 ? Double.NaN : (double) a.binPositives[b] / r));
            }
        }
        Optional<ThresholdAnalysis> ta = Optional.empty();
        if (a.k == 2 && a.probabilities) {
            int k = a.k;
            int neg = 1 - positive;
            double tp = a.confusion[positive * k + positive];
            double fp = a.confusion[neg * k + positive];
            double tpB = count(p, best[1]);
            double fpB = count(n, best[1]);
            ta = Optional.of(new ThresholdAnalysis(thresholdMetric, decisionThreshold, atCounts(tp, fp, p.length, n.length), best[1],
                    atCounts(tpB, fpB, p.length, n.length)));
        }
        return new Curves(thin(roc, maxPoints), thin(pr, maxPoints), cal, ta);
    }

    private static long count(double[] sorted, double atLeast) {
        int idx = Arrays.binarySearch(sorted, atLeast);
        if (idx < 0) {
            return sorted.length - (-idx - 1);
        }
        while (idx > 0 && sorted[idx - 1] == atLeast) {
            idx--;
        }
        return sorted.length - idx;
    }

    private static List<CurvePoint> thin(List<CurvePoint> points, int max) {
        if (points.size() <= max) {
            return points;
        }
        List<CurvePoint> out = new ArrayList<>(max + 1);
        double step = (points.size() - 1) / (double) (max - 1);
        for (int i = 0; i < max; i++) {
            out.add(points.get((int) Math.round(i * step)));
        }
        return out;
    }

    /** @return RMSE, MAE, MAPE (over non-zero targets), R² and residual quantiles */
    public static Map<String, Double> regression(RegressionAccumulator a, Map<String, String> na) {
        Map<String, Double> m = new LinkedHashMap<>();
        if (a.n == 0) {
            na.put("rmse", "no rows");
            return m;
        }
        m.put("rmse", Math.sqrt(a.sumSq / a.n));
        m.put("mae", a.sumAbs / a.n);
        if (a.apeRows > 0) {
            m.put("mape", a.sumApe / a.apeRows);
        } else {
            na.put("mape", "every target is 0, where a percentage error is undefined");
        }
        m.put("mape-skipped-zero-targets", (double) a.zeroTargets);
        if (a.m2 > 0) {
            m.put("r2", 1 - a.sumSq / a.m2);
        } else {
            na.put("r2", "the target is constant, so R² is undefined");
        }
        double[] r = a.residuals.sortedCopy();
        for (double q : QUANTILES) {
            m.put(String.format(java.util.Locale.ROOT, "residual-p%02d", (int) Math.round(q * 100)), quantile(r, q));
        }
        return m;
    }

    /** @return the linearly interpolated quantile of sorted values */
    public static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }
}
