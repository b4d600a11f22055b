package dev.lifecycle.core.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifecycle.api.deployment.ArmMetrics;
import dev.lifecycle.api.deployment.Deployment;
import dev.lifecycle.api.deployment.DeploymentMetrics;
import dev.lifecycle.api.model.ModelVersion;
import dev.lifecycle.api.store.ObjectId;
import dev.lifecycle.core.Lifecycle;
import dev.lifecycle.core.deployment.micrometer.DeploymentMeterBinder;
import dev.lifecycle.core.deployment.micrometer.LifecycleMeterBinder;
import dev.lifecycle.core.deployment.micrometer.MeteredStore;
import dev.lifecycle.core.store.MemoryStore;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The optional Micrometer binders: a latency timer with a histogram, one snapshot per scrape, arms as they appear. */
@Tag("fast")
class MeterBinderTest {

    @Test
    void predictionsCountersAndALatencyTimerWithAHistogram() {
        try (Lifecycle lc = Lifecycle.inMemory()) {
            ModelVersion m = Fixtures.train(lc, 1);
            try (Deployment dep = lc.deploy(Fixtures.MODEL, Rollout.version(m).cache(100))) {
                SimpleMeterRegistry registry = new SimpleMeterRegistry();
                Map<String, Boolean> histogram = new java.util.concurrent.ConcurrentHashMap<>();
                registry.config().meterFilter(new MeterFilter() {
                    @Override
                    public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                        histogram.put(id.getName(), Boolean.TRUE.equals(config.isPercentileHistogram()));
                        return config;
                    }
                });
                new DeploymentMeterBinder(dep).bindTo(registry);
                for (var r : Fixtures.inputs(Fixtures.labelled(1, 50))) {
                    dep.predict(r);
                }
                assertThat(registry.get("lifecycle.predictions").tag("deployment", Fixtures.MODEL).functionCounter()
                        .count()).isEqualTo(50);
                assertThat(registry.get("lifecycle.arm.predictions").tag("arm", "primary").functionCounter().count())
                        .isEqualTo(50);
                Timer latency = registry.get("lifecycle.predict.latency").tag("deployment", Fixtures.MODEL).timer();
                assertThat(latency.count()).as("every call is timed while bound, not a sample").isEqualTo(50);
                assertThat(latency.totalTime(TimeUnit.NANOSECONDS)).isPositive();
                assertThat(histogram).as("the latency timer publishes a percentile histogram (aggregatable)")
                        .containsEntry("lifecycle.predict.latency", true);
                assertThat(registry.find("lifecycle.latency.p99").meter()).as("no unaggregatable percentile gauges")
                        .isNull();
                assertThat(registry.get("cache.gets").tag("cache", "lifecycle.prediction.cache").tag("result", "miss")
                        .functionCounter().count()).isEqualTo(50);
            }
        }
    }

    @Test
    void oneSnapshotPerScrapeAndArmsRegisteredAsTheyAppear() {
        AtomicInteger calls = new AtomicInteger();
        AtomicReference<Map<String, ArmMetrics>> arms = new AtomicReference<>(
                Map.of("primary", new ArmMetrics("primary", 10, 0, 0)));
        Deployment fake = (Deployment) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {Deployment.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "name" -> "fake";
                    case "metrics" -> {
                        calls.incrementAndGet();
                        yield metrics(arms.get());
                    }
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new DeploymentMeterBinder(fake).bindTo(registry);
        int meters = registry.getMeters().size();
        assertThat(meters).isGreaterThan(10);

        calls.set(0);
        scrape(registry);
        assertThat(calls).as("metrics() snapshots in one scrape of %d meters", meters).hasValue(1);
        assertThat(registry.find("lifecycle.arm.predictions").tag("arm", "canary").meter()).isNull();
        scrape(registry);
        assertThat(calls).as("the next scrape takes the next snapshot").hasValue(2);

        arms.set(Map.of("primary", new ArmMetrics("primary", 12, 0, 0), "canary", new ArmMetrics("canary", 3, 2, 1)));
        scrape(registry);
        assertThat(registry.get("lifecycle.arm.predictions").tag("arm", "canary").functionCounter().count())
                .isEqualTo(3);
        assertThat(registry.get("lifecycle.arm.accuracy").tag("arm", "canary").gauge().value()).isEqualTo(0.5);
        assertThat(registry.get("lifecycle.arm.predictions").tag("arm", "primary").functionCounter().count())
                .isEqualTo(12);
    }

    @Test
    void storeCallsAndRegistryCachesAreMeasured() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (Lifecycle lc = Lifecycle.builder().store(MeteredStore.wrap(new MemoryStore(), registry)).build()) {
            new LifecycleMeterBinder(lc).bindTo(registry);
            ModelVersion m = Fixtures.train(lc, 1);
            lc.models().get(m.name(), m.version());
            lc.datasets().get(m.dataset());
            ObjectId id = lc.store().put(new byte[] {1, 2, 3});
            lc.store().get(id);
            assertThat(lc.store().compareAndSet("a/b", "not-there", "x", "me", "lose a race")).isFalse();
            assertThat(registry.get("lifecycle.store.calls").tag("op", "put").tag("outcome", "ok").timer().count())
                    .isPositive();
            assertThat(registry.get("lifecycle.store.bytes.read").counter().count()).isGreaterThanOrEqualTo(3);
            assertThat(registry.get("lifecycle.store.cas.conflicts").counter().count()).isEqualTo(1);
            assertThat(registry.get("cache.gets").tag("cache", "lifecycle.models").tag("result", "hit")
                    .functionCounter().count() + registry.get("cache.gets").tag("cache", "lifecycle.models")
                    .tag("result", "miss").functionCounter().count()).isPositive();
            assertThat(registry.find("cache.size").tag("cache", "lifecycle.datasets").meter()).isNotNull();
            assertThat(registry.find("cache.size").tag("cache", "lifecycle.runs").meter()).isNotNull();
        }
    }

    private static void scrape(SimpleMeterRegistry registry) {
        for (Meter meter : registry.getMeters()) {
            meter.measure().forEach(ms -> ms.getValue());
        }
    }

    private static DeploymentMetrics metrics(Map<String, ArmMetrics> arms) {
        return new DeploymentMetrics("fake", "single", Duration.ZERO, 0, 0, 0, 0, 0, 0, arms, Map.of(), 0, 0, 0, 0, 0,
                0, 0, 0, 0, 0, List.of());
    }
}
