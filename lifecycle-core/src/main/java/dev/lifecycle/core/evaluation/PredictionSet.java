package dev.lifecycle.core.evaluation;

import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.data.SchemaMismatchException;
import dev.lifecycle.api.model.Model;
import dev.lifecycle.api.model.OutputType;
import dev.lifecycle.api.model.Prediction;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import org.apiguardian.api.API;

/**
 * The predictions of one model on the labelled rows of one dataset version, held in flat arrays:
 * what every metric, slice, bootstrap and comparison is computed from. Make one with
 * {@link #predict(Model, DatasetVersion)} or, for predictions made elsewhere, with
 * {@link #classification} or {@link #regression}. Immutable once built; arrays passed in are not copied.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public final class PredictionSet {
    final OutputType type;
    final List<String> labels;
    final int[] rows;
    final int[] truth;
    final int[] predicted;
    final double[] scores;
    final boolean probabilities;
    final String noScores;
    final double[] truthValues;
    final double[] predictedValues;
    /** The positive label's score at and above which the model predicts it (0.5 unless served at a threshold). */
    final double decisionThreshold;

    private PredictionSet(OutputType type, List<String> labels, int[] rows, int[] truth, int[] predicted,
            double[] scores, boolean probabilities, String noScores, double[] truthValues, double[] predictedValues) {
        this(type, labels, rows, truth, predicted, scores, probabilities, noScores, truthValues, predictedValues, 0.5);
    }

    private PredictionSet(OutputType type, List<String> labels, int[] rows, int[] truth, int[] predicted,
            double[] scores, boolean probabilities, String noScores, double[] truthValues, double[] predictedValues,
            double decisionThreshold) {
        this.decisionThreshold = decisionThreshold;
        this.type = type;
        this.labels = labels;
        this.rows = rows;
        this.truth = truth;
        this.predicted = predicted;
        this.scores = scores;
        this.probabilities = probabilities;
        this.noScores = noScores;
        this.truthValues = truthValues;
        this.predictedValues = predictedValues;
    }

    /**
     * Classification predictions made elsewhere, for dataset rows {@code 0..n-1}.
     *
     * @param labels the labels; {@code truth} and {@code predicted} index into it
     * @param scores {@code n * labels.size()} scores, row-major in label order, or {@code null} when there are none
     * @param probabilities whether the scores are probabilities
     */
    public static PredictionSet classification(List<String> labels, int[] truth, int[] predicted, double[] scores,
            boolean probabilities) {
        List<String> l = List.copyOf(labels);
        if (truth.length != predicted.length) {
            throw new IllegalArgumentException(truth.length + " true labels but " + predicted.length + " predictions");
        }
        if (scores != null && scores.length != truth.length * l.size()) {
            throw new IllegalArgumentException("Expected " + truth.length * l.size() + " scores (rows x labels), got "
                    + scores.length);
        }
        return new PredictionSet(OutputType.CLASSIFICATION, l, identity(truth.length), truth, predicted, scores,
                scores != null && probabilities, scores == null ? "the predictions carry no class scores" : null, null,
                null);
    }

    /** Regression predictions made elsewhere, for dataset rows {@code 0..n-1}. */
    public static PredictionSet regression(double[] truth, double[] predicted) {
        if (truth.length != predicted.length) {
            throw new IllegalArgumentException(truth.length + " targets but " + predicted.length + " predictions");
        }
        return new PredictionSet(OutputType.REGRESSION, List.of(), identity(truth.length), null, null, null, false,
                null, truth, predicted);
    }

    /**
     * Predicts every row of {@code data} whose target is present.
     *
     * @throws SchemaMismatchException when the data lacks the model's target or features
     */
    public static PredictionSet predict(Model model, DatasetVersion data) {
        return predict(model, data, List.of());
    }

    /**
     * Predicts every row of {@code data} whose target is present, with labels that include {@code knownLabels}:
     * parts of one dataset predicted with the same known labels (every target value of the whole) have the
     * same labels, so their {@link PartialEvaluation}s merge.
     *
     * @throws SchemaMismatchException when the data lacks the model's target or features
     */
    public static PredictionSet predict(Model model, DatasetVersion data, java.util.Collection<String> knownLabels) {
        Objects.requireNonNull(model, "model");
        String target = model.signature().target();
        if (data.schema().indexOf(target) < 0) {
            throw new SchemaMismatchException(target, "Dataset " + data.id() + " has no column '" + target
                    + "', the target of " + model + "; it has " + data.schema().names());
        }
        List<Integer> used = new ArrayList<>(data.size());
        for (int i = 0; i < data.size(); i++) {
            if (data.string(target, i) != null) {
                used.add(i);
            }
        }
        int n = used.size();
        int[] rows = used.stream().mapToInt(Integer::intValue).toArray();
        List<Prediction> out = new ArrayList<>(n);
        List<Row> batch = new ArrayList<>(4096);
        for (int r : rows) {
            batch.add(data.row(r));
            if (batch.size() == 4096) {
                out.addAll(model.predictAll(batch));
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            out.addAll(model.predictAll(batch));
        }
        if (model.signature().outputType() == OutputType.REGRESSION) {
            double[] t = new double[n];
            double[] p = new double[n];
            for (int i = 0; i < n; i++) {
                t[i] = data.number(target, rows[i]);
                p[i] = out.get(i).value();
            }
            return new PredictionSet(OutputType.REGRESSION, List.of(), rows, null, null, null, false, null, t, p);
        }
        TreeSet<String> set = new TreeSet<>(model.signature().labels());
        set.addAll(knownLabels);
        for (int i = 0; i < n; i++) {
            set.add(data.string(target, rows[i]));
            set.add(out.get(i).label());
        }
        List<String> labels = List.copyOf(set);
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < labels.size(); i++) {
            index.put(labels.get(i), i);
        }
        int k = labels.size();
        int[] truth = new int[n];
        int[] pred = new int[n];
        boolean scored = n > 0 && model.producesProbabilities();
        for (Prediction p : out) {
            scored &= p.hasScores();
        }
        double[] scores = scored ? new double[n * k] : null;
        for (int i = 0; i < n; i++) {
            Prediction p = out.get(i);
            truth[i] = index.get(data.string(target, rows[i]));
            pred[i] = index.get(p.label());
            if (scored) {
                for (int c = 0; c < k; c++) {
                    scores[i * k + c] = p.score(labels.get(c));
                }
            }
        }
        String why = scored ? null : model + " does not produce class probabilities (a CART tree, for example), so "
                + "AUC, average precision, log loss, Brier score and calibration do not apply";
        dev.lifecycle.api.evaluation.DecisionThreshold served =
                dev.lifecycle.core.internal.eval.ThresholdedModel.thresholdOf(model);
        return new PredictionSet(OutputType.CLASSIFICATION, labels, rows, truth, pred, scores,
                scored, why, null, null, served == null ? 0.5 : served.threshold());
    }

    /** @return the number of predictions */
    public int size() {
        return type == OutputType.REGRESSION ? truthValues.length : truth.length;
    }

    /** @return the labels, for classification */
    public List<String> labels() {
        return labels;
    }

    /** @return whether these are classification or regression predictions */
    public OutputType type() {
        return type;
    }

    /** @return the dataset row of each prediction */
    public int[] rows() {
        return rows.clone();
    }

    private static int[] identity(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        return r;
    }
}
