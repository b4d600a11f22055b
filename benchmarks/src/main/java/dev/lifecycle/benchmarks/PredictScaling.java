package dev.lifecycle.benchmarks;

import dev.lifecycle.api.deployment.Deployment;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.infra.Blackhole;
import org.openjdk.jmh.infra.Control;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * Group {@code predict-scaling}: throughput of one deployment ({@code Lifecycle.deploy(ModelVersion)})
 * under 2 threads against 1 thread. The ratio is {@code twoThreads} ops/s divided by {@code oneThread}
 * ops/s (JMH reports the total over all threads); the target is at least 1.7.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PredictScaling {

    /** Shared deployment. */
    @State(Scope.Benchmark)
    public static class Fixture {
        DeployFixture data;
        Deployment deployment;

        @Setup(Level.Trial)
        public void setUp() {
            data = new DeployFixture();
            deployment = data.lc.deploy(data.model);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            data.lc.close();
        }
    }


    /** Candidate: two threads on one deployment. */
    @Benchmark
    @Threads(2)
    public void twoThreads(Fixture f, RowCursor c, Blackhole bh) {
        bh.consume(f.deployment.predict(f.data.rows[c.advance()]));
    }

    /** Baseline: one thread. */
    @Benchmark
    @Threads(1)
    public void oneThread(Fixture f, RowCursor c, Blackhole bh) {
        bh.consume(f.deployment.predict(f.data.rows[c.advance()]));
    }

    /** Calls per thread in one phase of {@link #interleaved}. */
    static final int PHASE_CALLS = 5000;

    /** One- and two-thread phases alternated in one JVM, timed by {@link ScalingPhases}: what the harness runs. */
    @Benchmark
    @Threads(2)
    public void interleaved(Fixture f, RowCursor c, Blackhole bh, ScalingPhases phases, Control control,
            ThreadParams thread) throws Exception {
        phases.run(control, thread, PHASE_CALLS, () -> oneThread(f, c, bh));
    }
}
