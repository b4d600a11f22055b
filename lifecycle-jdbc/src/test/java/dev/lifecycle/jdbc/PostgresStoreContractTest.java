package dev.lifecycle.jdbc;

import dev.lifecycle.api.store.ObjectId;
import dev.lifecycle.api.store.Store;
import dev.lifecycle.testkit.contract.StoreContract;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The PostgreSQL store keeps the testkit's store contract, on a real server; each check gets a fresh schema. */
class PostgresStoreContractTest extends StoreContract {
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
