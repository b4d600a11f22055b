package dev.lifecycle.core.deployment.micrometer;

import dev.lifecycle.api.store.JournalEntry;
import dev.lifecycle.api.store.ObjectId;
import dev.lifecycle.api.store.Store;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * A {@link Store} that times every call in Micrometer: timer {@code lifecycle.store.calls} (tag
 * {@code op}: {@code put}, {@code get}, {@code contains}, {@code ref}, {@code cas}, {@code refs},
 * {@code journal}; tag {@code outcome}: {@code ok} or {@code error}), counters
 * {@code lifecycle.store.bytes.written} / {@code .read} and {@code lifecycle.store.cas.conflicts}
 * (compare-and-set calls that lost a race). Use it as
 * {@code Lifecycle.builder().store(MeteredStore.wrap(FileStore.open(dir), registry))}.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public final class MeteredStore implements Store {
    private final Store store;
    private final MeterRegistry registry;
    private final Tags tags;
    private final Counter written;
    private final Counter read;
    private final Counter conflicts;

    private MeteredStore(Store store, MeterRegistry registry, Tags tags) {
        this.store = store;
        this.registry = registry;
        this.tags = tags;
        this.written = Counter.builder("lifecycle.store.bytes.written").tags(tags).baseUnit("bytes")
                .description("bytes given to put").register(registry);
        this.read = Counter.builder("lifecycle.store.bytes.read").tags(tags).baseUnit("bytes")
                .description("bytes returned by get").register(registry);
        this.conflicts = Counter.builder("lifecycle.store.cas.conflicts").tags(tags)
                .description("compare-and-set calls that found another value").register(registry);
    }

    /**
     * @param store the store to measure
     * @param registry where the meters go
     * @return the store, measured
     */
    public static Store wrap(Store store, MeterRegistry registry) {
        return wrap(store, registry, Tags.empty());
    }

    /**
     * @param store the store to measure
     * @param registry where the meters go
     * @param tags extra tags for every meter (e.g. the store's name)
     * @return the store, measured
     */
    public static Store wrap(Store store, MeterRegistry registry, Tags tags) {
        return new MeteredStore(Objects.requireNonNull(store, "store"), Objects.requireNonNull(registry, "registry"),
                Objects.requireNonNull(tags, "tags"));
    }

    private <T> T timed(String op, java.util.function.Supplier<T> call) {
        Timer.Sample sample = Timer.start(registry);
        String outcome = "error";
        try {
            T out = call.get();
            outcome = "ok";
            return out;
        } finally {
            sample.stop(Timer.builder("lifecycle.store.calls").tags(tags).tag("op", op).tag("outcome", outcome)
                    .description("store calls").register(registry));
        }
    }

    @Override
    public ObjectId put(byte[] bytes) {
        ObjectId id = timed("put", () -> store.put(bytes));
        written.increment(bytes.length);
        return id;
    }

    @Override
    public byte[] get(ObjectId id) {
        byte[] bytes = timed("get", () -> store.get(id));
        read.increment(bytes.length);
        return bytes;
    }

    @Override
    public boolean contains(ObjectId id) {
        return timed("contains", () -> store.contains(id));
    }

    @Override
    public Optional<String> ref(String name) {
        return timed("ref", () -> store.ref(name));
    }

    @Override
    public boolean compareAndSet(String name, String expected, String newValue, String actor, String reason) {
        boolean set = timed("cas", () -> store.compareAndSet(name, expected, newValue, actor, reason));
        if (!set) {
            conflicts.increment();
        }
        return set;
    }

    @Override
    public Map<String, String> refs(String prefix) {
        return timed("refs", () -> store.refs(prefix));
    }

    @Override
    public List<JournalEntry> journal(String prefix) {
        return timed("journal", () -> store.journal(prefix));
    }

    @Override
    public void close() {
        store.close();
    }

    @Override
    public String toString() {
        return store.toString();
    }
}
