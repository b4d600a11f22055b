package dev.lifecycle.core.deployment;

import dev.lifecycle.api.store.JournalEntry;
import dev.lifecycle.api.store.ObjectId;
import dev.lifecycle.api.store.Store;
import dev.lifecycle.api.store.StoreException;
import dev.lifecycle.core.store.MemoryStore;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/** A store whose writes fail on demand, like a full disk; reads keep working. */
final class FailingStore implements Store {
    final MemoryStore inner = new MemoryStore();
    final AtomicBoolean failing = new AtomicBoolean();
    final AtomicInteger failedWrites = new AtomicInteger();
    final AtomicBoolean closed = new AtomicBoolean();

    private void maybeFail() {
        if (failing.get()) {
            failedWrites.incrementAndGet();
            throw new StoreException("No space left on device (injected)");
        }
    }

    @Override
    public ObjectId put(byte[] bytes) {
        maybeFail();
        return inner.put(bytes);
    }

    @Override
    public byte[] get(ObjectId id) {
        return inner.get(id);
    }

    @Override
    public boolean contains(ObjectId id) {
        return inner.contains(id);
    }

    @Override
    public Optional<String> ref(String name) {
        return inner.ref(name);
    }

    @Override
    public boolean compareAndSet(String name, String expected, String newValue, String actor, String reason) {
        maybeFail();
        return inner.compareAndSet(name, expected, newValue, actor, reason);
    }

    @Override
    public Map<String, String> refs(String prefix) {
        return inner.refs(prefix);
    }

    @Override
    public List<JournalEntry> journal(String prefix) {
        return inner.journal(prefix);
    }

    @Override
    public void close() {
        closed.set(true);
    }
}
