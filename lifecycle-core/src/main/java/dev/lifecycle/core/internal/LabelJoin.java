package dev.lifecycle.core.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * The bounded join of delayed labels to served predictions, shared by deployments, monitors and loops.
 * A prediction waits in a slot chosen by its id (ids are leased in contiguous blocks, so a stream of
 * predictions fills the slots in turn): bounded by size (a newer prediction in the same slot evicts the
 * waiting one) and, when configured, by age (a label arriving later than {@code maxAgeMillis} after its
 * prediction is not joined). Every eviction and expiry is counted (evictions racing on one slot may be counted once). Lock-free: {@link #offer} is one
 * read and one write, {@link #take} one read and one compare-and-set.
 *
 * @param <V> what a prediction leaves for its label
 */
public final class LabelJoin<V> {
    private final AtomicReferenceArray<Waiting<V>> slots;
    private final int mask;
    private final long maxAgeMillis;
    private final LongSupplier millis;
    private final LongAdder joined = new LongAdder();
    private final LongAdder evicted = new LongAdder();
    private final LongAdder expired = new LongAdder();

    /**
     * @param capacity predictions waiting at most (rounded up to a power of two)
     * @param maxAgeMillis how long a prediction waits for its label, or 0 for as long as it has a slot
     * @param millis the clock of {@code maxAgeMillis}; not read when there is no age bound
     */
    public LabelJoin(int capacity, long maxAgeMillis, LongSupplier millis) {
        if (capacity < 1) {
            throw new IllegalArgumentException("A label join needs at least one slot, got " + capacity);
        }
        if (maxAgeMillis < 0) {
            throw new IllegalArgumentException("The maximum age of a waiting prediction must be >= 0, got "
                    + maxAgeMillis);
        }
        int size = Integer.highestOneBit(Math.max(1, capacity - 1)) << 1;
        this.slots = new AtomicReferenceArray<>(size);
        this.mask = size - 1;
        this.maxAgeMillis = maxAgeMillis;
        this.millis = millis;
    }

    /** @return a join bounded by size only */
    public static <V> LabelJoin<V> ofSize(int capacity) {
        return new LabelJoin<>(capacity, 0, () -> 0L);
    }

    /** @return the number of slots */
    public int capacity() {
        return mask + 1;
    }

    /** Lets prediction {@code id} wait for its label with {@code value}. */
    public void offer(long id, V value) {
        offer(id, value, maxAgeMillis == 0 ? 0L : millis.getAsLong());
    }

    /** Lets prediction {@code id}, made at {@code timeMillis}, wait for its label with {@code value}. */
    public void offer(long id, V value, long timeMillis) {
        int slot = (int) id & mask;
        if (slots.get(slot) != null) {
            evicted.increment();
        }
        slots.lazySet(slot, new Waiting<>(id, value, timeMillis));
    }

    /**
     * Takes what prediction {@code id} left, once.
     *
     * @return the value, or null when the id is unknown, already joined, evicted or expired
     */
    public V take(long id) {
        int slot = (int) id & mask;
        Waiting<V> w = slots.get(slot);
        if (w == null || w.id != id || !slots.compareAndSet(slot, w, null)) {
            return null;
        }
        if (maxAgeMillis > 0 && millis.getAsLong() - w.time > maxAgeMillis) {
            expired.increment();
            return null;
        }
        joined.increment();
        return w.value;
    }

    /** @return every waiting prediction, in slot order (for a snapshot; concurrent offers may be missed) */
    public List<Entry<V>> waiting() {
        List<Entry<V>> out = new ArrayList<>();
        for (int i = 0; i < slots.length(); i++) {
            Waiting<V> w = slots.get(i);
            if (w != null) {
                out.add(new Entry<>(w.id, w.value, w.time));
            }
        }
        return out;
    }

    /** @return the waiting predictions (counts every slot: for tests and snapshots, not the hot path) */
    public int size() {
        int n = 0;
        for (int i = 0; i < slots.length(); i++) {
            n += slots.get(i) == null ? 0 : 1;
        }
        return n;
    }

    /** @return labels joined so far */
    public long joined() {
        return joined.sum();
    }

    /** @return waiting predictions pushed out by newer ones before their label came */
    public long evicted() {
        return evicted.sum();
    }

    /** @return labels that came after the age bound and were not joined */
    public long expired() {
        return expired.sum();
    }

    /**
     * One waiting prediction.
     *
     * @param id the prediction id
     * @param value what it left
     * @param timeMillis when it was offered (0 without an age bound)
     */
    public record Entry<V>(long id, V value, long timeMillis) {
    }

    private record Waiting<V>(long id, V value, long time) {
    }
}
