package dev.lifecycle.core.deployment.micrometer;

import dev.lifecycle.api.monitoring.DriftResult;
import dev.lifecycle.core.monitoring.DriftWindow;
import dev.lifecycle.core.monitoring.Monitor;
import dev.lifecycle.core.monitoring.QualityWindow;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.List;
import java.util.Objects;
import java.util.function.ToDoubleFunction;
import org.apiguardian.api.API;

/**
 * Publishes a {@link Monitor} to Micrometer, tagged {@code monitor=<name>}: counters
 * {@code lifecycle.monitor.chunks.dropped} and {@code lifecycle.monitor.listener.failures}; gauges of the
 * latest drift window ({@code lifecycle.monitor.drift.window} (its index), {@code .drifted.features},
 * {@code .error.rate}, {@code .estimated.accuracy}) and of the latest quality window
 * ({@code lifecycle.monitor.quality.accuracy}, {@code lifecycle.monitor.quality.labels}); NaN before the
 * first window. One snapshot of the monitor per scrape.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public final class MonitorMeterBinder implements MeterBinder {
    private final Monitor monitor;

    /** @param monitor the monitor to publish */
    public MonitorMeterBinder(Monitor monitor) {
        this.monitor = Objects.requireNonNull(monitor, "monitor");
    }

    /** What one scrape reads. */
    private record State(long dropped, long listenerFailures, DriftWindow drift, QualityWindow quality) {
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Tags tags = Tags.of("monitor", monitor.name());
        Snapshot<State> snap = new Snapshot<>("monitor " + monitor.name(), () -> new State(monitor.droppedChunks(),
                monitor.listenerFailures(), last(monitor.driftWindows()), last(monitor.qualityWindows())));
        Snapshot<State>.Reader dropped = snap.reader();
        Snapshot<State>.Reader failures = snap.reader();
        FunctionCounter.builder("lifecycle.monitor.chunks.dropped", monitor, m -> dropped.get().dropped())
                .tags(tags).description("row chunks dropped because the background profiler fell behind")
                .register(registry);
        FunctionCounter.builder("lifecycle.monitor.listener.failures", monitor, m -> failures.get().listenerFailures())
                .tags(tags).description("alert listener calls that threw").register(registry);
        gauge(registry, tags, snap, "lifecycle.monitor.drift.window", "index of the latest drift window",
                s -> s.drift() == null ? Double.NaN : s.drift().index());
        gauge(registry, tags, snap, "lifecycle.monitor.drift.drifted.features",
                "features (and the prediction) judged drifted in the latest window",
                s -> s.drift() == null ? Double.NaN : s.drift().drift().stream().filter(DriftResult::drifted).count());
        gauge(registry, tags, snap, "lifecycle.monitor.drift.error.rate", "share of predict calls that threw",
                s -> s.drift() == null ? Double.NaN : s.drift().errorRate());
        gauge(registry, tags, snap, "lifecycle.monitor.drift.estimated.accuracy",
                "mean confidence of the predicted labels in the latest window",
                s -> s.drift() == null ? Double.NaN : s.drift().estimatedAccuracy());
        gauge(registry, tags, snap, "lifecycle.monitor.quality.accuracy", "accuracy of the latest labelled window",
                s -> s.quality() == null ? Double.NaN : s.quality().accuracy());
        gauge(registry, tags, snap, "lifecycle.monitor.quality.labels", "labels in the latest labelled window",
                s -> s.quality() == null ? Double.NaN : s.quality().labels());
    }

    private void gauge(MeterRegistry registry, Tags tags, Snapshot<State> snap, String name, String description,
            ToDoubleFunction<State> f) {
        Snapshot<State>.Reader r = snap.reader();
        Gauge.builder(name, monitor, m -> f.applyAsDouble(r.get())).tags(tags).description(description)
                .register(registry);
    }

    private static <T> T last(List<T> list) {
        return list.isEmpty() ? null : list.get(list.size() - 1);
    }
}
