package dev.lifecycle.core.model;

import dev.lifecycle.api.data.Lineage;
import dev.lifecycle.api.model.Run;
import java.util.List;
import org.apiguardian.api.API;

/**
 * Where a model version came from: version → run → dataset versions → external sources.
 *
 * @param model the model version id ({@code name@version})
 * @param run the run that trained it, or null when it was registered without one
 * @param training the id of the dataset version it was trained on
 * @param datasets the training dataset version and all its ancestors, nearest first
 * @param sources the external sources at the roots (files, host iterators), in discovery order
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public record ModelLineage(String model, Run run, String training, List<Node> datasets, List<String> sources) {

    /** Copies the lists. */
    public ModelLineage {
        datasets = List.copyOf(datasets);
        sources = List.copyOf(sources);
    }

    /**
     * One dataset version in the lineage.
     *
     * @param id {@code name@version}
     * @param rows row count
     * @param lineage its own record: parents, operation, source
     */
    @API(status = API.Status.STABLE, since = "0.1.0")
    public record Node(String id, int rows, Lineage lineage) {
    }
}
