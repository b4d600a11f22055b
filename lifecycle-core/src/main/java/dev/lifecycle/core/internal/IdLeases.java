package dev.lifecycle.core.internal;

import dev.lifecycle.api.store.Store;
import java.time.Clock;
import java.util.Optional;

/**
 * Ranges of prediction ids that no other deployment of the same store ever gets, in this JVM, after a
 * restart or in another JVM: the end of the last leased range is kept in one ref and moved by
 * compare-and-set. A range starts no lower than the clock in microseconds, so ids of a fresh in-memory
 * store still look like times.
 */
public final class IdLeases {
    /** The ref holding the first id not leased yet. */
    public static final String REF = "ids/predictions";

    private final Store store;
    private final Clock clock;
    private final String actor;

    /** Leases from {@code store}, journalled as {@code actor}. */
    public IdLeases(Store store, Clock clock, String actor) {
        this.store = store;
        this.clock = clock;
        this.actor = actor;
    }

    /**
     * @param size the number of ids
     * @param holder who the range is for, for the journal
     * @return the first id of a fresh range of {@code size} ids
     */
    public long lease(long size, String holder) {
        while (true) {
            Optional<String> current = store.ref(REF);
            long first = Math.max(current.map(IdLeases::parse).orElse(1L), clock.millis() * 1000 + 1);
            long end = Math.addExact(first, size);
            if (store.compareAndSet(REF, current.orElse(null), Long.toString(end), actor,
                    "prediction ids " + first + ".." + (end - 1) + " for " + holder)) {
                return first;
            }
        }
    }

    /**
     * Gives back the unused end {@code [from, end)} of a lease, when no one leased after it (the ref still
     * reads {@code end}); otherwise those ids stay unused.
     *
     * @return whether the ids were given back
     */
    public boolean giveBack(long from, long end, String holder) {
        String expected = Long.toString(end);
        return store.ref(REF).filter(expected::equals).isPresent() && store.compareAndSet(REF, expected,
                Long.toString(from), actor, "prediction ids " + from + ".." + (end - 1) + " unused by " + holder);
    }

    private static long parse(String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new dev.lifecycle.api.store.StoreDamagedException("The ref " + REF + " holds '" + value
                    + "', not the next prediction id; the store was changed outside Lifecycle. Set it to a number"
                    + " above every id handed out, or run repair");
        }
    }
}
