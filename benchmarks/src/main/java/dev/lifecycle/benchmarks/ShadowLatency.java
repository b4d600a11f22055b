package dev.lifecycle.benchmarks;

import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.deployment.Deployment;
import dev.lifecycle.api.model.Model;
import dev.lifecycle.api.model.ModelVersion;
import dev.lifecycle.api.model.Prediction;
import dev.lifecycle.api.model.Signature;
import dev.lifecycle.core.deployment.Rollout;
import java.time.Instant;
import java.util.Map;
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
 * Group {@code shadow-latency}: the primary's latency distribution with a shadow challenger that
 * sleeps 5 ms per call, against the same deployment without a shadow. Every call's time goes to a
 * {@link LatencyRecorder} (HdrHistogram); the harness compares the p99 of {@code withShadow} to that
 * of {@code withoutShadow} (target at most 1.2).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ShadowLatency {

    /** Two deployments of the same model: one with a slow shadow, one without. */
    @State(Scope.Benchmark)
    public static class Fixture {
        DeployFixture data;
        Deployment plain;
        Deployment shadowed;

        @Setup(Level.Trial)
        public void setUp() {
            data = new DeployFixture();
            ModelVersion m = data.model;
            Model slow = new Model() {
                @Override
                public Signature signature() {
                    return m.signature();
                }

                @Override
                public Prediction predict(Row row) {
                    try {
                        Thread.sleep(5);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return m.model().predict(row);
                }

                @Override
                public boolean producesProbabilities() {
                    return true;
                }
            };
            ModelVersion challenger = new ModelVersion(m.name(), 99, slow, "sleeping", Map.of(), 0, m.dataset(),
                    "test", "0".repeat(64), Instant.EPOCH, null);
            plain = data.lc.deploy(m);
            shadowed = data.lc.deploy("bench", Rollout.version(m).shadow(challenger).warmUp(0));
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            System.out.println("\nshadow calls made " + shadowed.metrics().arms().get("shadow").predictions()
                    + ", dropped " + shadowed.metrics().shadowDropped());
            data.lc.close();
        }
    }


    /** Candidate: primary with a 5 ms shadow. */
    @Benchmark
    public void withShadow(Fixture f, RowCursor c, LatencyRecorder latency, Blackhole bh) {
        Row row = f.data.rows[c.advance()];
        long start = System.nanoTime();
        Prediction p = f.shadowed.predict(row);
        latency.record(System.nanoTime() - start);
        bh.consume(p);
    }

    /** Baseline: the same primary, no shadow. */
    @Benchmark
    public void withoutShadow(Fixture f, RowCursor c, LatencyRecorder latency, Blackhole bh) {
        Row row = f.data.rows[c.advance()];
        long start = System.nanoTime();
        Prediction p = f.plain.predict(row);
        latency.record(System.nanoTime() - start);
        bh.consume(p);
    }

    /** Calls of each side per block of {@link #interleaved}. */
    static final int BLOCK = 1000;

    /**
     * Candidate and baseline interleaved in blocks of {@value #BLOCK} calls, every call's latency recorded
     * per side by a {@link PairTimer}: what the harness runs.
     */
    @Benchmark
    public void interleaved(Fixture f, RowCursor c, Blackhole bh, PairTimer t) throws Exception {
        t.interleaveEachCall(BLOCK, () -> bh.consume(f.shadowed.predict(f.data.rows[c.advance()])),
                () -> bh.consume(f.plain.predict(f.data.rows[c.advance()])));
    }
}
