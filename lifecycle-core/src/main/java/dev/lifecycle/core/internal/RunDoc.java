package dev.lifecycle.core.internal;

import dev.lifecycle.api.model.Run;
import dev.lifecycle.api.model.RunStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The stored form of a {@link Run} (times as ISO-8601 strings).
 *
 * @param id run id
 * @param name run name
 * @param parent parent run id or null
 * @param trainer trainer name or null
 * @param parameters trainer parameters
 * @param seed seed
 * @param inputs dataset version ids
 * @param metrics last value per metric
 * @param artifacts name to object id
 * @param tags tags
 * @param environment environment
 * @param status status name
 * @param started ISO-8601
 * @param ended ISO-8601 or null
 * @param failure error text or null
 */
public record RunDoc(String id, String name, String parent, String trainer, Map<String, String> parameters, long seed,
        List<String> inputs, Map<String, Double> metrics, Map<String, String> artifacts, Map<String, String> tags,
        Map<String, String> environment, String status, String started, String ended, String failure) {

    /** @return the public value */
    public Run toRun() {
        return new Run(id, name, parent, trainer, parameters, seed, inputs, metrics, artifacts, tags, environment,
                RunStatus.valueOf(status), Instant.parse(started), ended == null ? null : Instant.parse(ended), failure);
    }

    /** @return the stored form of a run */
    public static RunDoc of(Run r) {
        return new RunDoc(r.id(), r.name(), r.parent(), r.trainer(), r.parameters(), r.seed(), r.inputs(), r.metrics(),
                r.artifacts(), r.tags(), r.environment(), r.status().name(), r.started().toString(),
                r.ended() == null ? null : r.ended().toString(), r.failure());
    }
}
