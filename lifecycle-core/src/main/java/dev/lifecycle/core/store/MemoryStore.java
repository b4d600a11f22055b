package dev.lifecycle.core.store;

import dev.lifecycle.api.NotFoundException;
import dev.lifecycle.api.store.CorruptObjectException;
import dev.lifecycle.api.store.JournalEntry;
import dev.lifecycle.api.store.ObjectId;
import dev.lifecycle.api.store.Store;
import dev.lifecycle.core.internal.Digests;
import dev.lifecycle.core.internal.OwnedBytes;
import dev.lifecycle.core.internal.RefNames;
import dev.lifecycle.core.internal.RefState;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apiguardian.api.API;

/** A {@link Store} held in memory, for tests and throw-away work. Thread-safe; nothing survives the JVM. */
@API(status = API.Status.STABLE, since = "0.1.0")
public final class MemoryStore implements Store {
    private final Map<ObjectId, byte[]> objects = new ConcurrentHashMap<>();
    private final RefState refs = new RefState(true);
    private final Clock clock;

    /** A store that stamps journal entries with the system clock. */
    public MemoryStore() {
        this(Clock.systemUTC());
    }

    /** @param clock stamps journal entries */
    public MemoryStore(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public ObjectId put(byte[] bytes) {
        ObjectId id = new ObjectId(Digests.sha256Hex(bytes));
        objects.compute(id, (k, old) -> old != null && java.util.Arrays.equals(old, bytes) ? old : bytes.clone());
        return id;
    }

    /** Like {@link #put}, keeping the handed-over array itself; the dataset registry reaches it through {@code Sealed}. */
    ObjectId putOwned(OwnedBytes owned) {
        byte[] bytes = owned.bytes();
        ObjectId id = new ObjectId(Digests.sha256Hex(bytes));
        objects.putIfAbsent(id, bytes);
        return id;
    }

    @Override
    public byte[] get(ObjectId id) {
        byte[] bytes = objects.get(id);
        if (bytes == null) {
            throw new NotFoundException("No object " + id + " in the memory store");
        }
        if (!Digests.sha256Hex(bytes).equals(id.hex())) {
            throw new CorruptObjectException(id, "Object " + id + " in the memory store does not match its digest");
        }
        return bytes.clone();
    }

    @Override
    public boolean contains(ObjectId id) {
        return objects.containsKey(id);
    }

    @Override
    public synchronized Optional<String> ref(String name) {
        return Optional.ofNullable(refs.get(RefNames.checkRef(name)));
    }

    @Override
    public synchronized boolean compareAndSet(String name, String expected, String newValue, String actor,
            String reason) {
        RefNames.checkRef(name);
        RefNames.checkWriteOnce(name, expected, newValue);
        if (!refs.matches(name, expected)) {
            return false;
        }
        refs.apply(new JournalEntry(name, expected, newValue, actor, reason, clock.instant(), refs.sequence() + 1));
        return true;
    }

    @Override
    public synchronized Map<String, String> refs(String prefix) {
        return refs.refs(prefix);
    }

    @Override
    public synchronized List<JournalEntry> journal(String prefix) {
        return refs.journal(prefix);
    }

    @Override
    public void close() {
        // nothing to release
    }

    @Override
    public String toString() {
        return "MemoryStore";
    }
}
