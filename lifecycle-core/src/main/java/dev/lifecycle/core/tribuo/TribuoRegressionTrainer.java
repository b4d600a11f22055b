package dev.lifecycle.core.tribuo;

import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.data.Field;
import dev.lifecycle.api.data.FieldType;
import dev.lifecycle.api.data.Schema;
import dev.lifecycle.api.data.SchemaMismatchException;
import dev.lifecycle.api.model.Model;
import dev.lifecycle.api.model.OutputType;
import dev.lifecycle.api.model.Signature;
import dev.lifecycle.api.model.Trainer;
import dev.lifecycle.core.internal.FeatureEncoder;
import dev.lifecycle.core.tribuo.internal.TribuoLogging;
import java.util.List;
import org.tribuo.MutableDataset;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;

/** Shared part of the Tribuo regression trainers: data conversion (numeric target) and the signature. */
abstract class TribuoRegressionTrainer implements Trainer {
    static {
        TribuoLogging.quietUnlessConfigured();
    }

    /** @return the configured Tribuo trainer */
    abstract org.tribuo.Trainer<Regressor> tribuoTrainer();

    /** @return whether numeric features are standardised (mean 0, variance 1) before fitting, inside the model */
    boolean standardize() {
        return false;
    }

    @Override
    public final Model train(DatasetVersion data) {
        Schema schema = data.schema();
        Field target = schema.targetField().orElseThrow(() -> new SchemaMismatchException(null,
                "Dataset " + data.id() + " has no target column; import it with a numeric target to train a regressor"));
        if (target.type() != FieldType.NUMERIC) {
            throw new SchemaMismatchException(target.name(), "Target '" + target.name() + "' of " + data.id() + " is "
                    + target.type() + "; " + name() + " is a regressor and needs a NUMERIC target"
                    + " (use a classification trainer for labels)");
        }
        List<Field> inputs = schema.features();
        FeatureEncoder encoder = new FeatureEncoder(inputs);
        ExampleWeights weights = ExampleWeights.of(data, tribuoTrainer(), name());
        RegressionFactory factory = new RegressionFactory();
        MutableDataset<Regressor> dataset = new MutableDataset<>(new SimpleDataSourceProvenance(data.id(), factory),
                factory);
        for (int i = 0; i < data.size(); i++) {
            double y = data.number(target.name(), i);
            if (Double.isNaN(y)) {
                continue;
            }
            FeatureEncoder.Features f;
            try {
                f = encoder.encode(data.row(i));
            } catch (SchemaMismatchException e) {
                throw new SchemaMismatchException(e.feature(), "Row " + i + " of " + data.id() + ": " + e.getMessage()
                        + ". Remove or impute such rows before training");
            }
            ArrayExample<Regressor> example = new ArrayExample<>(new Regressor(target.name(), y), f.names, f.values);
            example.setWeight(weights.weight(i));
            dataset.add(example);
        }
        if (dataset.size() == 0) {
            throw new SchemaMismatchException(target.name(), "Dataset " + data.id() + " has no row with a target value");
        }
        org.tribuo.Model<Regressor> model = Standardize.wrap(tribuoTrainer(), standardize(), inputs, data).train(dataset);
        return TribuoProtobufFormat.servingForm(model,
                new TribuoRegressionModel(model, Signature.of(schema, OutputType.REGRESSION, List.of())));
    }
}
