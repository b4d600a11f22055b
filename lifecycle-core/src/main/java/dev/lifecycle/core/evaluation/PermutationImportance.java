package dev.lifecycle.core.evaluation;

import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.data.Field;
import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.evaluation.FeatureImportance;
import dev.lifecycle.api.model.Model;
import dev.lifecycle.api.model.OutputType;
import dev.lifecycle.api.model.Prediction;
import dev.lifecycle.core.internal.Shuffle;
import dev.lifecycle.core.internal.eval.Metrics;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.apiguardian.api.API;

/**
 * Permutation importance of a model's input columns on labelled rows (Breiman 2001; Fisher, Rudin and
 * Dominici 2019): in each repeat, a bootstrap resample of the rows is scored as is and again with one
 * column shuffled among the resampled rows; the worsening of the metric is the column's importance. The
 * interval is the percentile range of the worsening over the repeats, so it carries both the sampling
 * and the shuffling noise. Model-agnostic: only {@code predictAll} is called. Immutable; e.g.
 * {@code PermutationImportance.repeats(20).seed(7).rank(model, test)}.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public final class PermutationImportance {
    private final int repeats;
    private final int maxRows;
    private final long seed;
    private final String metric;
    private final double level;

    private PermutationImportance(int repeats, int maxRows, long seed, String metric, double level) {
        this.repeats = repeats;
        this.maxRows = maxRows;
        this.seed = seed;
        this.metric = metric;
        this.level = level;
    }

    /** @return {@code n} repeats (at least 2), at most 5000 rows, seed 1, the default metric, 95% intervals */
    public static PermutationImportance repeats(int n) {
        if (n < 2 || n > 10_000) {
            throw new IllegalArgumentException("Permutation importance needs 2 to 10000 repeats, got " + n);
        }
        return new PermutationImportance(n, 5000, 1L, null, 0.95);
    }

    /** @return a copy with this seed for the resamples and shuffles */
    public PermutationImportance seed(long s) {
        return new PermutationImportance(repeats, maxRows, s, metric, level);
    }

    /** @return a copy that scores a seeded sample of at most {@code rows} rows (all rows when fewer) */
    public PermutationImportance maxRows(int rows) {
        if (rows < 10) {
            throw new IllegalArgumentException("maxRows must be at least 10, got " + rows);
        }
        return new PermutationImportance(repeats, rows, seed, metric, level);
    }

    /**
     * @param name {@code auc}, {@code log-loss}, {@code accuracy} for classifiers; {@code rmse}, {@code mae}
     *     for regressors. Default: {@code auc} for binary classifiers with probabilities, else {@code accuracy};
     *     {@code rmse} for regressors
     * @return a copy measuring this metric
     */
    public PermutationImportance metric(String name) {
        if (!List.of("auc", "log-loss", "accuracy", "rmse", "mae").contains(Objects.requireNonNull(name, "metric"))) {
            throw new IllegalArgumentException("Permutation importance measures auc, log-loss, accuracy, rmse or "
                    + "mae; got '" + name + "'");
        }
        return new PermutationImportance(repeats, maxRows, seed, name, level);
    }

    /** @return a copy with intervals of this coverage (0.5 to 0.999) */
    public PermutationImportance level(double confidence) {
        if (!(confidence >= 0.5 && confidence < 1)) {
            throw new IllegalArgumentException("level must be in [0.5, 1), got " + confidence);
        }
        return new PermutationImportance(repeats, maxRows, seed, metric, confidence);
    }

    /**
     * @return the importance of every input column of the model (never the target), most important first
     * @throws IllegalArgumentException when no row has a target, or the metric does not fit the model
     */
    public List<FeatureImportance> rank(Model model, DatasetVersion data) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(data, "data");
        boolean regression = model.signature().outputType() == OutputType.REGRESSION;
        List<String> labels = model.signature().labels();
        String m = metric != null ? metric : regression ? "rmse"
                : labels.size() == 2 && model.producesProbabilities() ? "auc" : "accuracy";
        if (regression != (m.equals("rmse") || m.equals("mae"))) {
            throw new IllegalArgumentException("Metric '" + m + "' does not fit " + (regression ? "a regressor"
                    : "a classifier") + "; choose " + (regression ? "rmse or mae" : "auc, log-loss or accuracy"));
        }
        if (m.equals("auc") && labels.size() != 2) {
            throw new IllegalArgumentException("Permutation importance by auc needs a binary classifier; this one has "
                    + labels.size() + " labels " + labels + "; use accuracy or log-loss");
        }
        String target = data.schema().target();
        SplittableRandom random = new SplittableRandom(seed);
        List<Row> rows = new ArrayList<>();
        List<Object> truth = new ArrayList<>();
        int[] order = Shuffle.permutation(data.size(), random);
        for (int i : order) {
            if (rows.size() >= maxRows) {
                break;
            }
            if (regression) {
                double y = data.number(target, i);
                if (!Double.isNaN(y)) {
                    rows.add(data.row(i));
                    truth.add(y);
                }
            } else {
                String y = data.target(i);
                if (y != null && labels.contains(y)) {
                    rows.add(data.row(i));
                    truth.add(y);
                }
            }
        }
        if (rows.size() < 10) {
            throw new IllegalArgumentException("Dataset " + data.id() + " has " + rows.size() + " rows with a known "
                    + "target; permutation importance needs at least 10");
        }
        List<String> features = model.signature().inputs().stream().map(Field::name)
                .filter(f -> !f.equals(target)).toList();
        int n = rows.size();
        double[][] drops = new double[features.size()][repeats];
        double baselineSum = 0;
        boolean higher = Metrics.higherIsBetter(m);
        for (int r = 0; r < repeats; r++) {
            int[] sample = new int[n];
            for (int i = 0; i < n; i++) {
                sample[i] = random.nextInt(n);
            }
            List<Row> base = new ArrayList<>(n);
            Object[] y = new Object[n];
            for (int i = 0; i < n; i++) {
                base.add(rows.get(sample[i]));
                y[i] = truth.get(sample[i]);
            }
            double before = score(m, model.predictAll(base), y, labels);
            baselineSum += before;
            for (int f = 0; f < features.size(); f++) {
                String col = features.get(f);
                int[] perm = Shuffle.permutation(n, random);
                List<Row> shuffled = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    shuffled.add(base.get(i).with(col, base.get(perm[i]).get(col)));
                }
                double after = score(m, model.predictAll(shuffled), y, labels);
                drops[f][r] = higher ? before - after : after - before;
            }
        }
        double baseline = baselineSum / repeats;
        double alpha = (1 - level) / 2;
        List<FeatureImportance> out = new ArrayList<>();
        for (int f = 0; f < features.size(); f++) {
            double[] d = drops[f].clone();
            Arrays.sort(d);
            double mean = Arrays.stream(d).average().orElse(Double.NaN);
            out.add(new FeatureImportance(features.get(f), m, baseline, mean, quantile(d, alpha),
                    quantile(d, 1 - alpha), level, repeats));
        }
        out.sort(Comparator.comparingDouble(FeatureImportance::drop).reversed()
                .thenComparing(FeatureImportance::feature));
        return List.copyOf(out);
    }

    private static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }

    private static double score(String metric, List<Prediction> ps, Object[] y, List<String> labels) {
        int n = ps.size();
        switch (metric) {
            case "rmse", "mae" -> {
                double s = 0;
                for (int i = 0; i < n; i++) {
                    double e = ps.get(i).value() - (Double) y[i];
                    s += metric.equals("rmse") ? e * e : Math.abs(e);
                }
                return metric.equals("rmse") ? Math.sqrt(s / n) : s / n;
            }
            case "accuracy" -> {
                int ok = 0;
                for (int i = 0; i < n; i++) {
                    if (y[i].equals(ps.get(i).label())) {
                        ok++;
                    }
                }
                return (double) ok / n;
            }
            case "log-loss" -> {
                double s = 0;
                for (int i = 0; i < n; i++) {
                    double p = ps.get(i).score((String) y[i]);
                    s -= Math.log(Math.max(1e-15, Double.isNaN(p) ? 0 : p));
                }
                return s / n;
            }
            default -> {
                String positive = labels.get(1);
                double[] score = new double[n];
                boolean[] pos = new boolean[n];
                for (int i = 0; i < n; i++) {
                    score[i] = ps.get(i).score(positive);
                    pos[i] = positive.equals(y[i]);
                }
                return auc(score, pos);
            }
        }
    }

    /** @return the area under the ROC curve by the rank-sum statistic, ties counted half */
    static double auc(double[] score, boolean[] positive) {
        int n = score.length;
        Integer[] idx = new Integer[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, Comparator.comparingDouble(i -> score[i]));
        double rankSum = 0;
        long pos = 0;
        for (int i = 0; i < n;) {
            int j = i;
            while (j + 1 < n && score[idx[j + 1]] == score[idx[i]]) {
                j++;
            }
            double rank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                if (positive[idx[k]]) {
                    rankSum += rank;
                    pos++;
                }
            }
            i = j + 1;
        }
        long neg = n - pos;
        if (pos == 0 || neg == 0) {
            return Double.NaN;
        }
        return (rankSum - pos * (pos + 1) / 2.0) / ((double) pos * neg);
    }
}
