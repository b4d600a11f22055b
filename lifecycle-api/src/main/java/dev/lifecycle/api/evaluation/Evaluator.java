package dev.lifecycle.api.evaluation;

import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.model.Model;
import org.apiguardian.api.API;

/** Scores a model on a labelled dataset version. */
@API(status = API.Status.STABLE, since = "0.1.0")
public interface Evaluator {

    /**
     * @return the metrics of {@code model} on every row of {@code data}
     * @throws dev.lifecycle.api.data.SchemaMismatchException when the data lacks the model's features or target
     */
    Evaluation evaluate(Model model, DatasetVersion data);
}
