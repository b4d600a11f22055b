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
import java.util.ArrayList;
import java.util.List;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/** Shared part of the Tribuo classification trainers: data conversion and the signature. */
abstract class TribuoTrainer implements Trainer {
    static {
        TribuoLogging.quietUnlessConfigured();
    }

    /** @return the configured Tribuo trainer */
    abstract org.tribuo.Trainer<Label> tribuoTrainer();

    /** @return whether numeric features are standardised (mean 0, variance 1) before fitting, inside the model */
    boolean standardize() {
        return false;
    }

    /** @return the trained Tribuo model; ensembles override this to train their members in parallel */
    org.tribuo.Model<Label> fit(MutableDataset<Label> dataset, List<Field> inputs, DatasetVersion data) {
        return Standardize.wrap(tribuoTrainer(), standardize(), inputs, data).train(dataset);
    }

    @Override
    public final Model train(DatasetVersion data) {
        Schema schema = data.schema();
        Field target = schema.targetField().orElseThrow(() -> new SchemaMismatchException(null,
                "Dataset " + data.id() + " has no target column; import it with a target to train a classifier"));
        if (target.type() != FieldType.CATEGORICAL && target.type() != FieldType.BOOLEAN) {
            throw new SchemaMismatchException(target.name(), "Target '" + target.name() + "' of " + data.id() + " is "
                    + target.type() + "; a classifier needs a categorical or boolean target");
        }
        List<Field> inputs = schema.features();
        FeatureEncoder encoder = new FeatureEncoder(inputs);
        ExampleWeights weights = ExampleWeights.of(data, tribuoTrainer(), name());
        LabelFactory factory = new LabelFactory();
        MutableDataset<Label> dataset = new MutableDataset<>(
                new SimpleDataSourceProvenance(data.id(), factory), factory);
        for (int i = 0; i < data.size(); i++) {
            String label = data.target(i);
            if (label == null) {
                continue;
            }
            FeatureEncoder.Features f;
            try {
                f = encoder.encode(data.row(i));
            } catch (SchemaMismatchException e) {
                throw new SchemaMismatchException(e.feature(), "Row " + i + " of " + data.id() + ": " + e.getMessage()
                        + ". Remove or impute such rows before training");
            }
            ArrayExample<Label> example = new ArrayExample<>(new Label(label), f.names, f.values);
            example.setWeight(weights.weight(i));
            dataset.add(example);
        }
        if (dataset.size() == 0) {
            throw new SchemaMismatchException(target.name(), "Dataset " + data.id() + " has no row with a target value");
        }
        org.tribuo.Model<Label> model = fit(dataset, inputs, data);
        List<String> labels = new ArrayList<>();
        for (Label l : model.getOutputIDInfo().getDomain()) {
            labels.add(l.getLabel());
        }
        labels.sort(null);
        return TribuoProtobufFormat.servingForm(model,
                new TribuoModel(model, Signature.of(schema, OutputType.CLASSIFICATION, labels)));
    }
}
