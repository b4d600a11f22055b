package dev.lifecycle.core.deployment.micrometer;

import dev.lifecycle.core.loop.Loop;
import dev.lifecycle.core.loop.LoopIteration;
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
 * Publishes a {@link Loop} to Micrometer, tagged {@code model=<name>}: counters
 * {@code lifecycle.loop.iterations}, {@code lifecycle.loop.promotions} (among the latest 1,024 iterations),
 * {@code lifecycle.loop.labels}, {@code lifecycle.loop.predictions.evicted},
 * {@code lifecycle.loop.labels.expired}, {@code lifecycle.loop.labels.unknown}; gauges
 * {@code lifecycle.loop.labels.waiting} and {@code lifecycle.loop.champion.version}. One snapshot of
 * the loop per scrape. Bind the loop's monitor with {@link MonitorMeterBinder} and its serving deployment
 * with {@link DeploymentMeterBinder}.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public final class LoopMeterBinder implements MeterBinder {
    private final Loop loop;
    private final String model;

    /**
     * @param loop the loop to publish
     * @param model its model name, for the {@code model} tag
     */
    public LoopMeterBinder(Loop loop, String model) {
        this.loop = Objects.requireNonNull(loop, "loop");
        this.model = Objects.requireNonNull(model, "model");
    }

    /** What one scrape reads. */
    private record State(long iterations, long promotions, long labels, long evicted, long expired, long unknown,
            int waiting, int champion) {
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Tags tags = Tags.of("model", model);
        Snapshot<State> snap = new Snapshot<>("loop " + model, this::read);
        counter(registry, tags, snap, "lifecycle.loop.iterations", "loop iterations (retrain attempts)",
                State::iterations);
        counter(registry, tags, snap, "lifecycle.loop.promotions", "iterations that promoted a challenger",
                State::promotions);
        counter(registry, tags, snap, "lifecycle.loop.labels", "labels received", State::labels);
        counter(registry, tags, snap, "lifecycle.loop.predictions.evicted",
                "predictions pushed out of the label join unlabelled", State::evicted);
        counter(registry, tags, snap, "lifecycle.loop.labels.expired", "labels that came after the age bound",
                State::expired);
        counter(registry, tags, snap, "lifecycle.loop.labels.unknown", "labels for ids the loop did not know",
                State::unknown);
        Snapshot<State>.Reader waiting = snap.reader();
        Snapshot<State>.Reader champion = snap.reader();
        Gauge.builder("lifecycle.loop.labels.waiting", loop, l -> waiting.get().waiting()).tags(tags)
                .description("predictions waiting for a label").register(registry);
        Gauge.builder("lifecycle.loop.champion.version", loop, l -> champion.get().champion()).tags(tags)
                .description("version number of the serving champion").register(registry);
    }

    private State read() {
        List<LoopIteration> its = loop.iterations();
        long iterations = its.isEmpty() ? 0 : its.get(its.size() - 1).index();
        return new State(iterations, loop.promotions(), loop.labels(), loop.evictedPredictions(),
                loop.expiredLabels(), loop.unknownLabels(), loop.waitingForLabels(), loop.champion().version());
    }

    private void counter(MeterRegistry registry, Tags tags, Snapshot<State> snap, String name, String description,
            ToDoubleFunction<State> f) {
        Snapshot<State>.Reader r = snap.reader();
        FunctionCounter.builder(name, loop, l -> f.applyAsDouble(r.get())).tags(tags).description(description)
                .register(registry);
    }
}
