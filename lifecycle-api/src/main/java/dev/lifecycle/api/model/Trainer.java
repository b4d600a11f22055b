package dev.lifecycle.api.model;

import dev.lifecycle.api.data.DatasetVersion;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * SPI: turns a dataset version into a {@link Model}. Training with the same data, parameters and
 * seed gives a model with identical predictions.
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public interface Trainer {

    /** @return a stable name of the algorithm, e.g. {@code logistic-regression} */
    String name();

    /** @return the hyperparameters, as recorded with every model version */
    Map<String, String> parameters();

    /** @return the seed of all randomness in training */
    long seed();

    /**
     * Trains a model on every row of the given version.
     *
     * @throws dev.lifecycle.api.data.SchemaMismatchException when the data has no target or unusable columns
     */
    Model train(DatasetVersion data);
}
