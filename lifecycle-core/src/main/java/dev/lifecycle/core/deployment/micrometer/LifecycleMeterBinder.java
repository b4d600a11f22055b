package dev.lifecycle.core.deployment.micrometer;

import dev.lifecycle.core.Lifecycle;
import dev.lifecycle.core.internal.MeterHooks;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * Publishes the caches of an open {@link Lifecycle} to Micrometer with Micrometer's Caffeine meters
 * ({@code cache.gets}, {@code cache.puts}, {@code cache.evictions}, {@code cache.size}...), named
 * {@code lifecycle.datasets} (loaded dataset versions), {@code lifecycle.models} (loaded model versions)
 * and {@code lifecycle.runs} (run records). For the store, wrap it with {@link MeteredStore#wrap}.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public final class LifecycleMeterBinder implements MeterBinder {
    private final Lifecycle lifecycle;

    /** @param lifecycle the open Lifecycle to publish */
    public LifecycleMeterBinder(Lifecycle lifecycle) {
        this.lifecycle = Objects.requireNonNull(lifecycle, "lifecycle");
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (Object owner : new Object[] {lifecycle.datasets(), lifecycle.models(), lifecycle.runs()}) {
            MeterHooks.caches(owner).forEach((name, cache) ->
                    CaffeineCacheMetrics.monitor(registry, cache, "lifecycle." + name, Tags.empty()));
        }
    }
}
