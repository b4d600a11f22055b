package dev.lifecycle.core.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifecycle.api.deployment.Deployment;
import dev.lifecycle.api.model.ModelVersion;
import dev.lifecycle.core.Lifecycle;
import dev.lifecycle.core.deployment.micrometer.DeploymentMeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/** The optional Micrometer binder shows the deployment's counters in a registry. */
class MeterBinderTest {

    @Test
    void predictionsAndArmsAppearInTheRegistry() {
        try (Lifecycle lc = Lifecycle.inMemory()) {
            ModelVersion m = Fixtures.train(lc, 1);
            Deployment dep = lc.deploy(m);
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            new DeploymentMeterBinder(dep).bindTo(registry);
            for (var r : Fixtures.inputs(Fixtures.labelled(1, 50))) {
                dep.predict(r);
            }
            assertThat(registry.get("lifecycle.predictions").tag("deployment", Fixtures.MODEL).functionCounter()
                    .count()).isEqualTo(50);
            assertThat(registry.get("lifecycle.arm.predictions").tag("arm", "primary").functionCounter().count())
                    .isEqualTo(50);
            assertThat(registry.get("lifecycle.latency.p99").gauge().value()).isPositive();
        }
    }
}
