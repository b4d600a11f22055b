package dev.lifecycle.benchmarks;

import dev.lifecycle.core.Lifecycle;
import dev.lifecycle.core.model.ActiveRun;
import dev.lifecycle.core.model.Experiments;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.FileOutputStream;
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
 * Group {@code tracking}: logging 1M metric points (step, value, time) to a run on the file store and
 * making them durable with {@code flush()}, against writing the same three values per point with a
 * buffered {@code DataOutputStream} to one file and forcing it to disk. One operation = 1M points.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TrackingBenchmark {
    /** Points per operation. */
    public static final int POINTS = 1_000_000;

    private Path dir;
    private Lifecycle lc;
    private Experiments runs;
    private int op;

    /** A fresh store per iteration, so disk use stays bounded. */
    @Setup(Level.Iteration)
    public void open() throws IOException {
        dir = Files.createTempDirectory("lifecycle-tracking-bench-");
        lc = Lifecycle.open(dir.resolve("store"));
        runs = lc.runs();
    }

    /** Closes and deletes the iteration's files. */
    @TearDown(Level.Iteration)
    public void close() throws IOException {
        lc.close();
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** Candidate: a tracked run, 1M points, flush (durable). */
    @Benchmark
    public String lifecycleRun() {
        int base = ++op;
        ActiveRun run = runs.start("bench");
        for (int i = 0; i < POINTS; i++) {
            run.log("loss", base + i * 1e-6, i);
        }
        run.flush();
        return run.id();
    }

    /** Baseline: the same values to one file through a buffered DataOutputStream, then force. */
    @Benchmark
    public long dataOutputStream() throws IOException {
        int base = ++op;
        Path file = dir.resolve("plain-" + base + ".bin");
        try (FileOutputStream fos = new FileOutputStream(file.toFile());
                DataOutputStream out = new DataOutputStream(new BufferedOutputStream(fos, 1 << 16))) {
            for (int i = 0; i < POINTS; i++) {
                out.writeLong(i);
                out.writeDouble(base + i * 1e-6);
                out.writeLong(System.currentTimeMillis());
            }
            out.flush();
            fos.getChannel().force(true);
        }
        return Files.size(file);
    }

    /** Candidate and baseline alternated one call each, timed by a {@link PairTimer}: what the harness runs. */
    @Benchmark
    public void interleaved(PairTimer t, Blackhole bh) throws Exception {
        t.interleave(1, () -> bh.consume(lifecycleRun()), () -> bh.consume(dataOutputStream()));
    }
}
