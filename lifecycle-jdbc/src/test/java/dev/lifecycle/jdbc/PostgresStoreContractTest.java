package dev.lifecycle.jdbc;

import dev.lifecycle.api.store.ObjectId;
import dev.lifecycle.api.store.Store;
import dev.lifecycle.testkit.contract.StoreContract;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;

/** The PostgreSQL store keeps the testkit's store contract on a real server; each check gets a fresh schema. */
class PostgresStoreContractTest {
    private static EmbeddedPostgres pg;

    @BeforeAll
    static void startDatabase() {
        pg = Pg.start();
    }

    @AfterAll
    static void stopDatabase() throws Exception {
        if (pg != null) {
            pg.close();
        }
    }

    /** Objects in the database, in chunk rows. */
    @Nested
    class WithObjectsInTheDatabase extends StoreContract {
        @Override
        protected Store newStore(Clock clock) {
            // small chunks, so the 3 MiB object of the contract spans several chunk rows
            return Pg.store(pg.getPort(), Pg.freshSchema("contract"), clock).chunkSize(64 * 1024).build();
        }

        @Override
        protected void corrupt(Store store, ObjectId id) throws Exception {
            try (Connection c = ((PostgresStore) store).dataSource().getConnection();
                    PreparedStatement ps = c.prepareStatement("UPDATE lc_object_chunks SET data = set_byte(data,"
                            + " length(data) / 2, get_byte(data, length(data) / 2) # 1) WHERE id = ? AND n = 0")) {
                ps.setString(1, id.hex());
                if (ps.executeUpdate() != 1) {
                    throw new AssertionError("No chunk of " + id + " to corrupt");
                }
            }
        }
    }

    /** Object bytes in another backend: the seam an object store (S3, GCS) plugs into. */
    @Nested
    class WithObjectsInAnotherBackend extends StoreContract {
        private final Map<ObjectId, byte[]> bytes = new ConcurrentHashMap<>();

        @Override
        protected Store newStore(Clock clock) {
            ObjectBackend backend = new ObjectBackend() {
                @Override
                public void write(ObjectId id, byte[] b) {
                    bytes.putIfAbsent(id, b.clone());
                }

                @Override
                public Optional<byte[]> read(ObjectId id) {
                    return Optional.ofNullable(bytes.get(id)).map(byte[]::clone);
                }

                @Override
                public boolean contains(ObjectId id) {
                    return bytes.containsKey(id);
                }
            };
            return Pg.store(pg.getPort(), Pg.freshSchema("backend"), clock).objects(backend).build();
        }

        @Override
        protected void corrupt(Store store, ObjectId id) {
            bytes.computeIfPresent(id, (k, b) -> {
                byte[] c = b.clone();
                c[c.length / 2] ^= 0x01;
                return c;
            });
        }
    }
}
