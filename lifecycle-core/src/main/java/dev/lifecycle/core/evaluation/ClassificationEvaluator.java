package dev.lifecycle.core.evaluation;

import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.data.SchemaMismatchException;
import dev.lifecycle.api.evaluation.ClassMetrics;
import dev.lifecycle.api.evaluation.ConfusionMatrix;
import dev.lifecycle.api.evaluation.Evaluation;
import dev.lifecycle.api.evaluation.Evaluator;
import dev.lifecycle.api.model.Model;
import dev.lifecycle.api.model.OutputType;
import dev.lifecycle.api.model.Prediction;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Accuracy, per-class precision/recall/F1, their macro averages and the confusion matrix of a
 * classifier. Rows whose target is missing are skipped. Ratios with a zero denominator count as 0,
 * as in Tribuo's {@code LabelEvaluator}.
 */
public final class ClassificationEvaluator implements Evaluator {
    private static final int BATCH = 4096;

    /** @param modelId how the result names the model */
    public Evaluation evaluate(Model model, DatasetVersion data, String modelId) {
        if (model.signature().outputType() != OutputType.CLASSIFICATION) {
            throw new IllegalArgumentException("The classification evaluator needs a classifier; " + modelId
                    + " predicts " + model.signature().outputType());
        }
        String target = model.signature().target();
        if (data.schema().indexOf(target) < 0) {
            throw new SchemaMismatchException(target, "Dataset " + data.id() + " has no column '" + target
                    + "', the target of " + modelId + "; it has " + data.schema().names());
        }
        TreeSet<String> labelSet = new TreeSet<>(model.signature().labels());
        List<String> truths = new ArrayList<>(data.size());
        List<String> predicted = new ArrayList<>(data.size());
        List<Row> batch = new ArrayList<>(BATCH);
        List<String> batchTruth = new ArrayList<>(BATCH);
        for (int i = 0; i < data.size(); i++) {
            String truth = data.string(target, i);
            if (truth == null) {
                continue;
            }
            batch.add(data.row(i));
            batchTruth.add(truth);
            if (batch.size() == BATCH) {
                for (Prediction p : model.predictAll(batch)) {
                    predicted.add(p.label());
                }
                truths.addAll(batchTruth);
                batch.clear();
                batchTruth.clear();
            }
        }
        if (!batch.isEmpty()) {
            for (Prediction p : model.predictAll(batch)) {
                predicted.add(p.label());
            }
            truths.addAll(batchTruth);
        }
        labelSet.addAll(truths);
        List<String> labels = List.copyOf(labelSet);
        Map<String, Integer> index = new LinkedHashMap<>();
        for (int i = 0; i < labels.size(); i++) {
            index.put(labels.get(i), i);
        }
        long[][] counts = new long[labels.size()][labels.size()];
        for (int i = 0; i < truths.size(); i++) {
            counts[index.get(truths.get(i))][index.get(predicted.get(i))]++;
        }
        return summarize(modelId, data.id(), new ConfusionMatrix(labels, counts));
    }

    @Override
    public Evaluation evaluate(Model model, DatasetVersion data) {
        return evaluate(model, data, model.toString());
    }

    /** @return the metrics implied by a confusion matrix */
    public static Evaluation summarize(String modelId, String datasetId, ConfusionMatrix cm) {
        long[][] c = cm.counts();
        int k = c.length;
        long total = cm.total();
        long correct = 0;
        List<ClassMetrics> perClass = new ArrayList<>(k);
        double sumP = 0;
        double sumR = 0;
        double sumF = 0;
        for (int i = 0; i < k; i++) {
            long tp = c[i][i];
            long actual = 0;
            long predicted = 0;
            for (int j = 0; j < k; j++) {
                actual += c[i][j];
                predicted += c[j][i];
            }
            correct += tp;
            double p = predicted == 0 ? 0 : (double) tp / predicted;
            double r = actual == 0 ? 0 : (double) tp / actual;
            double f = p + r == 0 ? 0 : 2 * p * r / (p + r);
            perClass.add(new ClassMetrics(cm.labels().get(i), p, r, f, actual));
            sumP += p;
            sumR += r;
            sumF += f;
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("accuracy", total == 0 ? Double.NaN : (double) correct / total);
        metrics.put("macro-precision", k == 0 ? Double.NaN : sumP / k);
        metrics.put("macro-recall", k == 0 ? Double.NaN : sumR / k);
        metrics.put("macro-f1", k == 0 ? Double.NaN : sumF / k);
        return new Evaluation(modelId, datasetId, total, metrics, perClass, cm);
    }
}
