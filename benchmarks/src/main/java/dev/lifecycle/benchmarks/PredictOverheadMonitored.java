package dev.lifecycle.benchmarks;

import dev.lifecycle.api.deployment.Deployment;
import dev.lifecycle.core.deployment.PredictionLogOptions;
import dev.lifecycle.core.deployment.Rollout;
import dev.lifecycle.core.tribuo.TribuoModel;
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
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;

/**
 * Group {@code predict-overhead-monitored}: {@code Deployment.predict(Row)} with the prediction log
 * (drop policy) and input monitoring (running min/max/mean/count per feature) on, against a
 * hand-written {@code ArrayExample} + Tribuo {@code Model.predict} on the same model and rows.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PredictOverheadMonitored {

    /** Shared fixture and monitored deployment. */
    @State(Scope.Benchmark)
    public static class Fixture {
        DeployFixture data;
        Deployment deployment;
        org.tribuo.Model<Label> tribuo;

        @Setup(Level.Trial)
        public void setUp() {
            data = new DeployFixture();
            deployment = data.lc.deploy("bench", Rollout.version(data.model)
                    .logPredictions(PredictionLogOptions.defaults().dropWhenFull()).monitorInputs());
            tribuo = ((TribuoModel) data.model.model()).tribuoModel();
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            deployment.close();
            System.out.println("\nmonitored deployment: " + deployment.metrics().logged() + " logged, "
                    + deployment.metrics().logDropped() + " dropped");
            data.lc.close();
        }
    }


    /** Candidate: the monitored serving path. */
    @Benchmark
    public void lifecycle(Fixture f, RowCursor c, Blackhole bh) {
        bh.consume(f.deployment.predict(f.data.rows[c.advance()]));
    }

    /** Baseline: the same Tribuo model, called by hand. */
    @Benchmark
    public void tribuo(Fixture f, RowCursor c, Blackhole bh) {
        int i = c.advance();
        bh.consume(f.tribuo.predict(new ArrayExample<>(LabelFactory.UNKNOWN_LABEL, f.data.names, f.data.values[i])));
    }

    /** Calls of each side per block of {@link #interleaved}. */
    static final int BLOCK = 64;

    /** Candidate and baseline interleaved in blocks of {@value #BLOCK} calls, timed by a {@link PairTimer}: what the harness runs. */
    @Benchmark
    public void interleaved(Fixture f, RowCursor c, Blackhole bh, PairTimer t) throws Exception {
        t.interleave(BLOCK, () -> lifecycle(f, c, bh), () -> tribuo(f, c, bh));
    }
}
