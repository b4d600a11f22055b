package dev.lifecycle.api.model;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * The answer of a model for one row: a label with a score per label for classifiers, or a value
 * for regressors, plus which model version gave it and, when served by a deployment, an id that
 * later ground truth can be joined on.
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public final class Prediction {
    private final long id;
    private final String model;
    private final int version;
    private final String label;
    private final double value;
    private final List<String> labels;
    private final double[] scores;
    private final Map<String, Object> identifiers;

    private Prediction(long id, String model, int version, String label, double value, List<String> labels,
            double[] scores) {
        this(id, model, version, label, value, labels, scores, Map.of());
    }

    private Prediction(long id, String model, int version, String label, double value, List<String> labels,
            double[] scores, Map<String, Object> identifiers) {
        this.identifiers = identifiers;
        this.id = id;
        this.model = model;
        this.version = version;
        this.label = label;
        this.value = value;
        this.labels = labels;
        this.scores = scores;
    }

    /**
     * A classification result.
     *
     * @param labels the labels in score order (shared, not copied: pass an immutable list)
     * @param scores one score per label (taken over, not copied)
     */
    public static Prediction ofLabel(String label, List<String> labels, double[] scores) {
        Objects.requireNonNull(label, "label");
        if (scores != null && scores.length != labels.size()) {
            throw new IllegalArgumentException(scores.length + " scores for " + labels.size() + " labels");
        }
        return new Prediction(0, null, 0, label, Double.NaN, labels, scores);
    }

    /** A regression result. */
    public static Prediction ofValue(double value) {
        return new Prediction(0, null, 0, null, value, List.of(), null);
    }

    /** @return this prediction stamped with a request id and the model version that made it */
    public Prediction attributed(long requestId, String modelName, int modelVersion) {
        return new Prediction(requestId, modelName, modelVersion, label, value, labels, scores, identifiers);
    }

    /**
     * @param values the identifier columns of the row (see {@link Signature#identifiers()}) and their
     *     values; missing values are left out
     * @return this prediction carrying them
     */
    public Prediction withIdentifiers(Map<String, Object> values) {
        Map<String, Object> copy = new java.util.LinkedHashMap<>();
        values.forEach((k, v) -> {
            if (v != null) {
                copy.put(k, v);
            }
        });
        return new Prediction(id, model, version, label, value, labels, scores,
                java.util.Collections.unmodifiableMap(copy));
    }

    /** @return the identifier values of the row this prediction is for (empty when the model has none) */
    public Map<String, Object> identifiers() {
        return identifiers;
    }

    /** @return the value of one identifier column of the predicted row, or {@code null} */
    public Object identifier(String column) {
        return identifiers.get(column);
    }

    /** @return the id given by a deployment (0 when the model was called directly) */
    public long id() {
        return id;
    }

    /** @return the registered model name, or {@code null} when the model was called directly */
    public String model() {
        return model;
    }

    /** @return the model version that answered (0 when the model was called directly) */
    public int version() {
        return version;
    }

    /** @return the predicted label, or {@code null} for a regression */
    public String label() {
        return label;
    }

    /** @return the predicted value for a regression, {@code NaN} for a classification */
    public double value() {
        return value;
    }

    /** @return the labels in score order */
    public List<String> labels() {
        return labels;
    }

    /** @return whether this prediction has per-label scores (probabilities or margins) */
    public boolean hasScores() {
        return scores != null;
    }

    /** @return a copy of the per-label scores, in {@link #labels()} order; empty when there are none */
    public double[] scores() {
        return scores == null ? new double[0] : scores.clone();
    }

    /** @return the score of one label, or {@code NaN} when unknown or not scored */
    public double score(String forLabel) {
        int i = labels.indexOf(forLabel);
        return i < 0 || scores == null ? Double.NaN : scores[i];
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Prediction{");
        if (id != 0) {
            sb.append("id=").append(id).append(", ");
        }
        if (!identifiers.isEmpty()) {
            sb.append(identifiers).append(", ");
        }
        if (model != null) {
            sb.append("model=").append(model).append('@').append(version).append(", ");
        }
        if (label != null) {
            sb.append("label=").append(label);
            if (scores != null) {
                sb.append(", scores=").append(labels).append(Arrays.toString(scores));
            }
        } else {
            sb.append("value=").append(value);
        }
        return sb.append('}').toString();
    }
}
