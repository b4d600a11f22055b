package dev.lifecycle.core.model;

import dev.lifecycle.api.model.RunStatus;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * Which runs to find and in what order; immutable, e.g.
 * {@code RunQuery.all().named("adult-clf").tagged("team", "risk").orderBy("accuracy", true).limit(5)}.
 * Ordering by a metric keeps only runs that logged it.
 *
 * @param name only runs with this name, or null for any
 * @param tagKey only runs with this tag, or null
 * @param tagValue the tag's value, or null for any value
 * @param status only runs in this status, or null for any
 * @param parent only children of this run, or null
 * @param metric order by the last value of this metric, or null for newest first
 * @param descending with {@code metric}: highest first
 * @param limit at most this many runs
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public record RunQuery(String name, String tagKey, String tagValue, RunStatus status, String parent, String metric,
        boolean descending, int limit) {

    /** Validates the arguments. */
    public RunQuery {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, got " + limit);
        }
        if (tagValue != null && tagKey == null) {
            throw new IllegalArgumentException("A tag value needs a tag key");
        }
    }

    /** @return every run, newest first */
    public static RunQuery all() {
        return new RunQuery(null, null, null, null, null, null, false, Integer.MAX_VALUE);
    }

    /** @return runs with this name */
    public RunQuery named(String runName) {
        return new RunQuery(Objects.requireNonNull(runName, "name"), tagKey, tagValue, status, parent, metric,
                descending, limit);
    }

    /** @return runs carrying this tag with any value */
    public RunQuery tagged(String key) {
        return new RunQuery(name, Objects.requireNonNull(key, "key"), null, status, parent, metric, descending, limit);
    }

    /** @return runs carrying this tag with this value */
    public RunQuery tagged(String key, String value) {
        return new RunQuery(name, Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"), status,
                parent, metric, descending, limit);
    }

    /** @return runs in this status */
    public RunQuery status(RunStatus s) {
        return new RunQuery(name, tagKey, tagValue, Objects.requireNonNull(s, "status"), parent, metric, descending,
                limit);
    }

    /** @return children of this run (e.g. the trials of a search) */
    public RunQuery childrenOf(String parentId) {
        return new RunQuery(name, tagKey, tagValue, status, Objects.requireNonNull(parentId, "parent"), metric,
                descending, limit);
    }

    /** @return runs that logged this metric, ordered by its last value ({@code highestFirst} or lowest first) */
    public RunQuery orderBy(String metricKey, boolean highestFirst) {
        return new RunQuery(name, tagKey, tagValue, status, parent, Objects.requireNonNull(metricKey, "metric"),
                highestFirst, limit);
    }

    /** @return at most {@code n} runs */
    public RunQuery limit(int n) {
        return new RunQuery(name, tagKey, tagValue, status, parent, metric, descending, n);
    }
}
