package dev.lifecycle.jdbc;

import dev.lifecycle.api.store.ObjectId;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * SPI: where a {@link PostgresStore} keeps object bytes. The default keeps them in the database in
 * chunks; a backend for an object store (S3, GCS) implements this for large objects. The store computes
 * ids and verifies every read against its id, so a backend only moves bytes.
 *
 * <p>Implementations are thread-safe, and {@link #write} is idempotent and durable when it returns.
 * Transient failures (network, restart) are thrown as {@link java.sql.SQLException} with an SQL state of
 * class {@code 08} or as {@link java.io.UncheckedIOException}; the store retries them.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public interface ObjectBackend {

    /** Makes the bytes of an object durable (a no-op when it is already there). */
    void write(ObjectId id, byte[] bytes) throws java.sql.SQLException;

    /** @return the stored bytes of an object, unverified, or empty when it is not stored */
    Optional<byte[]> read(ObjectId id) throws java.sql.SQLException;

    /** @return whether an object is stored */
    boolean contains(ObjectId id) throws java.sql.SQLException;
}
