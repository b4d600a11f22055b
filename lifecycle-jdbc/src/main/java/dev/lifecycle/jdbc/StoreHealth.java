package dev.lifecycle.jdbc;

import java.time.Instant;
import org.apiguardian.api.API;

/**
 * Whether a {@link PostgresStore} reaches its database, and how often it did not.
 *
 * @param reachable whether the last call reached the database
 * @param outages how many times the database became unreachable (each outage counted once)
 * @param failedCalls calls that failed after their retries (thrown as {@link dev.lifecycle.api.store.StoreException})
 * @param retries attempts repeated after a transient failure
 * @param unreachableSince when the current outage began, or {@code null} while reachable
 * @param lastError the last transient failure, or {@code null}
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public record StoreHealth(boolean reachable, long outages, long failedCalls, long retries, Instant unreachableSince,
        String lastError) {
}
