package dev.lifecycle.api.store;

import java.time.Instant;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * One committed change of a ref.
 *
 * @param ref the ref name
 * @param oldValue the value before, or {@code null} when the ref was created
 * @param newValue the value after, or {@code null} when the ref was deleted
 * @param actor who made the change
 * @param reason why
 * @param time when the change was committed, by the wall clock of the writer (which may step back)
 * @param sequence the position of the change in the store's history: strictly increasing, never
 *     affected by the clock; order and "which change came last" are decided by it, not by {@code time}
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public record JournalEntry(String ref, String oldValue, String newValue, String actor, String reason, Instant time,
        long sequence) {
    /** Checks that the ref is named. */
    public JournalEntry {
        Objects.requireNonNull(ref, "ref");
    }

    /** An entry whose sequence is not known yet (the store assigns it when committing). */
    public JournalEntry(String ref, String oldValue, String newValue, String actor, String reason, Instant time) {
        this(ref, oldValue, newValue, actor, reason, time, 0);
    }
}
