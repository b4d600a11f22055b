package dev.lifecycle.core.tribuo;

import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.data.SchemaMismatchException;
import dev.lifecycle.api.model.Model;
import dev.lifecycle.api.model.Prediction;
import dev.lifecycle.api.model.Signature;
import dev.lifecycle.core.internal.FeatureEncoder;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apiguardian.api.API;
import org.tribuo.Example;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;

/**
 * A {@link Model} backed by a Tribuo classification model. Rows are encoded by a
 * {@link FeatureEncoder} compiled once for the signature, straight into Tribuo's example form.
 */
@API(status = API.Status.MAINTAINED, since = "0.1.0")
public final class TribuoModel implements Model {
    private final org.tribuo.Model<Label> model;
    private final Signature signature;
    private final FeatureEncoder encoder;
    private final List<String> labels;
    private final PredictGuard guard;
    private final Function<Row, Example<Label>> toExample = this::example;
    private final BiFunction<org.tribuo.Prediction<Label>, Row, Prediction> toPrediction = this::convert;

    /**
     * @param model the trained Tribuo model
     * @param signature its inputs and outputs; {@code labels} must name the model's output domain
     */
    public TribuoModel(org.tribuo.Model<Label> model, Signature signature) {
        this.model = Objects.requireNonNull(model, "model");
        this.signature = Objects.requireNonNull(signature, "signature");
        this.encoder = new FeatureEncoder(signature.inputs(), numericLimit(model));
        this.labels = signature.labels();
        this.guard = new PredictGuard(signature);
    }

    /** @return the wrapped Tribuo model, for code that needs Tribuo itself (e.g. provenance) */
    public org.tribuo.Model<Label> tribuoModel() {
        return model;
    }

    @Override
    public Signature signature() {
        return signature;
    }

    @Override
    public boolean producesProbabilities() {
        return model.generatesProbabilities();
    }

    /** @return the largest feature magnitude a model computes with: XGBoost works in float */
    static double numericLimit(org.tribuo.Model<?> model) {
        return model.getClass().getName().contains("xgboost") ? Float.MAX_VALUE : Double.MAX_VALUE;
    }

    @Override
    public Prediction predict(Row row) {
        return guard.predict(model, row, toExample, toPrediction);
    }

    @Override
    public List<Prediction> predictAll(List<Row> rows) {
        return guard.predictAll(model, rows, toExample, toPrediction);
    }

    Example<Label> example(Row row) {
        FeatureEncoder.Features f;
        try {
            f = encoder.encode(row);
        } catch (SchemaMismatchException e) {
            throw RowMismatch.of(signature, row, e);
        }
        return new SortedExample(LabelFactory.UNKNOWN_LABEL, f.names, f.values);
    }

    private Prediction convert(org.tribuo.Prediction<Label> p, Row row) {
        Map<String, Label> scores = p.getOutputScores();
        double[] s = new double[labels.size()];
        for (int i = 0; i < s.length; i++) {
            Label l = scores.get(labels.get(i));
            s[i] = l == null ? Double.NaN : l.getScore();
            if (l != null && Double.isNaN(s[i])) {
                throw guard.overflow(row);
            }
        }
        Label out = p.getOutput();
        if (out == null || out.getLabel() == null || Double.isNaN(out.getScore())) {
            throw guard.overflow(row);
        }
        return Prediction.ofLabel(out.getLabel(), labels, s);
    }

    /**
     * An example whose names are already sorted and unique: skips the copy and argsort that Tribuo's
     * public constructor does per example. The names array may be shared and is never modified.
     */
    static final class SortedExample extends ArrayExample<Label> {
        private static final long serialVersionUID = 1L;

        SortedExample(Label output, String[] sortedNames, double[] values) {
            super(output, 1.0f, 0);
            this.featureNames = sortedNames;
            this.featureValues = values;
            this.size = sortedNames.length;
        }
    }

    @Override
    public String toString() {
        return "TribuoModel[" + model.getClass().getSimpleName() + ", " + labels + "]";
    }
}
