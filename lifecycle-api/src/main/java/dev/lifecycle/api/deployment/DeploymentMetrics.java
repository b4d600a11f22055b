package dev.lifecycle.api.deployment;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * An operational snapshot of a deployment. Counters are cumulative since the deployment started;
 * latency percentiles come from a log-bucketed histogram (relative error under 7%) and may sample
 * requests when no prediction log is kept.
 *
 * @param deployment the deployment name
 * @param routing the routing in force, as journaled
 * @param uptime time since the deployment started
 * @param predictions predictions returned to callers
 * @param errors predict calls that threw (rejected input, failing model)
 * @param throughput predictions per second since the start
 * @param latencyP50Nanos median latency of predict, nanoseconds
 * @param latencyP99Nanos 99th percentile latency of predict, nanoseconds
 * @param latencyMaxNanos largest recorded latency, nanoseconds (to the histogram's resolution)
 * @param arms per-arm counts, by arm name
 * @param versions per-version counts, by model version number
 * @param imputed requests answered after imputing bad input
 * @param fallbacks requests answered by the fallback model
 * @param cacheHits requests answered from the prediction cache
 * @param shadowDropped shadow calls dropped because the shadow queue was full
 * @param shadowErrors shadow calls that threw
 * @param logged predictions durably written to the prediction log
 * @param logDropped predictions not logged because the log queue was full (drop policy)
 * @param feedbackJoined feedback joined to its prediction
 * @param feedbackLate feedback for predictions that left the join window
 * @param feedbackUnknown feedback for ids this deployment never issued
 * @param features running summaries of numeric inputs, when input monitoring is on
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public record DeploymentMetrics(String deployment, String routing, Duration uptime, long predictions, long errors,
        double throughput, long latencyP50Nanos, long latencyP99Nanos, long latencyMaxNanos,
        Map<String, ArmMetrics> arms, Map<Integer, ArmMetrics> versions, long imputed, long fallbacks,
        long cacheHits, long shadowDropped, long shadowErrors, long logged, long logDropped, long feedbackJoined,
        long feedbackLate, long feedbackUnknown, List<FeatureStats> features) {

    /** Copies the collections. */
    public DeploymentMetrics {
        Objects.requireNonNull(deployment, "deployment");
        Objects.requireNonNull(uptime, "uptime");
        arms = Map.copyOf(arms);
        versions = Map.copyOf(versions);
        features = List.copyOf(features);
    }
}
