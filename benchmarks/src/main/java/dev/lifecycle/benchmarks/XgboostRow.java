package dev.lifecycle.benchmarks;

import dev.lifecycle.core.tribuo.TribuoProtobufFormat;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;
import org.tribuo.common.xgboost.protos.XGBoostModelProto;
import org.tribuo.protos.core.ModelProto;

/**
 * Group {@code xgboost-row}: the per-row cost of one-row {@code Deployment.predict} on an XGBoost model
 * (100 trees, depth 6, 20 numeric features; served by the compiled pure-Java path) against the per-row
 * cost of xgboost4j's own batch predict of 10,000 rows of the same booster on one native thread (building
 * the native matrix from a dense float array, predicting, freeing it). Target: at most 1.0.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class XgboostRow {
    static final int BATCH = 10_000;

    /** The deployed model and the same booster loaded natively. */
    @State(Scope.Benchmark)
    public static class Fixture {
        XgbFixture data;
        Booster booster;
        float[] dense;

        @Setup(Level.Trial)
        public void setUp() throws XGBoostError, java.io.IOException {
            data = new XgbFixture(true);
            booster = nativeBooster(data);
            dense = new float[BATCH * XgbFixture.FEATURES];
            for (int i = 0; i < BATCH; i++) {
                System.arraycopy(data.values[i & DeployFixture.MASK], 0, dense, i * XgbFixture.FEATURES,
                        XgbFixture.FEATURES);
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            booster.dispose();
            data.lc.close();
        }
    }

    /** Loads the stored booster natively (trusted bytes from this benchmark), on one native thread. */
    static Booster nativeBooster(XgbFixture data) throws XGBoostError, java.io.IOException {
        byte[] stored = new TribuoProtobufFormat().write(data.model.model());
        byte[] bytes = ModelProto.parseFrom(stored).getSerializedData().unpack(XGBoostModelProto.class).getModels(0)
                .toByteArray();
        Booster b = XGBoost.loadModel(bytes);
        Map<String, Object> params = new HashMap<>();
        params.put("nthread", 1);
        b.setParams(params);
        return b;
    }

    /** Candidate: one row through the deployment. */
    @Benchmark
    public void deploymentRow(Fixture f, RowCursor c, Blackhole bh) {
        bh.consume(f.data.deployment.predict(f.data.rows[c.advance()]));
    }

    /** Baseline: xgboost4j batch predict of 10,000 rows, reported per row. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void xgboost4jBatch(Fixture f, Blackhole bh) throws XGBoostError {
        DMatrix batch = new DMatrix(f.dense, BATCH, XgbFixture.FEATURES, Float.NaN);
        try {
            bh.consume(f.booster.predict(batch));
        } finally {
            batch.dispose();
        }
    }

    /** One-row calls per candidate block of {@link #interleaved} (the baseline block is one batch). */
    static final int BLOCK = 1000;

    /**
     * {@value #BLOCK} one-row deployment calls and one batch of {@value #BATCH} rows, alternated and timed per
     * row by a {@link PairTimer}: what the harness runs.
     */
    @Benchmark
    public void interleaved(Fixture f, RowCursor c, Blackhole bh, PairTimer t) throws Exception {
        t.interleave(BLOCK, 1, () -> deploymentRow(f, c, bh), 1, BATCH, () -> xgboost4jBatch(f, bh));
    }
}
