package dev.lifecycle.testkit.assertions;

import dev.lifecycle.api.data.Field;
import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.model.Model;
import dev.lifecycle.api.model.Prediction;
import java.util.List;
import org.apiguardian.api.API;
import org.assertj.core.api.AbstractAssert;

/** Assertions on a {@link Model}. */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public final class ModelAssert extends AbstractAssert<ModelAssert, Model> {

    ModelAssert(Model actual) {
        super(actual, ModelAssert.class);
    }

    /** Verifies the label predicted for a row. */
    public ModelAssert predicts(Row row, String label) {
        isNotNull();
        Prediction p = actual.predict(row);
        if (!label.equals(p.label())) {
            failWithMessage("Expected %s to predict '%s' for %s but it predicted %s", actual, label, row, p);
        }
        return this;
    }

    /** Verifies the names of the model's inputs, in order. */
    public ModelAssert hasInputs(String... names) {
        isNotNull();
        List<String> have = actual.signature().inputs().stream().map(Field::name).toList();
        if (!have.equals(List.of(names))) {
            failWithMessage("Expected %s to take inputs %s but it takes %s", actual, List.of(names), have);
        }
        return this;
    }

    /** Verifies the labels a classifier can predict. */
    public ModelAssert hasLabels(String... labels) {
        isNotNull();
        if (!actual.signature().labels().equals(List.of(labels))) {
            failWithMessage("Expected %s to predict labels %s but its labels are %s", actual, List.of(labels),
                    actual.signature().labels());
        }
        return this;
    }
}
