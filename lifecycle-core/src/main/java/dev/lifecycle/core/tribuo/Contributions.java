package dev.lifecycle.core.tribuo;

import dev.lifecycle.api.data.Field;
import dev.lifecycle.api.data.FieldType;
import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.data.SchemaMismatchException;
import dev.lifecycle.api.model.Model;
import dev.lifecycle.api.model.Signature;
import dev.lifecycle.core.internal.FeatureEncoder;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apiguardian.api.API;
import org.tribuo.Example;
import org.tribuo.Feature;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.common.sgd.AbstractLinearSGDModel;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.la.DenseMatrix;
import org.tribuo.transform.TransformedModel;

/**
 * Per-prediction explanations: exact Tree SHAP for XGBoost models (computed in Java on the compiled
 * trees, as XGBoost's {@code pred_contribs}) and coefficient × (standardised) value for linear
 * classifiers (logistic regression, linear SVM). Costs far more than a prediction: call it on request,
 * never on the serving path.
 */
@API(status = API.Status.MAINTAINED, since = "0.1.0")
public final class Contributions {
    private Contributions() {
    }

    /** @return whether {@link #of(Model, Row, String)} can explain this model */
    public static boolean supports(Model model) {
        return model instanceof CompiledTreeModel || linear(model) != null;
    }

    /** @return the explanation of the predicted label */
    public static Explanation of(Model model, Row row) {
        return of(model, row, null);
    }

    /**
     * @param label the label to explain, or null for the predicted one
     * @throws IllegalArgumentException when the model has no supported explanation or the label is unknown
     * @throws SchemaMismatchException when the row does not fit the model's signature
     */
    public static Explanation of(Model model, Row row, String label) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(row, "row");
        if (model instanceof CompiledTreeModel tree) {
            return tree.explain(row, label);
        }
        AbstractLinearSGDModel<?> lin = linear(model);
        if (lin != null) {
            return linear((TribuoModel) model, lin, row, label);
        }
        throw new IllegalArgumentException("Model " + model + " has no per-prediction explanation; contributions are "
                + "computed for XGBoost (Tree SHAP) and linear classifiers (logistic regression, linear SVM). Use "
                + "permutation importance in the evaluation (EvaluationOptions.importance) for any model");
    }

    private static AbstractLinearSGDModel<?> linear(Model model) {
        if (!(model instanceof TribuoModel t)) {
            return null;
        }
        org.tribuo.Model<?> m = t.tribuoModel();
        if (m instanceof TransformedModel<?> tm) {
            m = tm.getInnerModel();
        }
        return m instanceof AbstractLinearSGDModel<?> l ? l : null;
    }

    private static Explanation linear(TribuoModel model, AbstractLinearSGDModel<?> lin, Row row, String label) {
        Signature sig = model.signature();
        String explained = label != null ? label : model.predict(row).label();
        if (!sig.labels().contains(explained)) {
            throw new IllegalArgumentException("Model " + model + " has no label '" + explained + "'; its labels are "
                    + sig.labels());
        }
        FeatureEncoder.Features f;
        try {
            f = new FeatureEncoder(sig.inputs()).encode(row);
        } catch (SchemaMismatchException e) {
            throw RowMismatch.of(sig, row, e);
        }
        Example<Label> ex = new ArrayExample<>(LabelFactory.UNKNOWN_LABEL, f.names, f.values);
        if (model.tribuoModel() instanceof TransformedModel<Label> tm) {
            ex = tm.getTransformerMap().transformExample(ex);
        }
        DenseMatrix w = lin.getWeightsCopy();
        ImmutableFeatureMap fmap = lin.getFeatureIDMap();
        @SuppressWarnings("unchecked")
        org.tribuo.ImmutableOutputInfo<Label> outputs = (org.tribuo.ImmutableOutputInfo<Label>) lin.getOutputIDInfo();
        int k = outputs.getID(new Label(explained));
        Map<String, Double> byFeature = new HashMap<>();
        double margin = 0;
        for (Feature feature : ex) {
            int id = fmap.getID(feature.getName());
            if (id >= 0) {
                double c = w.get(k, id) * feature.getValue();
                byFeature.merge(feature.getName(), c, Double::sum);
                margin += c;
            }
        }
        double bias = w.get(k, w.getDimension2Size() - 1);
        return explanation(sig, explained, margin + bias, bias, byFeature, "linear");
    }

    /** Orders contributions by magnitude and sums one-hot features into their columns. */
    static Explanation explanation(Signature sig, String label, double margin, double bias,
            Map<String, Double> byFeature, String method) {
        Map<String, String> column = columns(sig);
        Map<String, Double> byColumn = new HashMap<>();
        byFeature.forEach((name, v) -> byColumn.merge(column.getOrDefault(name, name), v, Double::sum));
        return new Explanation(label, margin, bias, ordered(byColumn), ordered(byFeature), method);
    }

    private static Map<String, Double> ordered(Map<String, Double> m) {
        Map<String, Double> out = new LinkedHashMap<>();
        m.entrySet().stream().sorted(Comparator.comparingDouble((Map.Entry<String, Double> e) -> -Math.abs(e.getValue()))
                .thenComparing(Map.Entry::getKey)).forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    private static Map<String, String> columns(Signature sig) {
        Map<String, String> m = new HashMap<>();
        List<Field> inputs = sig.inputs();
        for (Field f : inputs) {
            if (f.type() == FieldType.CATEGORICAL) {
                for (String c : f.categories()) {
                    m.put(FeatureEncoder.oneHotName(f.name(), c), f.name());
                }
            } else {
                m.put(f.name(), f.name());
            }
        }
        return m;
    }
}
