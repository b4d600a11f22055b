package dev.lifecycle.api.store;

import java.time.Instant;

/**
 * One committed change of a ref.
 *
 * @param ref the ref name
 * @param oldValue the value before, or {@code null} when the ref was created
 * @param newValue the value after, or {@code null} when the ref was deleted
 * @param actor who made the change
 * @param reason why
 * @param time when the change was committed
 */
public record JournalEntry(String ref, String oldValue, String newValue, String actor, String reason, Instant time) {
}
