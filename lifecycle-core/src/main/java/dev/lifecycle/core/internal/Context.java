package dev.lifecycle.core.internal;

import dev.lifecycle.api.store.Store;
import java.time.Clock;

/**
 * What every part of an open {@code Lifecycle} shares.
 *
 * @param store where everything is persisted
 * @param clock the time source
 * @param actor who is recorded as making changes
 * @param ids the prediction ids of all its deployments and loops (owned and closed by the Lifecycle)
 */
public record Context(Store store, Clock clock, String actor, IdAllocator ids) {

    /** A context with its own id allocator, leasing from {@code store} when a deployment first needs ids. */
    public Context(Store store, Clock clock, String actor) {
        this(store, clock, actor,
                new IdAllocator(new IdLeases(store, clock, actor), "Lifecycle (actor " + actor + ")"));
    }
}
