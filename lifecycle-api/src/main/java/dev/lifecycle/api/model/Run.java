package dev.lifecycle.api.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import org.apiguardian.api.API;

/**
 * The record of one tracked run: what was trained with which settings on which data, what came out,
 * and in what environment. Metric curves are read separately (they can be long); {@link #metrics()}
 * holds the last value of each metric as of the last flush.
 *
 * @param id the run id, unique in its store
 * @param name a human name, e.g. the model name or {@code grid-search}; several runs may share it
 * @param parent the id of the parent run (a search), or {@code null}
 * @param trainer the trainer's name, or {@code null} when the run trained nothing
 * @param parameters the trainer's hyperparameters
 * @param seed the training seed
 * @param inputs ids ({@code name@version}) of the dataset versions the run read
 * @param metrics the last logged value of each metric
 * @param artifacts artifact name to store object id
 * @param tags free-form labels
 * @param environment Java, OS and library versions
 * @param status running, finished or failed
 * @param started when it started
 * @param ended when it ended, or {@code null} while running
 * @param failure the error of a failed run, or {@code null}
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public record Run(String id, String name, String parent, String trainer, Map<String, String> parameters, long seed,
        List<String> inputs, Map<String, Double> metrics, Map<String, String> artifacts, Map<String, String> tags,
        Map<String, String> environment, RunStatus status, Instant started, Instant ended, String failure) {

    /** Validates and copies the arguments. */
    public Run {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(started, "started");
        parameters = Map.copyOf(parameters == null ? Map.of() : parameters);
        inputs = List.copyOf(inputs == null ? List.of() : inputs);
        metrics = Map.copyOf(metrics == null ? Map.of() : metrics);
        artifacts = Map.copyOf(artifacts == null ? Map.of() : artifacts);
        tags = Map.copyOf(tags == null ? Map.of() : tags);
        environment = Map.copyOf(environment == null ? Map.of() : environment);
    }

    /** @return the last value of a metric, if logged */
    public OptionalDouble metric(String key) {
        Double v = metrics.get(key);
        return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
    }

    /** @return whether the run ended normally */
    public boolean finished() {
        return status == RunStatus.FINISHED;
    }
}
