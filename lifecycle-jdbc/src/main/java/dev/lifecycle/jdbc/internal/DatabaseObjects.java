package dev.lifecycle.jdbc.internal;

import dev.lifecycle.api.store.ObjectId;
import dev.lifecycle.jdbc.ObjectBackend;
import java.io.ByteArrayOutputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Optional;
import javax.sql.DataSource;

/** Object bytes in the database: one row per object and its bytes in chunks of bytea, written in one transaction. */
public final class DatabaseObjects implements ObjectBackend {
    private final DataSource pool;
    private final int chunkSize;

    /** @param chunkSize bytes per chunk row */
    public DatabaseObjects(DataSource pool, int chunkSize) {
        this.pool = pool;
        this.chunkSize = chunkSize;
    }

    @Override
    public void write(ObjectId id, byte[] bytes) throws SQLException {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try {
                int chunks = (bytes.length + chunkSize - 1) / chunkSize;
                int inserted;
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO lc_objects (id, size, chunks) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING")) {
                    ps.setString(1, id.hex());
                    ps.setLong(2, bytes.length);
                    ps.setInt(3, chunks);
                    inserted = ps.executeUpdate();
                }
                if (inserted == 1 && chunks > 0) {
                    try (PreparedStatement ps = c.prepareStatement(
                            "INSERT INTO lc_object_chunks (id, n, data) VALUES (?, ?, ?)")) {
                        for (int n = 0; n < chunks; n++) {
                            ps.setString(1, id.hex());
                            ps.setInt(2, n);
                            ps.setBytes(3, Arrays.copyOfRange(bytes, n * chunkSize,
                                    Math.min(bytes.length, (n + 1) * chunkSize)));
                            ps.executeUpdate();
                        }
                    }
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c, e);
                throw e;
            }
        }
    }

    @Override
    public Optional<byte[]> read(ObjectId id) throws SQLException {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try {
                long size;
                try (PreparedStatement ps = c.prepareStatement("SELECT size FROM lc_objects WHERE id = ?")) {
                    ps.setString(1, id.hex());
                    try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next()) {
                            c.commit();
                            return Optional.empty();
                        }
                        size = rs.getLong(1);
                    }
                }
                ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(Math.max(size, 0), 1 << 26));
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT data FROM lc_object_chunks WHERE id = ? ORDER BY n")) {
                    ps.setString(1, id.hex());
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            out.writeBytes(rs.getBytes(1));
                        }
                    }
                }
                c.commit();
                return Optional.of(out.toByteArray());
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c, e);
                throw e;
            }
        }
    }

    @Override
    public boolean contains(ObjectId id) throws SQLException {
        try (Connection c = pool.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT 1 FROM lc_objects WHERE id = ?")) {
            ps.setString(1, id.hex());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static void rollbackQuietly(Connection c, Exception cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }
}
