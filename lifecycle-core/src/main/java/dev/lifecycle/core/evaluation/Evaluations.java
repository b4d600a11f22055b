package dev.lifecycle.core.evaluation;

import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.evaluation.Comparison;
import dev.lifecycle.api.evaluation.ConfusionMatrix;
import dev.lifecycle.api.evaluation.Diagnostics;
import dev.lifecycle.api.evaluation.Diagnostics.ConfusedPair;
import dev.lifecycle.api.evaluation.Diagnostics.ErrorExample;
import dev.lifecycle.api.evaluation.Evaluation;
import dev.lifecycle.api.evaluation.FairnessReport;
import dev.lifecycle.api.evaluation.Interval;
import dev.lifecycle.api.evaluation.SliceResult;
import dev.lifecycle.api.model.Model;
import dev.lifecycle.api.model.OutputType;
import dev.lifecycle.core.internal.eval.ClassificationAccumulator;
import dev.lifecycle.core.internal.eval.Grouping;
import dev.lifecycle.core.internal.eval.Metrics;
import dev.lifecycle.core.internal.eval.RegressionAccumulator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import org.apache.commons.statistics.distribution.BinomialDistribution;
import org.apache.commons.statistics.distribution.ChiSquaredDistribution;
import org.apiguardian.api.API;

