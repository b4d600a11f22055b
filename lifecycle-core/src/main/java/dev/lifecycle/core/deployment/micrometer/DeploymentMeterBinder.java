package dev.lifecycle.core.deployment.micrometer;

import dev.lifecycle.api.deployment.ArmMetrics;
import dev.lifecycle.api.deployment.Deployment;
import dev.lifecycle.api.deployment.DeploymentMetrics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * Publishes a deployment's {@link Deployment#metrics()} to Micrometer, tagged with the deployment
 * name: counters {@code lifecycle.predictions}, {@code lifecycle.prediction.errors},
 * {@code lifecycle.shadow.dropped}, {@code lifecycle.log.dropped}, {@code lifecycle.feedback.joined},
 * per-arm {@code lifecycle.arm.predictions} (tag {@code arm}), and gauges
 * {@code lifecycle.latency.p50} / {@code .p99} (seconds) and per-arm {@code lifecycle.arm.accuracy}.
 *
 * <p>Micrometer is an optional dependency of Lifecycle: add {@code io.micrometer:micrometer-core} to
 * use this class. Arms are registered as they exist when {@link #bindTo} is called.
 */
public final class DeploymentMeterBinder implements MeterBinder {
    private final Deployment deployment;

    /** @param deployment the deployment to publish */
    public DeploymentMeterBinder(Deployment deployment) {
        this.deployment = Objects.requireNonNull(deployment, "deployment");
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        String name = deployment.name();
        counter(registry, "lifecycle.predictions", "predictions served", DeploymentMetrics::predictions);
        counter(registry, "lifecycle.prediction.errors", "predict calls that threw", DeploymentMetrics::errors);
        counter(registry, "lifecycle.shadow.dropped", "shadow calls dropped", DeploymentMetrics::shadowDropped);
        counter(registry, "lifecycle.log.dropped", "prediction log entries dropped", DeploymentMetrics::logDropped);
        counter(registry, "lifecycle.feedback.joined", "feedback joined", DeploymentMetrics::feedbackJoined);
        Gauge.builder("lifecycle.latency.p50", deployment, d -> d.metrics().latencyP50Nanos() / 1e9)
                .tag("deployment", name).baseUnit("seconds").description("median predict latency")
                .register(registry);
        Gauge.builder("lifecycle.latency.p99", deployment, d -> d.metrics().latencyP99Nanos() / 1e9)
                .tag("deployment", name).baseUnit("seconds").description("99th percentile predict latency")
                .register(registry);
        for (String arm : deployment.metrics().arms().keySet()) {
            FunctionCounter.builder("lifecycle.arm.predictions", deployment, d -> arm(d, arm).predictions())
                    .tags("deployment", name, "arm", arm).register(registry);
            Gauge.builder("lifecycle.arm.accuracy", deployment, d -> arm(d, arm).accuracy())
                    .tags("deployment", name, "arm", arm).description("live accuracy from feedback")
                    .register(registry);
        }
    }

    private void counter(MeterRegistry registry, String meter, String description,
            ToDoubleFunction<DeploymentMetrics> value) {
        FunctionCounter.builder(meter, deployment, d -> value.applyAsDouble(d.metrics()))
                .tag("deployment", deployment.name()).description(description).register(registry);
    }

    private static ArmMetrics arm(Deployment d, String arm) {
        ArmMetrics a = d.metrics().arms().get(arm);
        return a == null ? new ArmMetrics(arm, 0, 0, 0) : a;
    }
}
