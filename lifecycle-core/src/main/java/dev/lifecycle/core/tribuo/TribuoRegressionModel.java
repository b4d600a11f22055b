package dev.lifecycle.core.tribuo;

import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.data.SchemaMismatchException;
import dev.lifecycle.api.model.Model;
import dev.lifecycle.api.model.OutputType;
import dev.lifecycle.api.model.Prediction;
import dev.lifecycle.api.model.Signature;
import dev.lifecycle.core.internal.FeatureEncoder;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apiguardian.api.API;
import org.tribuo.Example;
import org.tribuo.impl.ArrayExample;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;

/**
 * A {@link Model} backed by a Tribuo regression model with one output dimension, the signature's
 * target. {@link #predictAll} hands the whole batch to Tribuo, which for XGBoost is far faster than
 * one {@link #predict} per row (XGBoost builds a native matrix per call).
 */
@API(status = API.Status.MAINTAINED, since = "0.1.0")
public final class TribuoRegressionModel implements Model {
    private final org.tribuo.Model<Regressor> model;
    private final Signature signature;
    private final FeatureEncoder encoder;
    private final PredictGuard guard;
    private final Function<Row, Example<Regressor>> toExample = this::example;
    private final BiFunction<org.tribuo.Prediction<Regressor>, Row, Prediction> toPrediction = this::convert;

    /**
     * @param model the trained Tribuo regression model
     * @param signature its inputs and outputs, with {@link OutputType#REGRESSION}
     */
    public TribuoRegressionModel(org.tribuo.Model<Regressor> model, Signature signature) {
        this.model = Objects.requireNonNull(model, "model");
        this.signature = Objects.requireNonNull(signature, "signature");
        if (signature.outputType() != OutputType.REGRESSION) {
            throw new IllegalArgumentException("A regression model needs a REGRESSION signature, got "
                    + signature.outputType());
        }
        this.encoder = new FeatureEncoder(signature.inputs(), TribuoModel.numericLimit(model));
        this.guard = new PredictGuard(signature);
    }

    /** @return the wrapped Tribuo model, for code that needs Tribuo itself (e.g. provenance) */
    public org.tribuo.Model<Regressor> tribuoModel() {
        return model;
    }

    @Override
    public Signature signature() {
        return signature;
    }

    @Override
    public boolean producesProbabilities() {
        return false;
    }

    @Override
    public Prediction predict(Row row) {
        return guard.predict(model, row, toExample, toPrediction);
    }

    private Prediction convert(org.tribuo.Prediction<Regressor> p, Row row) {
        double v = p.getOutput().getValues()[0];
        if (!Double.isFinite(v)) {
            throw guard.overflow(row);
        }
        return Prediction.ofValue(v);
    }

    @Override
    public List<Prediction> predictAll(List<Row> rows) {
        return guard.predictAll(model, rows, toExample, toPrediction);
    }

    private Example<Regressor> example(Row row) {
        FeatureEncoder.Features f;
        try {
            f = encoder.encode(row);
        } catch (SchemaMismatchException e) {
            throw RowMismatch.of(signature, row, e);
        }
        return new ArrayExample<>(RegressionFactory.UNKNOWN_REGRESSOR, f.names, f.values);
    }

    @Override
    public String toString() {
        return "TribuoRegressionModel[" + model.getClass().getSimpleName() + ", " + signature.target() + "]";
    }
}