/**
 * Evaluates predictions: overall metrics, every slice in one pass over the rows with mergeable
 * accumulators, seeded bootstrap intervals, fairness, diagnostics, and champion-versus-challenger
 * comparisons. Stateless and thread-safe.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public final class Evaluations {
    private Evaluations() {
    }

    /**
     * @param modelId how the result names the model
     * @return the evaluation of a model on the labelled rows of a dataset version
     */
    public static Evaluation evaluate(Model model, DatasetVersion data, String modelId, EvaluationOptions options) {
        Evaluation ev = evaluate(PredictionSet.predict(model, data), data, modelId, options);
        return options.importance() == null ? ev : ev.withImportance(options.importance().rank(model, data));
    }

    /**
     * @param data the dataset version the predictions were made on (its columns define slices and fairness groups)
     * @return the evaluation of precomputed predictions
     */
    public static Evaluation evaluate(PredictionSet p, DatasetVersion data, String modelId, EvaluationOptions options) {
        Objects.requireNonNull(p, "predictions");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(options, "options");
        return p.type == OutputType.REGRESSION ? regression(p, data, modelId, options)
                : classification(p, data, modelId, options);
    }

    /** @return the slices with computed metrics, worst first by a metric (respecting whether higher is better) */
    public static List<SliceResult> worstSlices(Evaluation ev, String metric, int limit) {
        Comparator<SliceResult> order = Comparator.comparingDouble(s -> s.metrics().get(metric));
        if (!Metrics.higherIsBetter(metric)) {
            order = order.reversed();
        }
        return ev.slices().stream().filter(s -> s.metrics().containsKey(metric)).sorted(order).limit(limit).toList();
    }

    /** @return whether a larger value of the metric is better (false for losses, errors and fairness gaps) */
    public static boolean higherIsBetter(String metric) {
        return Metrics.higherIsBetter(metric);
    }

    private static int positive(PredictionSet p, EvaluationOptions o) {
        return PartialEvaluation.positive(p.labels, o);
    }

    private static ClassificationAccumulator newAcc(PredictionSet p, int positive, EvaluationOptions o, int rows) {
        return PartialEvaluation.newAcc(p, positive, o, rows);
    }

    private static Evaluation classification(PredictionSet p, DatasetVersion data, String modelId,
            EvaluationOptions o) {
        int n = p.size();
        int pos = positive(p, o);
        List<FairnessReport> fairness = new ArrayList<>();
        for (String attr : o.fairness()) {
            fairness.add(fairness(p, data, attr, pos, o));
        }
        return PartialEvaluation.of(p, data, 0, o).finish(modelId, data.id(), o, metrics -> o.replicates() > 0
                ? bootstrap(metrics, o, n, sample -> classificationMetrics(p, pos, o, sample)) : Map.of(), fairness);
    }

    private static Map<String, Double> classificationMetrics(PredictionSet p, int pos, EvaluationOptions o,
            int[] sample) {
        ClassificationAccumulator a = newAcc(p, pos, o, sample.length);
        int k = p.labels.size();
        for (int i : sample) {
            a.add(p.truth[i], p.predicted[i], p.scores, i * k);
        }
        return Metrics.classification(a, p.labels, pos, p.noScores, o.tieTolerance()).metrics();
    }

    private static Map<String, Double> regressionMetrics(PredictionSet p, int[] sample) {
        RegressionAccumulator a = new RegressionAccumulator(sample.length);
        for (int i : sample) {
            a.add(p.truthValues[i], p.predictedValues[i]);
        }
        return Metrics.regression(a, new LinkedHashMap<>());
    }

    private static Evaluation regression(PredictionSet p, DatasetVersion data, String modelId, EvaluationOptions o) {
        int n = p.size();
        return PartialEvaluation.of(p, data, 0, o).finish(modelId, data.id(), o, metrics -> o.replicates() > 0
                ? bootstrap(metrics, o, n, sample -> regressionMetrics(p, sample)) : Map.of(), List.of());
    }

    private static Map<String, Interval> bootstrap(Map<String, Double> estimate, EvaluationOptions o, int n,
            java.util.function.Function<int[], Map<String, Double>> metricsOf) {
        int b = o.replicates();
        Map<String, double[]> values = new LinkedHashMap<>();
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String m : estimate.keySet()) {
            values.put(m, new double[b]);
            counts.put(m, 0);
        }
        SplittableRandom rnd = new SplittableRandom(o.seed());
        int[] sample = new int[n];
        for (int r = 0; r < b; r++) {
            for (int i = 0; i < n; i++) {
                sample[i] = rnd.nextInt(n);
            }
            Map<String, Double> m = metricsOf.apply(sample);
            for (Map.Entry<String, double[]> e : values.entrySet()) {
                Double v = m.get(e.getKey());
                if (v != null && !v.isNaN()) {
                    int c = counts.get(e.getKey());
                    e.getValue()[c] = v;
                    counts.put(e.getKey(), c + 1);
                }
            }
        }
        Map<String, Interval> out = new LinkedHashMap<>();
        for (Map.Entry<String, double[]> e : values.entrySet()) {
            int c = counts.get(e.getKey());
            double est = estimate.get(e.getKey());
            if (c == 0 || Double.isNaN(est)) {
                continue;
            }
            out.put(e.getKey(), interval(est, Arrays.copyOf(e.getValue(), c), o.level()));
        }
        return out;
    }

    private static Interval interval(double estimate, double[] replicates, double level) {
        Arrays.sort(replicates);
        double lo = Metrics.quantile(replicates, (1 - level) / 2);
        double hi = Metrics.quantile(replicates, 1 - (1 - level) / 2);
        return new Interval(estimate, Math.min(lo, estimate), Math.max(hi, estimate), level, replicates.length);
    }

    private static FairnessReport fairness(PredictionSet p, DatasetVersion data, String attribute, int pos,
            EvaluationOptions o) {
        int fav = pos;
        if (o.favourableLabel() != null) {
            fav = p.labels.indexOf(o.favourableLabel());
            if (fav < 0) {
                throw new IllegalArgumentException("The favourable label '" + o.favourableLabel() + "' is not one of the"
                        + " labels " + p.labels + " of " + data.id() + "; pass one of them to favourableLabel(...)");
            }
        }
        String[] columns = attribute.split(java.util.regex.Pattern.quote(EvaluationOptions.CROSS));
        Slices slicing = Slices.by(columns[0]);
        for (int c = 1; c < columns.length; c++) {
            slicing = slicing.cross(Slices.by(columns[c]));
        }
        Grouping g = slicing.bind(data);
        int groups = g.names().size();
        int n = p.size();
        int[] groupOf = new int[n];
        boolean[] actual = new boolean[n];
        boolean[] said = new boolean[n];
        for (int i = 0; i < n; i++) {
            groupOf[i] = g.group()[p.rows[i]];
            actual[i] = p.truth[i] == fav;
            said[i] = p.predicted[i] == fav;
        }
        long[][] counts = groupCounts(groupOf, actual, said, groups, null);
        boolean[] sufficient = new boolean[groups];
        List<FairnessReport.Group> out = new ArrayList<>();
        for (int i = 0; i < groups; i++) {
            long rows = counts[0][i] + counts[1][i] + counts[2][i] + counts[3][i];
            if (rows == 0) {
                continue;
            }
            sufficient[i] = rows >= o.minGroupSize();
            String name = groupName(g.names().get(i), columns);
            if (!sufficient[i]) {
                out.add(new FairnessReport.Group(name, rows, Double.NaN, Double.NaN, Double.NaN, Double.NaN, false));
                continue;
            }
            double[] r = rates(counts, i);
            out.add(new FairnessReport.Group(name, rows, r[0], r[1], r[2],
                    (double) (counts[0][i] + counts[3][i]) / rows, true));
        }
        double[] point = gaps(counts, sufficient);
        int reps = o.replicates() > 0 ? o.replicates() : 200;
        double[][] values = new double[4][reps];
        int[] defined = new int[4];
        SplittableRandom rnd = new SplittableRandom(o.seed() ^ 0x5DEECE66DL);
        int[] sample = new int[n];
        for (int r = 0; r < reps; r++) {
            for (int i = 0; i < n; i++) {
                sample[i] = rnd.nextInt(n);
            }
            double[] v = gaps(groupCounts(groupOf, actual, said, groups, sample), sufficient);
            for (int m = 0; m < 4; m++) {
                if (!Double.isNaN(v[m])) {
                    values[m][defined[m]++] = v[m];
                }
            }
        }
        String[] keys = {FairnessReport.DEMOGRAPHIC_PARITY_DIFFERENCE, FairnessReport.EQUAL_OPPORTUNITY_DIFFERENCE,
            FairnessReport.EQUALIZED_ODDS_DIFFERENCE, FairnessReport.DISPARATE_IMPACT_RATIO};
        Map<String, Interval> intervals = new LinkedHashMap<>();
        for (int m = 0; m < 4; m++) {
            // a measure undefined in more than a twentieth of the replicates has no honest interval
            if (!Double.isNaN(point[m]) && defined[m] >= 10 && defined[m] >= reps * 0.95) {
                intervals.put(keys[m], interval(point[m], Arrays.copyOf(values[m], defined[m]), o.level()));
            }
        }
        return new FairnessReport(attribute, p.labels.get(pos), out, point[0], point[1], point[2], point[3],
                p.labels.get(fav), o.minGroupSize(), intervals);
    }

    private static String groupName(String slice, String[] columns) {
        if (columns.length == 1) {
            return slice.substring(columns[0].length() + 1);
        }
        String[] parts = slice.split(java.util.regex.Pattern.quote(EvaluationOptions.CROSS));
        StringBuilder sb = new StringBuilder();
        for (int c = 0; c < parts.length; c++) {
            sb.append(c == 0 ? "" : EvaluationOptions.CROSS).append(parts[c].substring(parts[c].indexOf('=') + 1));
        }
        return sb.toString();
    }

    /** @return tp, fp, fn, tn per group, over the sample's rows (every row when {@code sample} is null) */
    private static long[][] groupCounts(int[] groupOf, boolean[] actual, boolean[] said, int groups, int[] sample) {
        long[][] c = new long[4][groups];
        int n = sample == null ? groupOf.length : sample.length;
        for (int j = 0; j < n; j++) {
            int i = sample == null ? j : sample[j];
            int gi = groupOf[i];
            if (gi < 0) {
                continue;
            }
            c[actual[i] ? (said[i] ? 0 : 2) : (said[i] ? 1 : 3)][gi]++;
        }
        return c;
    }

    /** @return selection rate, true-positive rate and false-positive rate of one group */
    private static double[] rates(long[][] c, int i) {
        long tp = c[0][i];
        long fp = c[1][i];
        long fn = c[2][i];
        long tn = c[3][i];
        long rows = tp + fp + fn + tn;
        return new double[] {rows == 0 ? Double.NaN : (double) (tp + fp) / rows,
            tp + fn == 0 ? Double.NaN : (double) tp / (tp + fn), fp + tn == 0 ? Double.NaN : (double) fp / (fp + tn)};
    }

    /** @return DPD, equal-opportunity gap, equalized-odds gap and disparate impact over the sufficient groups */
    private static double[] gaps(long[][] c, boolean[] sufficient) {
        double[] min = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY};
        double[] max = {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY};
        int[] seen = new int[3];
        for (int i = 0; i < sufficient.length; i++) {
            if (!sufficient[i]) {
                continue;
            }
            double[] r = rates(c, i);
            for (int m = 0; m < 3; m++) {
                if (!Double.isNaN(r[m])) {
                    min[m] = Math.min(min[m], r[m]);
                    max[m] = Math.max(max[m], r[m]);
                    seen[m]++;
                }
            }
        }
        double dpd = seen[0] >= 2 ? max[0] - min[0] : Double.NaN;
        double eod = seen[1] >= 2 ? max[1] - min[1] : Double.NaN;
        double fprGap = seen[2] >= 2 ? max[2] - min[2] : Double.NaN;
        double eqOdds = Double.isNaN(eod) ? fprGap : Double.isNaN(fprGap) ? eod : Math.max(eod, fprGap);
        double dir = seen[0] >= 2 && max[0] > 0 ? min[0] / max[0] : Double.NaN;
        return new double[] {dpd, eod, eqOdds, dir};
    }

    static List<ConfusedPair> confusedPairs(List<String> labels, long[][] c) {
        List<ConfusedPair> out = new ArrayList<>();
        for (int t = 0; t < c.length; t++) {
            for (int q = 0; q < c.length; q++) {
                if (t != q && c[t][q] > 0) {
                    out.add(new ConfusedPair(labels.get(t), labels.get(q), c[t][q]));
                }
            }
        }
        out.sort(Comparator.comparingLong(ConfusedPair::count).reversed());
        return out.size() > 10 ? List.copyOf(out.subList(0, 10)) : out;
    }

    /**
     * Compares two models on the same rows: per-metric deltas (challenger minus champion) with
     * paired-bootstrap intervals (the options' replicates, 200 when bootstrap is off) and, for classifiers,
     * McNemar's test.
     *
     * @throws IllegalArgumentException when the two prediction sets are not on the same rows with the same labels
     */
    public static Comparison compare(PredictionSet champion, String championId, PredictionSet challenger,
            String challengerId, DatasetVersion data, EvaluationOptions options) {
        if (champion.type != challenger.type || !Arrays.equals(champion.rows, challenger.rows)
                || (champion.type == OutputType.CLASSIFICATION && (!champion.labels.equals(challenger.labels)
                        || !Arrays.equals(champion.truth, challenger.truth)))) {
            throw new IllegalArgumentException("Cannot compare " + championId + " and " + challengerId
                    + ": their predictions are not on the same rows of " + data.id()
                    + " with the same labels; predict both on the same dataset version");
        }
        int n = champion.size();
        boolean cls = champion.type == OutputType.CLASSIFICATION;
        int pos = cls ? positive(champion, options) : 0;
        java.util.function.Function<PredictionSet, java.util.function.Function<int[], Map<String, Double>>> f =
                ps -> sample -> cls ? classificationMetrics(ps, pos, options, sample) : regressionMetrics(ps, sample);
        int[] all = new int[n];
        Arrays.setAll(all, i -> i);
        Map<String, Double> a = f.apply(champion).apply(all);
        Map<String, Double> b = f.apply(challenger).apply(all);
        List<String> names = a.keySet().stream().filter(b::containsKey).filter(m -> !m.contains("["))
                .filter(m -> !m.startsWith("mape-skipped")).toList();
        int reps = options.replicates() > 0 ? options.replicates() : 200;
        double[][] deltas = new double[names.size()][reps];
        int[] counts = new int[names.size()];
        int[] better = new int[names.size()];
        SplittableRandom rnd = new SplittableRandom(options.seed());
        int[] sample = new int[n];
        for (int r = 0; r < reps; r++) {
            for (int i = 0; i < n; i++) {
                sample[i] = rnd.nextInt(n);
            }
            Map<String, Double> ma = f.apply(champion).apply(sample);
            Map<String, Double> mb = f.apply(challenger).apply(sample);
            for (int m = 0; m < names.size(); m++) {
                Double va = ma.get(names.get(m));
                Double vb = mb.get(names.get(m));
                if (va != null && vb != null && !va.isNaN() && !vb.isNaN()) {
                    double d = vb - va;
                    deltas[m][counts[m]++] = d;
                    if (Metrics.higherIsBetter(names.get(m)) ? d > 0 : d < 0) {
                        better[m]++;
                    }
                }
            }
        }
        List<Comparison.MetricDelta> out = new ArrayList<>();
        for (int m = 0; m < names.size(); m++) {
            String name = names.get(m);
            double d = b.get(name) - a.get(name);
            double lo = Double.NaN;
            double hi = Double.NaN;
            if (counts[m] > 0) {
                Interval iv = interval(d, Arrays.copyOf(deltas[m], counts[m]), options.level());
                lo = iv.lower();
                hi = iv.upper();
            }
            out.add(new Comparison.MetricDelta(name, a.get(name), b.get(name), d, lo, hi, Metrics.higherIsBetter(name),
                    counts[m] == 0 ? Double.NaN : (double) better[m] / counts[m]));
        }
        Optional<Comparison.McNemar> mc = cls ? Optional.of(mcNemar(champion, challenger)) : Optional.empty();
        return new Comparison(championId, challengerId, data.id(), n, out, mc);
    }

    static Comparison.McNemar mcNemar(PredictionSet a, PredictionSet b) {
        long onlyA = 0;
        long onlyB = 0;
        for (int i = 0; i < a.size(); i++) {
            boolean ca = a.predicted[i] == a.truth[i];
            boolean cb = b.predicted[i] == b.truth[i];
            if (ca && !cb) {
                onlyA++;
            } else if (cb && !ca) {
                onlyB++;
            }
        }
        long d = onlyA + onlyB;
        if (d == 0) {
            return new Comparison.McNemar(0, 0, 0, 1.0, true);
        }
        if (d < 25) {
            double p = Math.min(1.0, 2 * BinomialDistribution.of((int) d, 0.5)
                    .cumulativeProbability((int) Math.min(onlyA, onlyB)));
            return new Comparison.McNemar(onlyA, onlyB, Double.NaN, p, true);
        }
        double stat = Math.pow(Math.abs(onlyA - onlyB) - 1.0, 2) / d;
        return new Comparison.McNemar(onlyA, onlyB, stat, ChiSquaredDistribution.of(1).survivalProbability(stat), false);
    }
}
