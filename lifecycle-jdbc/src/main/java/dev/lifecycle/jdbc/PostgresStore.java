package dev.lifecycle.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.lifecycle.api.NotFoundException;
import dev.lifecycle.api.store.CorruptObjectException;
import dev.lifecycle.api.store.JournalEntry;
import dev.lifecycle.api.store.ObjectId;
import dev.lifecycle.api.store.Store;
import dev.lifecycle.api.store.StoreException;
import dev.lifecycle.jdbc.internal.DatabaseObjects;
import dev.lifecycle.jdbc.internal.Notifications;
import dev.lifecycle.jdbc.internal.RefRules;
import dev.lifecycle.jdbc.internal.Retry;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.apiguardian.api.API;
import org.flywaydb.core.Flyway;

/**
 * A {@link Store} on PostgreSQL that many processes share: refs are moved by compare-and-set in one
 * transaction each, every change is a row of the journal with a sequence that follows commit order,
 * and objects are content-addressed, kept in chunks (or in an {@link ObjectBackend}) and verified on
 * every read. The schema is created and migrated with Flyway (history table
 * {@code lifecycle_schema_history}); connections come from a HikariCP pool.
 *
 * <pre>{@code
 * try (PostgresStore store = PostgresStore.builder().url("jdbc:postgresql://db/ml").user("svc").password(pw).build();
 *      Lifecycle lc = Lifecycle.builder().store(store).build()) { ... }
 * }</pre>
 *
 * <p>Failures. A lost connection or a restarting server is retried for {@link Builder#retryFor} where
 * that is safe: reads and object writes (idempotent) always; a compare-and-set is tagged with a fresh id,
 * and after a failure whose outcome is unknown the journal is asked whether it committed before it is
 * tried again, so a change is neither lost nor applied twice. What still fails is thrown as a
 * {@link StoreException} naming the database and the ref or object. Outages are counted in
 * {@link #health()} and announced to the {@link Builder#healthListener health listener}.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public final class PostgresStore implements Store {
    private static final int DEFAULT_CHUNK = 1 << 20;

    private final DataSource pool;
    private final HikariDataSource ownedPool;
    private final ObjectBackend objects;
    private final Clock clock;
    private final String where;
    private final Retry retry;
    private final Notifications notifications;
    private volatile boolean closed;

    private PostgresStore(Builder b, DataSource pool, HikariDataSource ownedPool) {
        this.pool = pool;
        this.ownedPool = ownedPool;
        this.clock = b.clock;
        this.where = b.describe();
        this.retry = new Retry(where, b.retryFor, b.healthListener);
        this.objects = b.objects != null ? b.objects : new DatabaseObjects(pool, b.chunkSize);
        this.notifications = new Notifications(pool, b.schema == null ? "public" : b.schema);
    }

    /** @return a builder; give it a JDBC URL (with user and password) or a {@link DataSource} */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a store on the database at {@code jdbcUrl}, its schema migrated */
    public static PostgresStore open(String jdbcUrl, String user, String password) {
        return builder().url(jdbcUrl).user(user).password(password).build();
    }

    @Override
    public ObjectId put(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        byte[] copy = bytes.clone();
        ObjectId id = new ObjectId(sha256(copy));
        retry.run("write object " + id, () -> {
            objects.write(id, copy);
            return null;
        });
        return id;
    }

    @Override
    public byte[] get(ObjectId id) {
        Objects.requireNonNull(id, "id");
        byte[] bytes = retry.run("read object " + id, () -> objects.read(id)).orElseThrow(
                () -> new NotFoundException("No object " + id + " in " + where));
        if (!sha256(bytes).equals(id.hex())) {
            throw new CorruptObjectException(id, "Object " + id + " in " + where + " does not match its digest ("
                    + bytes.length + " bytes read); it was changed outside Lifecycle. Restore it from a backup");
        }
        return bytes;
    }

    @Override
    public boolean contains(ObjectId id) {
        Objects.requireNonNull(id, "id");
        return retry.run("look up object " + id, () -> objects.contains(id));
    }

    @Override
    public Optional<String> ref(String name) {
        RefRules.check(name);
        return retry.run("read ref " + name, () -> {
            try (Connection c = pool.getConnection();
                    PreparedStatement ps = c.prepareStatement("SELECT value FROM lc_refs WHERE name = ?")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
                }
            }
        });
    }

    @Override
    public boolean compareAndSet(String name, String expected, String newValue, String actor, String reason) {
        RefRules.check(name);
        RefRules.checkWriteOnce(name, expected, newValue);
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(reason, "reason");
        UUID token = UUID.randomUUID();
        Instant now = clock.instant();
        return retry.runChecked("move ref " + name, () -> {
            try (Connection c = pool.getConnection();
                    PreparedStatement ps = c.prepareStatement("SELECT lc_cas(?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, name);
                setNullable(ps, 2, expected);
                setNullable(ps, 3, newValue);
                ps.setString(4, actor);
                ps.setString(5, reason);
                ps.setLong(6, now.getEpochSecond());
                ps.setInt(7, now.getNano());
                ps.setObject(8, token);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1) > 0;
                }
            }
        }, () -> {
            // the outcome of the failed attempt is unknown: it committed if its token is in the journal
            try (Connection c = pool.getConnection();
                    PreparedStatement ps = c.prepareStatement("SELECT 1 FROM lc_journal WHERE token = ?")) {
                ps.setObject(1, token);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    @Override
    public Map<String, String> refs(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        return retry.run("list refs " + prefix, () -> {
            try (Connection c = pool.getConnection();
                    PreparedStatement ps = c.prepareStatement(
                            "SELECT name, value FROM lc_refs WHERE name LIKE ? ESCAPE '\\' ORDER BY name")) {
                ps.setString(1, RefRules.likePrefix(prefix));
                Map<String, String> out = new LinkedHashMap<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.put(rs.getString(1), rs.getString(2));
                    }
                }
                return java.util.Collections.unmodifiableMap(out);
            }
        });
    }

    @Override
    public List<JournalEntry> journal(String prefix) {
        return journalAfter(prefix, 0);
    }

    /**
     * @return the committed changes of refs under {@code prefix} whose sequence is above {@code after},
     *     oldest first: a reader that remembers the last sequence it saw misses nothing, because
     *     sequences are assigned in commit order
     */
    public List<JournalEntry> journalAfter(String prefix, long after) {
        Objects.requireNonNull(prefix, "prefix");
        return retry.run("read the journal of " + prefix, () -> {
            try (Connection c = pool.getConnection();
                    PreparedStatement ps = c.prepareStatement("SELECT ref, old_value, new_value, actor, reason,"
                            + " time_sec, time_nanos, seq FROM lc_journal WHERE ref LIKE ? ESCAPE '\\' AND seq > ?"
                            + " ORDER BY seq")) {
                ps.setString(1, RefRules.likePrefix(prefix));
                ps.setLong(2, after);
                List<JournalEntry> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new JournalEntry(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                rs.getString(5), Instant.ofEpochSecond(rs.getLong(6), rs.getInt(7)), rs.getLong(8)));
                    }
                }
                return List.copyOf(out);
            }
        });
    }

    /**
     * Tells {@code listener} whenever a ref changes, in this process or any other sharing the database.
     *
     * @return closing it stops telling this listener
     */
    public AutoCloseable listen(RefListener listener) {
        return notifications.add(Objects.requireNonNull(listener, "listener"));
    }

    /** @return whether the database is reachable now, and the outages and failures so far */
    public StoreHealth health() {
        return retry.health();
    }

    /** @return the pool (for the host's own queries or metrics); never close it */
    public DataSource dataSource() {
        return pool;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        notifications.close();
        if (ownedPool != null) {
            ownedPool.close();
        }
    }

    @Override
    public String toString() {
        return "PostgresStore(" + where + ")";
    }

    private static void setNullable(PreparedStatement ps, int i, String v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.VARCHAR);
        } else {
            ps.setString(i, v);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Configures a {@link PostgresStore}; fails fast on missing or conflicting choices. */
    @API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
    public static final class Builder {
        private String url;
        private String user;
        private String password;
        private DataSource dataSource;
        private String schema;
        private int poolSize = 8;
        private Clock clock = Clock.systemUTC();
        private Duration retryFor = Duration.ofSeconds(5);
        private Duration connectTimeout = Duration.ofSeconds(2);
        private int chunkSize = DEFAULT_CHUNK;
        private ObjectBackend objects;
        private Consumer<StoreHealth> healthListener = h -> { };
        private boolean migrate = true;

        private Builder() {
        }

        /** The database, as a JDBC URL such as {@code jdbc:postgresql://host:5432/db}; the store pools connections to it. */
        public Builder url(String jdbcUrl) {
            if (dataSource != null) {
                throw new IllegalStateException("A DataSource is already set; choose either url(...) or dataSource(...)");
            }
            if (!Objects.requireNonNull(jdbcUrl, "jdbcUrl").startsWith("jdbc:postgresql:")) {
                throw new IllegalArgumentException("Not a PostgreSQL JDBC URL: '" + jdbcUrl
                        + "'; it starts with jdbc:postgresql://host:port/database");
            }
            this.url = jdbcUrl;
            return this;
        }

        /** The database user (with {@link #url}). */
        public Builder user(String name) {
            this.user = Objects.requireNonNull(name, "user");
            return this;
        }

        /** The database password (with {@link #url}). */
        public Builder password(String secret) {
            this.password = Objects.requireNonNull(secret, "password");
            return this;
        }

        /** Uses connections from a pool the caller owns (and closes) instead of a URL; it needs at least 2 connections. */
        public Builder dataSource(DataSource ds) {
            if (url != null) {
                throw new IllegalStateException("A URL is already set; choose either url(...) or dataSource(...)");
            }
            this.dataSource = Objects.requireNonNull(ds, "dataSource");
            return this;
        }

        /** Keeps the tables in this schema (created if needed) instead of the user's default; with {@link #url} only. */
        public Builder schema(String name) {
            if (!Objects.requireNonNull(name, "schema").matches("[a-z_][a-z0-9_]{0,62}")) {
                throw new IllegalArgumentException("Schema '" + name + "': use lowercase letters, digits and '_'");
            }
            this.schema = name;
            return this;
        }

        /** The most connections the store's pool opens (default 8, at least 2: one listens for ref changes). */
        public Builder poolSize(int connections) {
            if (connections < 2) {
                throw new IllegalArgumentException("poolSize must be at least 2 (one connection listens for ref"
                        + " changes), not " + connections);
            }
            this.poolSize = connections;
            return this;
        }

        /** Stamps journal entries with this clock (default: the system clock). */
        public Builder clock(Clock c) {
            this.clock = Objects.requireNonNull(c, "clock");
            return this;
        }

        /**
         * How long a call retries a lost connection or a restarting server before it throws
         * {@link StoreException} (default 5 s; zero: no retry).
         */
        public Builder retryFor(Duration d) {
            if (Objects.requireNonNull(d, "retryFor").isNegative()) {
                throw new IllegalArgumentException("retryFor must not be negative: " + d);
            }
            this.retryFor = d;
            return this;
        }

        /** How long one attempt waits for a connection (default 2 s, at least 250 ms). */
        public Builder connectTimeout(Duration d) {
            if (Objects.requireNonNull(d, "connectTimeout").toMillis() < 250) {
                throw new IllegalArgumentException("connectTimeout must be at least 250 ms (HikariCP's minimum): " + d);
            }
            this.connectTimeout = d;
            return this;
        }

        /** Bytes per stored chunk of an object (default 1 MiB). */
        public Builder chunkSize(int bytes) {
            if (bytes < 1024) {
                throw new IllegalArgumentException("chunkSize must be at least 1024 bytes, not " + bytes);
            }
            this.chunkSize = bytes;
            return this;
        }

        /** Keeps object bytes in this backend (an object store) instead of the database. */
        public Builder objects(ObjectBackend backend) {
            this.objects = Objects.requireNonNull(backend, "backend");
            return this;
        }

        /**
         * Told when the database becomes unreachable (once per outage) and when it is reachable again;
         * called on the thread that noticed, so return quickly. Exceptions are ignored.
         */
        public Builder healthListener(Consumer<StoreHealth> listener) {
            this.healthListener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** Whether to create or migrate the schema at open (default true; false when a DBA migrates it). */
        public Builder migrate(boolean yes) {
            this.migrate = yes;
            return this;
        }

        private String describe() {
            String db = url != null ? url.replaceAll("[?].*", "") : "a DataSource";
            return "PostgreSQL store " + db + (schema == null ? "" : " schema " + schema);
        }

        /** Migrates the schema, retrying for {@link #retryFor} while the database cannot be reached (it may be starting). */
        private void migrate(DataSource ds) {
            var fw = Flyway.configure(PostgresStore.class.getClassLoader()).dataSource(ds)
                    .locations("classpath:db/lifecycle").table("lifecycle_schema_history");
            if (schema != null) {
                fw.schemas(schema);
            }
            Flyway flyway = fw.load();
            long deadline = System.nanoTime() + retryFor.toNanos();
            while (true) {
                try {
                    flyway.migrate();
                    return;
                } catch (org.flywaydb.core.api.FlywayException e) {
                    boolean unreachable = e instanceof org.flywaydb.core.internal.exception.sqlExceptions
                            .FlywaySqlUnableToConnectToDbException;
                    if (!unreachable || System.nanoTime() > deadline) {
                        throw e;
                    }
                    try {
                        Thread.sleep(200);
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                        throw e;
                    }
                }
            }
        }

        /**
         * @return the open store, its schema migrated
         * @throws StoreException when the database cannot be reached or migrated
         */
        public PostgresStore build() {
            if (url == null && dataSource == null) {
                throw new IllegalStateException("Set the database with url(...) or dataSource(...)");
            }
            if (dataSource != null && schema != null) {
                throw new IllegalStateException("schema(...) applies to url(...) only; set the schema on the DataSource");
            }
            HikariDataSource owned = null;
            DataSource ds = dataSource;
            if (ds == null) {
                HikariConfig cfg = new HikariConfig();
                cfg.setJdbcUrl(url);
                if (user != null) {
                    cfg.setUsername(user);
                }
                if (password != null) {
                    cfg.setPassword(password);
                }
                if (schema != null) {
                    cfg.setSchema(schema);
                }
                cfg.setPoolName("lifecycle-" + (schema == null ? "store" : schema));
                cfg.setMaximumPoolSize(poolSize);
                cfg.setMinimumIdle(Math.min(2, poolSize));
                cfg.setConnectionTimeout(connectTimeout.toMillis());
                cfg.setValidationTimeout(Math.min(1000, connectTimeout.toMillis()));
                cfg.setInitializationFailTimeout(-1);
                cfg.addDataSourceProperty("connectTimeout", Math.max(1, connectTimeout.toSeconds()));
                cfg.addDataSourceProperty("socketTimeout", 60);
                cfg.addDataSourceProperty("tcpKeepAlive", true);
                cfg.addDataSourceProperty("ApplicationName", "lifecycle");
                owned = new HikariDataSource(cfg);
                ds = owned;
            }
            try {
                if (migrate) {
                    migrate(ds);
                }
                return new PostgresStore(this, ds, owned);
            } catch (RuntimeException e) {
                if (owned != null) {
                    owned.close();
                }
                throw new StoreException("Cannot open the " + describe() + ": " + e.getMessage()
                        + "; check that the database runs and the user may create tables (or migrate it first)", e);
            }
        }
    }
}
