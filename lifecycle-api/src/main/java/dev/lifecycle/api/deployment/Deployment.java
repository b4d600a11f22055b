package dev.lifecycle.api.deployment;

import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.model.ModelVersion;
import dev.lifecycle.api.model.Prediction;
import java.util.List;
import org.apiguardian.api.API;

/**
 * An in-process, thread-safe serving handle for one registered model name.
 *
 * <p>{@link #predict(Row)} may be called from any number of threads while {@link #swap} replaces the
 * serving version: a request that has started finishes on the version it started with, and no request
 * fails because of a swap.
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public interface Deployment extends AutoCloseable {

    /** @return the registered model name this deployment serves */
    String name();

    /**
     * Predicts one row with the serving version. The returned prediction carries a fresh id and the
     * version that answered.
     *
     * @throws dev.lifecycle.api.data.SchemaMismatchException when a feature is missing or mistyped
     */
    Prediction predict(Row row);

    /** Predicts many rows; every prediction is attributed like {@link #predict(Row)}. */
    List<Prediction> predictAll(List<Row> rows);

    /** @return the version serving now */
    ModelVersion current();

    /**
     * Atomically replaces the serving version.
     *
     * @param next the version to serve; its signature must accept the same inputs
     * @param reason why, recorded in the deployment journal
     * @return the version that served before
     * @throws dev.lifecycle.api.data.SchemaMismatchException when {@code next} needs inputs the current one does not
     */
    ModelVersion swap(ModelVersion next, String reason);

    /**
     * Joins delayed ground truth to a prediction this deployment made, for the live metrics of its
     * version and arm (and the gates of a progressive rollout).
     *
     * @param predictionId {@link Prediction#id()}
     * @param label the true label
     * @return whether it joined, or was late or unknown (both counted)
     */
    FeedbackOutcome feedback(long predictionId, String label);

    /**
     * Atomically restores the routing in force before the last change (swap, rollout step, promotion),
     * and journals it.
     *
     * @param reason why, recorded in the deployment journal
     * @throws IllegalStateException when there is no earlier routing
     */
    void rollback(String reason);

    /** @return an operational snapshot: throughput, latency, errors, per-arm and per-version counts */
    DeploymentMetrics metrics();

    /**
     * Blocks until every prediction made before this call is durably in the prediction log (a no-op
     * without a log).
     */
    void flush();

    /**
     * Stops serving; later calls to {@link #predict} fail with {@link IllegalStateException}. Flushes
     * the prediction log and stops background work.
     */
    @Override
    void close();
}
