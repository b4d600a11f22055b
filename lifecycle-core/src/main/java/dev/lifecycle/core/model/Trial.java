package dev.lifecycle.core.model;

import dev.lifecycle.api.model.RunStatus;
import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * One configuration of a search, evaluated by k-fold cross-validation in its own child run.
 *
 * @param index position in the search, from 0
 * @param run id of the trial's run
 * @param trainer trainer name
 * @param parameters the configuration
 * @param metric the metric the search optimises
 * @param mean mean of the metric over the folds ({@code NaN} when the trial failed)
 * @param folds the metric on each fold's held-out rows
 * @param status finished or failed
 * @param failure why it failed, or null
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public record Trial(int index, String run, String trainer, Map<String, String> parameters, String metric, double mean,
        List<Double> folds, RunStatus status, String failure) {

    /** Copies the arguments. */
    public Trial {
        parameters = Map.copyOf(parameters);
        folds = List.copyOf(folds);
    }
}
