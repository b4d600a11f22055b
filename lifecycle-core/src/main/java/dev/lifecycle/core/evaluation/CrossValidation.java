package dev.lifecycle.core.evaluation;

import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.data.Lineage;
import dev.lifecycle.api.evaluation.Evaluation;
import dev.lifecycle.api.model.Model;
import dev.lifecycle.api.model.Trainer;
import dev.lifecycle.core.data.Folds;
import dev.lifecycle.core.internal.ColumnarDataset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * Seeded k-fold cross-validation of a trainer on one dataset version: rows are assigned to k {@link Folds}
 * (random, stratified or grouped), and each fold is evaluated by a model trained on the other k-1. The folds
 * are held in memory and not registered as dataset versions.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
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
    @API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
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
     * @return the per-fold evaluations over {@link Folds#random(int, long)} and the mean and spread of each metric
     */
    public static Result run(Trainer trainer, DatasetVersion data, int k, long seed, EvaluationOptions options) {
        Objects.requireNonNull(trainer, "trainer");
        Objects.requireNonNull(options, "options");
        int n = data.size();
        if (k < 2 || k > n) {
            throw new IllegalArgumentException("Cross-validation of " + data.id() + " needs 2 <= k <= " + n
                    + " folds, got " + k);
        }
        return run(trainer, data, Folds.random(k, seed), options);
    }

    /**
     * @param folds the partition (the same rows {@code datasets().kFold(data, folds)} and
     *     {@code Lifecycle.search} hold out)
     * @return the per-fold evaluations and the mean and spread of each metric
     */
    public static Result run(Trainer trainer, DatasetVersion data, Folds folds, EvaluationOptions options) {
        Objects.requireNonNull(trainer, "trainer");
        Objects.requireNonNull(folds, "folds");
        Objects.requireNonNull(options, "options");
        ColumnarDataset all = ColumnarDataset.of(data);
        int n = all.size();
        int[][] held = folds.testRows(data);
        List<Evaluation> results = new ArrayList<>();
        for (int f = 0; f < held.length; f++) {
            int[] test = held[f];
            int[] train = Folds.complement(n, test);
            Map<String, String> details = new LinkedHashMap<>(folds.details());
            details.put("fold", Integer.toString(f));
            ColumnarDataset trainPart = all.select(train, data.name() + ".cv-train",
                    new Lineage(List.of(data.id()), "cross-validation", null, details));
            ColumnarDataset testPart = all.select(test, data.name() + ".cv-test",
                    new Lineage(List.of(data.id()), "cross-validation", null, details));
            Model model = trainer.train(trainPart);
            Evaluation ev = Evaluations.evaluate(model, testPart, trainer.name() + "#fold" + f, options);
            results.add(new Evaluation(ev.model(), data.id() + "#fold" + f, ev.rows(), ev.metrics(), ev.perClass(),
                    ev.confusion(), ev.notApplicable(), ev.intervals(), ev.slices(), ev.fairness(), ev.diagnostics(),
                    ev.importance()));
        }
        return summarize(results);
    }

    private static Result summarize(List<Evaluation> folds) {
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
