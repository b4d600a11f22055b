package dev.lifecycle.api.model;

import java.util.Objects;
import org.apiguardian.api.API;

/**
 * One logged value of a metric.
 *
 * @param key the metric name, e.g. {@code loss} or {@code cv.accuracy}
 * @param step the step (epoch, fold, iteration) the value belongs to; curves are ordered by it
 * @param value the value
 * @param timeMillis when it was logged, in milliseconds since the epoch
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public record MetricPoint(String key, long step, double value, long timeMillis) {
    /** Checks that the components are present. */
    public MetricPoint {
        Objects.requireNonNull(key, "key");
    }

}
