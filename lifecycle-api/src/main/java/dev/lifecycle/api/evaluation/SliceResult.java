package dev.lifecycle.api.evaluation;

import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import org.apiguardian.api.API;

/**
 * The metrics of one slice of the evaluated rows.
 *
 * @param name the slice, e.g. {@code sex=Female}, {@code age in [30, 40)} or a cross joined by {@code " & "}
 * @param rows how many rows fell into it
 * @param metrics the slice's metrics; empty when the slice is smaller than the minimum slice size
 * @param tooSmall whether the slice had fewer rows than the minimum slice size, so its metrics were not computed
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public record SliceResult(String name, long rows, Map<String, Double> metrics, boolean tooSmall) {

    /** Copies the metrics. */
    public SliceResult {
        Objects.requireNonNull(name, "name");
        metrics = Map.copyOf(metrics);
    }

    /** @return the named metric of this slice, if computed */
    public OptionalDouble metric(String metric) {
        Double v = metrics.get(metric);
        return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
    }
}
