package dev.lifecycle.core.model;

import dev.lifecycle.api.model.ModelVersion;
import java.util.List;
import org.apiguardian.api.API;

/**
 * The outcome of a search.
 *
 * @param run id of the search's parent run (the trials are its children)
 * @param trials every trial in order, failed ones included
 * @param best the best finished trial by the search metric
 * @param model the best configuration retrained on all rows and registered
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public record SearchResult(String run, List<Trial> trials, Trial best, ModelVersion model) {

    /** Copies the trials. */
    public SearchResult {
        trials = List.copyOf(trials);
    }
}
