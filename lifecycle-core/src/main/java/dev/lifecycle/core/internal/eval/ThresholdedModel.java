package dev.lifecycle.core.internal.eval;

import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.evaluation.DecisionThreshold;
import dev.lifecycle.api.model.Model;
import dev.lifecycle.api.model.ModelVersion;
import dev.lifecycle.api.store.ObjectId;
import dev.lifecycle.api.store.Store;
import dev.lifecycle.core.internal.StoredObjects;
import dev.lifecycle.api.model.Prediction;
import dev.lifecycle.api.model.Signature;
import java.util.ArrayList;
import java.util.List;

/**
 * A binary classifier served at a decision threshold: the positive label iff its score is at least the
 * threshold. The threshold is fixed when this wrapper is made (at deploy or swap time), so a prediction
 * costs the wrapped model's plus one score comparison; a prediction whose label does not change is
 * returned as is.
 */
public final class ThresholdedModel implements Model {
    private final Model inner;
    private final DecisionThreshold threshold;
    private final String positive;
    private final String negative;
    private final double cut;

    private ThresholdedModel(Model inner, DecisionThreshold threshold, String negative) {
        this.inner = inner;
        this.threshold = threshold;
        this.positive = threshold.positiveLabel();
        this.negative = negative;
        this.cut = threshold.threshold();
    }

    /**
     * @param threshold the threshold, or null to serve the model's own labels
     * @param what names the model in errors, e.g. {@code adult-clf@3}
     * @return the model predicting at the threshold, or {@code model} itself when there is none
     * @throws IllegalArgumentException when the model is not a binary classifier with the threshold's label
     */
    public static Model of(Model model, DecisionThreshold threshold, String what) {
        if (threshold == null) {
            return model;
        }
        if (model instanceof ThresholdedModel t) {
            model = t.inner;
        }
        List<String> labels = model.signature().labels();
        if (labels.size() != 2 || !labels.contains(threshold.positiveLabel())) {
            throw new IllegalArgumentException("Model " + what + " has labels " + labels + ": a decision threshold"
                    + " on '" + threshold.positiveLabel() + "' needs a binary classifier with that label; clear the"
                    + " threshold with models().clearThreshold(...) or set one on a label of the model");
        }
        String negative = labels.get(0).equals(threshold.positiveLabel()) ? labels.get(1) : labels.get(0);
        return new ThresholdedModel(model, threshold, negative);
    }

    /** @return the ref holding the object id of a version's decision threshold */
    public static String ref(String modelName, int version) {
        return "models/" + modelName + "/thresholds/" + version;
    }

    /** @return the decision threshold stored for a version, or null */
    public static DecisionThreshold stored(Store store, String modelName, int version) {
        return store.ref(ref(modelName, version)).map(id -> StoredObjects.manifest(store, new ObjectId(id),
                DecisionThreshold.class, "the decision threshold of " + modelName + "@" + version)).orElse(null);
    }

    /** @return a version's model as served: at its stored decision threshold when it has one */
    public static Model served(Store store, ModelVersion v) {
        return of(v.model(), stored(store, v.name(), v.version()), v.id());
    }

    /** @return the model without its threshold */
    public static Model unwrap(Model model) {
        return model instanceof ThresholdedModel t ? t.inner : model;
    }

    /** @return the threshold a model predicts at, or null when it predicts its own labels */
    public static DecisionThreshold thresholdOf(Model model) {
        return model instanceof ThresholdedModel t ? t.threshold : null;
    }

    @Override
    public Signature signature() {
        return inner.signature();
    }

    @Override
    public Prediction predict(Row row) {
        return relabel(inner.predict(row));
    }

    @Override
    public List<Prediction> predictAll(List<Row> rows) {
        List<Prediction> raw = inner.predictAll(rows);
        List<Prediction> out = new ArrayList<>(raw.size());
        for (Prediction p : raw) {
            out.add(relabel(p));
        }
        return out;
    }

    private Prediction relabel(Prediction p) {
        if (!p.hasScores()) {
            return p;
        }
        double s = p.score(positive);
        if (Double.isNaN(s)) {
            return p;
        }
        String label = s >= cut ? positive : negative;
        if (label.equals(p.label())) {
            return p;
        }
        Prediction out = Prediction.ofLabel(label, p.labels(), p.scores());
        return p.identifiers().isEmpty() ? out : out.withIdentifiers(p.identifiers());
    }

    @Override
    public boolean producesProbabilities() {
        return inner.producesProbabilities();
    }

    @Override
    public String toString() {
        return inner + " at " + positive + " >= " + cut;
    }
}
