package dev.lifecycle.core.internal;

import com.github.benmanes.caffeine.cache.Cache;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.LongConsumer;

/**
 * Where the optional Micrometer binders find what they measure without widening the public API: the
 * Caffeine caches each component owns (built with {@code recordStats()}), and a latency observer a
 * deployment calls when a binder is attached. Owners are held weakly: a closed, unreachable component
 * leaves nothing behind.
 */
public final class MeterHooks {
    private static final Map<Object, Map<String, Cache<?, ?>>> CACHES = Collections.synchronizedMap(new WeakHashMap<>());
    private static volatile LatencyHook latencyHook;

    /** Attaches a latency observer to a deployment; implemented by the deployment class. */
    @FunctionalInterface
    public interface LatencyHook {
        /** @return whether {@code deployment} accepted the observer (false for deployments that do not time calls) */
        boolean observe(Object deployment, LongConsumer nanos);
    }

    private MeterHooks() {
    }

    /** Records that {@code owner} keeps {@code cache} under {@code name}. */
    public static void cache(Object owner, String name, Cache<?, ?> cache) {
        CACHES.computeIfAbsent(owner, o -> Collections.synchronizedMap(new LinkedHashMap<>())).put(name, cache);
    }

    /** @return the caches {@code owner} keeps, by name */
    public static Map<String, Cache<?, ?>> caches(Object owner) {
        Map<String, Cache<?, ?>> m = CACHES.get(owner);
        if (m == null) {
            return Map.of();
        }
        synchronized (m) {
            return Map.copyOf(m);
        }
    }

    /** Installs the latency hook (done once by the deployment class). */
    public static void latencyHook(LatencyHook hook) {
        latencyHook = hook;
    }

    /** @return whether an observer was attached to the deployment */
    public static boolean observeLatency(Object deployment, LongConsumer nanos) {
        LatencyHook h = latencyHook;
        return h != null && h.observe(deployment, nanos);
    }
}
