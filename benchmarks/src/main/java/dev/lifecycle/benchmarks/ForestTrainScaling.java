package dev.lifecycle.benchmarks;

import java.util.concurrent.TimeUnit;
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
import dev.lifecycle.core.model.Trainers;

/**
 * Group {@code forest-train-scaling}: training a random forest of 50 trees (depth 8, 2,000 rows, 20 numeric
 * features) on 1 thread against 2 threads. The ratio is the 1-thread time over the 2-thread time (the
 * speed-up); target at least 1.6. Both give the same model.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ForestTrainScaling {

    /** The training data. */
    @State(Scope.Benchmark)
    public static class Fixture {
        XgbFixture data;

        @Setup(Level.Trial)
        public void setUp() {
            data = new XgbFixture(false, 2000);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            data.lc.close();
        }
    }

    /** Candidate (the slower side of the speed-up): one training thread. */
    @Benchmark
    public void oneThread(Fixture f, Blackhole bh) {
        bh.consume(Trainers.randomForest().trees(50).maxDepth(8).seed(1).threads(1).train(f.data.data));
    }

    /** Baseline: two training threads. */
    @Benchmark
    public void twoThreads(Fixture f, Blackhole bh) {
        bh.consume(Trainers.randomForest().trees(50).maxDepth(8).seed(1).threads(2).train(f.data.data));
    }

    /** Candidate and baseline alternated one call each, timed by a {@link PairTimer}: what the harness runs. */
    @Benchmark
    public void interleaved(Fixture f, PairTimer t, Blackhole bh) throws Exception {
        t.interleave(1, () -> oneThread(f, bh), () -> twoThreads(f, bh));
    }
}
