package dev.lifecycle.jdbc;

import org.apiguardian.api.API;

/**
 * Told when refs change in a {@link PostgresStore}, by any process that shares the database (PostgreSQL
 * {@code LISTEN/NOTIFY}). Called on the store's notification thread: return quickly. A notification is a
 * hint to read the ref again, never its value; after the notification connection was lost,
 * {@link #missedChanges()} says that changes may have gone unannounced.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public interface RefListener {

    /** A ref changed (its new value is read from the store, not carried here). */
    void changed(String ref);

    /** The notification connection was re-established: refs may have changed unannounced meanwhile. */
    default void missedChanges() {
    }
}
