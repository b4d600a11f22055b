package dev.lifecycle.benchmarks;

import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.core.Lifecycle;
import dev.lifecycle.core.data.Csv;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * {@code csv-import}: importing a generated 200 MB CSV (10 numeric columns, 2 categorical, a binary
 * label) into an in-memory Lifecycle, against counting the lines of the same file with a plain
 * {@link BufferedReader}. The file is written once per trial under {@code java.io.tmpdir}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Xmx6g")
public class CsvImportBenchmark {
    static final long BYTES = 200L << 20;
    static final String[] CITIES = {"Sydney", "Melbourne", "Brisbane", "Perth", "Adelaide", "Hobart", "Darwin"};

    private Path file;
    long rows;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        file = Files.createTempFile("lifecycle-csv-import", ".csv");
        SplittableRandom r = new SplittableRandom(7);
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("a,b,c,d,e,f,g,h,i,j,city,segment,label\n");
            long written = 0;
            StringBuilder line = new StringBuilder(160);
            while (written < BYTES) {
                line.setLength(0);
                for (int c = 0; c < 10; c++) {
                    if (c < 6) {
                        line.append(Math.round(r.nextDouble() * 1_000_000) / 1_000_000.0);
                    } else if (c < 8) {
                        line.append(r.nextInt(100_000));
                    } else {
                        line.append(Math.round((r.nextDouble() - 0.5) * 100_000) / 100.0);
                    }
                    line.append(',');
                }
                line.append(CITIES[r.nextInt(CITIES.length)]).append(',').append("s").append(r.nextInt(20))
                        .append(',').append(r.nextInt(4) == 0 ? '1' : '0').append('\n');
                w.append(line);
                written += line.length();
                rows++;
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        Files.deleteIfExists(file);
    }

    /** The candidate: a full import (parse, type, columnar build, digest, store). */
    @Benchmark
    public DatasetVersion importCsv() {
        try (Lifecycle lc = Lifecycle.inMemory()) {
            return lc.datasets().importCsv("bench", file, Csv.forTarget("label"));
        }
    }

    /** The baseline: count the lines with a BufferedReader. */
    @Benchmark
    public long lineCount() throws IOException {
        long n = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            while (in.readLine() != null) {
                n++;
            }
        }
        return n;
    }

    /** Candidate and baseline alternated one call each, timed by a {@link PairTimer}: what the harness runs. */
    @Benchmark
    public void interleaved(PairTimer t, Blackhole bh) throws Exception {
        t.interleave(1, () -> bh.consume(importCsv()), () -> bh.consume(lineCount()));
    }
}
