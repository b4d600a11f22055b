package dev.lifecycle.benchmarks;

import dev.lifecycle.api.deployment.Deployment;
import dev.lifecycle.core.deployment.Rollout;
import dev.lifecycle.core.monitoring.Monitor;
import dev.lifecycle.core.monitoring.MonitoredDeployment;
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

/**
 * Group {@code monitor-overhead}: {@code Deployment.predict(Row)} with drift and quality monitoring
 * ({@link MonitoredDeployment}: every row's 20 features copied into a per-thread chunk, chunks profiled
 * in the background into windows) against the same deployment unmonitored, same model and rows.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class MonitorOverhead {

    /** Shared fixture: one plain and one monitored deployment of the same version. */
    @State(Scope.Benchmark)
    public static class Fixture {
        DeployFixture data;
        Deployment plain;
        MonitoredDeployment monitored;

        @Setup(Level.Trial)
        public void setUp() {
            data = new DeployFixture();
            plain = data.lc.deploy("bench", Rollout.version(data.model));
            Monitor monitor = Monitor.builder("bench", data.lc.datasets().profile(
                    data.lc.datasets().get(data.model.dataset()))).target(data.lc.datasets()
                    .get(data.model.dataset()).schema().target()).build();
            monitored = MonitoredDeployment.wrap(data.lc.deploy("bench", Rollout.version(data.model)), monitor);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            monitored.flush();
            System.out.println("\nmonitor: " + monitored.monitor().driftWindows().size() + " windows, "
                    + monitored.monitor().droppedChunks() + " chunks dropped");
            plain.close();
            monitored.close();
            data.lc.close();
        }
    }


    /** Candidate: the monitored deployment. */
    @Benchmark
    public void monitored(Fixture f, RowCursor c, Blackhole bh) {
        bh.consume(f.monitored.predict(f.data.rows[c.advance()]));
    }

    /** Baseline: the same deployment without monitoring. */
    @Benchmark
    public void unmonitored(Fixture f, RowCursor c, Blackhole bh) {
        bh.consume(f.plain.predict(f.data.rows[c.advance()]));
    }

    /**
     * Calls of each side per block of {@link #interleaved}: a whole monitor chunk's worth, so the background
     * profiling a block triggers mostly runs during that block.
     */
    static final int BLOCK = 4096;

    /** Candidate and baseline interleaved in blocks of {@value #BLOCK} calls, timed by a {@link PairTimer}: what the harness runs. */
    @Benchmark
    public void interleaved(Fixture f, RowCursor c, Blackhole bh, PairTimer t) throws Exception {
        t.interleave(BLOCK, () -> monitored(f, c, bh), () -> unmonitored(f, c, bh));
    }
}
