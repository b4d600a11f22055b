package dev.lifecycle.core.internal;

import java.util.ArrayDeque;
import java.util.List;

/**
 * The latest items of an unbounded sequence (drift windows, quality windows, alerts, loop iterations):
 * at most {@code max} are kept, the total is counted, so a service running for months holds a fixed
 * amount. Thread-safe.
 *
 * @param <T> the item type
 */
public final class Recent<T> {
    private final ArrayDeque<T> items = new ArrayDeque<>();
    private final int max;
    private long total;

    /** @param max items kept at most */
    public Recent(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("Keep at least one item, got " + max);
        }
        this.max = max;
    }

    /** Adds an item, dropping the oldest beyond the bound. */
    public synchronized void add(T item) {
        items.addLast(item);
        total++;
        if (items.size() > max) {
            items.removeFirst();
        }
    }

    /** @return the kept items, oldest first */
    public synchronized List<T> list() {
        return List.copyOf(items);
    }

    /** @return items added so far, kept or not */
    public synchronized long total() {
        return total;
    }

    /** @return items dropped for the bound */
    public synchronized long dropped() {
        return total - items.size();
    }
}
