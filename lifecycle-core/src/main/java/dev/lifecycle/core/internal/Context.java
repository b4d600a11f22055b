package dev.lifecycle.core.internal;

import dev.lifecycle.api.store.Store;
import java.time.Clock;

/**
 * What every part of an open {@code Lifecycle} shares.
 *
 * @param store where everything is persisted
 * @param clock the time source
 * @param actor who is recorded as making changes
 */
public record Context(Store store, Clock clock, String actor) {
}
