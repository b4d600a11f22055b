package dev.lifecycle.core.evaluation;

import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.data.Lineage;
import dev.lifecycle.api.evaluation.Evaluation;
import dev.lifecycle.api.model.Model;
import dev.lifecycle.api.model.Trainer;
import dev.lifecycle.core.internal.ColumnarDataset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Seeded k-fold cross-validation of a trainer on one dataset version: rows are shuffled with the seed,
 * cut into k folds, and each fold is evaluated by a model trained on the other k-1. The folds are held
 * in memory and not registered as dataset versions.
 */
public final class CrossValidation {
    private CrossValidation() {
    }

    /**
     * The result of a cross-validation.
     *
     * @param folds the evaluation of each fold (model ids {@code <trainer>#fold<i>}, dataset ids {@code <data>#fold<i>})
     * @param mean the mean of each metric over the folds that have it
     * @param standardDeviation the sample standard deviation of each metric over the folds
     */
    public record Result(List<Evaluation> folds, Map<String, Double> mean, Map<String, Double> standardDeviation) {
        /** Copies the collections. */
        public Result {
            folds = List.copyOf(folds);
            mean = Map.copyOf(mean);
            standardDeviation = Map.copyOf(standardDeviation);
        }
    }

    /**
     * @param k the number of folds, at least 2 and at most the number of rows
     * @return the per-fold evaluations and the mean and spread of each metric
     */
    public static Result run(Trainer trainer, DatasetVersion data, int k, long seed, EvaluationOptions options) {
        Objects.requireNonNull(trainer, "trainer");
        Objects.requireNonNull(options, "options");
        ColumnarDataset all = ColumnarDataset.of(data);
        int n = all.size();
        if (k < 2 || k > n) {
            throw new IllegalArgumentException("Cross-validation of " + data.id() + " needs 2 <= k <= " + n
                    + " folds, got " + k);
        }
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        List<Evaluation> folds = new ArrayList<>();
        for (int f = 0; f < k; f++) {
            int from = (int) ((long) n * f / k);
            int to = (int) ((long) n * (f + 1) / k);
            int[] test = new int[to - from];
            int[] train = new int[n - test.length];
            System.arraycopy(order, from, test, 0, test.length);
            System.arraycopy(order, 0, train, 0, from);
            System.arraycopy(order, to, train, from, n - to);
            java.util.Arrays.sort(test);
            java.util.Arrays.sort(train);
            Map<String, String> details = Map.of("fold", Integer.toString(f), "k", Integer.toString(k), "seed",
                    Long.toString(seed));
            ColumnarDataset trainPart = all.select(train, data.name() + ".cv-train",
                    new Lineage(List.of(data.id()), "cross-validation", null, details));
            ColumnarDataset testPart = all.select(test, data.name() + ".cv-test",
                    new Lineage(List.of(data.id()), "cross-validation", null, details));
            Model model = trainer.train(trainPart);
            Evaluation ev = Evaluations.evaluate(model, testPart, trainer.name() + "#fold" + f, options);
            folds.add(new Evaluation(ev.model(), data.id() + "#fold" + f, ev.rows(), ev.metrics(), ev.perClass(),
                    ev.confusion(), ev.notApplicable(), ev.intervals(), ev.slices(), ev.fairness(), ev.diagnostics()));
        }
        Map<String, Double> mean = new LinkedHashMap<>();
        Map<String, Double> sd = new LinkedHashMap<>();
        for (String m : folds.get(0).metrics().keySet()) {
            double s = 0;
            double ss = 0;
            int c = 0;
            for (Evaluation e : folds) {
                Double v = e.metrics().get(m);
                if (v != null && !v.isNaN()) {
                    s += v;
                    ss += v * v;
                    c++;
                }
            }
            if (c > 0) {
                double mu = s / c;
                mean.put(m, mu);
                sd.put(m, c > 1 ? Math.sqrt(Math.max(0, (ss - c * mu * mu) / (c - 1))) : 0.0);
            }
        }
        return new Result(folds, mean, sd);
    }
}
