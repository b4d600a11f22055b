package dev.lifecycle.core.deployment.micrometer;

import dev.lifecycle.api.deployment.ArmMetrics;
import dev.lifecycle.api.deployment.Deployment;
import dev.lifecycle.api.deployment.DeploymentMetrics;
import dev.lifecycle.core.internal.MeterHooks;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import org.apiguardian.api.API;

/**
 * Publishes a deployment to Micrometer, every meter tagged {@code deployment=<name>}:
 * <ul>
 *   <li>{@code lifecycle.predict.latency}: a {@link Timer} with a percentile histogram (aggregatable
 *       across instances), fed with every predict call's latency while bound;</li>
 *   <li>counters {@code lifecycle.predictions}, {@code lifecycle.prediction.errors},
 *       {@code lifecycle.predictions.imputed}, {@code lifecycle.predictions.fallback},
 *       {@code lifecycle.prediction.cache.hits}, {@code lifecycle.shadow.dropped},
 *       {@code lifecycle.shadow.errors}, {@code lifecycle.log.written}, {@code lifecycle.log.dropped},
 *       {@code lifecycle.feedback.joined}, {@code lifecycle.feedback.late}, {@code lifecycle.feedback.unknown};</li>
 *   <li>per arm (tag {@code arm}), registered as arms appear: counter {@code lifecycle.arm.predictions},
 *       gauge {@code lifecycle.arm.accuracy} (live accuracy from feedback);</li>
 *   <li>the prediction cache, when the rollout has one: Micrometer's Caffeine meters named
 *       {@code lifecycle.prediction.cache}.</li>
 * </ul>
 * All counters and gauges of one scrape read one {@link Deployment#metrics()} snapshot: a new one is
 * taken when a meter is read a second time (the next scrape).
 *
 * <p>Micrometer is an optional dependency of Lifecycle: add {@code io.micrometer:micrometer-core} to
 * use this class. The latency timer needs a deployment made by {@code Lifecycle.deploy}; binding it
 * makes that deployment time every call (two {@code System.nanoTime()} reads) instead of a sample.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public final class DeploymentMeterBinder implements MeterBinder {
    private final Deployment deployment;

    /** @param deployment the deployment to publish */
    public DeploymentMeterBinder(Deployment deployment) {
        this.deployment = Objects.requireNonNull(deployment, "deployment");
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        Tags tags = Tags.of("deployment", deployment.name());
        Set<String> arms = ConcurrentHashMap.newKeySet();
        Snapshot<DeploymentMetrics> snap = new Snapshot<>("deployment " + deployment.name(), deployment::metrics);
        snap.onRefresh(m -> {
            for (String arm : m.arms().keySet()) {
                if (arms.add(arm)) {
                    registerArm(registry, tags, arm, snap);
                }
            }
        });
        counter(registry, tags, snap, "lifecycle.predictions", "predictions served", DeploymentMetrics::predictions);
        counter(registry, tags, snap, "lifecycle.prediction.errors", "predict calls that threw",
                DeploymentMetrics::errors);
        counter(registry, tags, snap, "lifecycle.predictions.imputed", "requests answered after imputing bad input",
                DeploymentMetrics::imputed);
        counter(registry, tags, snap, "lifecycle.predictions.fallback", "requests answered by the fallback model",
                DeploymentMetrics::fallbacks);
        counter(registry, tags, snap, "lifecycle.prediction.cache.hits", "requests answered from the prediction cache",
                DeploymentMetrics::cacheHits);
        counter(registry, tags, snap, "lifecycle.shadow.dropped", "shadow calls dropped (queue full)",
                DeploymentMetrics::shadowDropped);
        counter(registry, tags, snap, "lifecycle.shadow.errors", "shadow calls that threw",
                DeploymentMetrics::shadowErrors);
        counter(registry, tags, snap, "lifecycle.log.written", "predictions durably logged", DeploymentMetrics::logged);
        counter(registry, tags, snap, "lifecycle.log.dropped", "prediction log entries dropped",
                DeploymentMetrics::logDropped);
        counter(registry, tags, snap, "lifecycle.feedback.joined", "feedback joined to its prediction",
                DeploymentMetrics::feedbackJoined);
        counter(registry, tags, snap, "lifecycle.feedback.late", "feedback after its prediction left the join window",
                DeploymentMetrics::feedbackLate);
        counter(registry, tags, snap, "lifecycle.feedback.unknown", "feedback for ids this deployment never issued",
                DeploymentMetrics::feedbackUnknown);
        Timer latency = Timer.builder("lifecycle.predict.latency").tags(tags)
                .description("latency of predict, every call while bound").publishPercentileHistogram()
                .register(registry);
        MeterHooks.observeLatency(deployment, nanos -> latency.record(nanos, TimeUnit.NANOSECONDS));
        MeterHooks.caches(deployment).forEach((name, cache) ->
                CaffeineCacheMetrics.monitor(registry, cache, "lifecycle.prediction.cache", tags));
        snap.prime();
    }

    private void registerArm(MeterRegistry registry, Tags tags, String arm, Snapshot<DeploymentMetrics> snap) {
        Tags armTags = tags.and("arm", arm);
        Snapshot<DeploymentMetrics>.Reader counts = snap.reader();
        Snapshot<DeploymentMetrics>.Reader accuracy = snap.reader();
        FunctionCounter.builder("lifecycle.arm.predictions", deployment, d -> arm(counts.get(), arm).predictions())
                .tags(armTags).description("predictions served by the arm").register(registry);
        Gauge.builder("lifecycle.arm.accuracy", deployment, d -> arm(accuracy.get(), arm).accuracy())
                .tags(armTags).description("live accuracy from feedback").register(registry);
    }

    private void counter(MeterRegistry registry, Tags tags, Snapshot<DeploymentMetrics> snap, String meter,
            String description, ToDoubleFunction<DeploymentMetrics> value) {
        Snapshot<DeploymentMetrics>.Reader r = snap.reader();
        FunctionCounter.builder(meter, deployment, d -> value.applyAsDouble(r.get()))
                .tags(tags).description(description).register(registry);
    }

    private static ArmMetrics arm(DeploymentMetrics m, String arm) {
        ArmMetrics a = m.arms().get(arm);
        return a == null ? new ArmMetrics(arm, 0, 0, 0) : a;
    }
}
