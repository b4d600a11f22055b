package dev.lifecycle.benchmarks;

import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.data.Row;
import dev.lifecycle.core.Lifecycle;
import dev.lifecycle.core.data.Csv;
import dev.lifecycle.core.data.DatasetProfile;
import dev.lifecycle.core.data.RowSource;
import java.util.ArrayList;
import java.util.List;
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
 * {@code profile}: profiling a dataset version of 1M rows x 20 numeric columns (exact statistics,
 * KLL quantiles, HLL distinct counts) against a plain loop summing every value of the same columns,
 * the memory-bandwidth floor. Columns: 10 continuous (every value distinct) and 10 discrete
 * (integers and two-decimal prices, as real data often is).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ProfileBenchmark {
    static final int ROWS = 1_000_000;
    static final int COLUMNS = 20;

    private Lifecycle lc;
    private DatasetVersion data;
    private double[][] columns;

    @Setup(Level.Trial)
    public void setUp() {
        SplittableRandom r = new SplittableRandom(42);
        columns = new double[COLUMNS][ROWS];
        List<String> names = new ArrayList<>();
        for (int c = 0; c < COLUMNS; c++) {
            names.add("x" + c);
            for (int i = 0; i < ROWS; i++) {
                double g = r.nextDouble() * 2 - 1 + r.nextDouble();
                columns[c][i] = c < 10 ? g * (c + 1) : c < 15 ? Math.floor(Math.abs(g) * 50) : Math.round(g * 10_000) / 100.0;
            }
        }
        List<Row> rows = new ArrayList<>(ROWS);
        for (int i = 0; i < ROWS; i++) {
            Row.Builder b = Row.builder(COLUMNS);
            for (int c = 0; c < COLUMNS; c++) {
                b.set(names.get(c), columns[c][i]);
            }
            rows.add(b.build());
        }
        lc = Lifecycle.inMemory();
        data = lc.datasets().importFrom("bench", RowSource.of("generated", names, rows), Csv.defaults());
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        lc.close();
    }

    /** The candidate: the full profile of the version. */
    @Benchmark
    public DatasetProfile profile() {
        return DatasetProfile.of(data);
    }

    /** The baseline: one pass summing every value. */
    @Benchmark
    public double sumEveryValue() {
        double s = 0;
        for (double[] column : columns) {
            for (double v : column) {
                s += v;
            }
        }
        return s;
    }

    /** Candidate and baseline alternated one call each, timed by a {@link PairTimer}: what the harness runs. */
    @Benchmark
    public void interleaved(PairTimer t, Blackhole bh) throws Exception {
        t.interleave(1, () -> bh.consume(profile()), () -> bh.consume(sumEveryValue()));
    }
}
