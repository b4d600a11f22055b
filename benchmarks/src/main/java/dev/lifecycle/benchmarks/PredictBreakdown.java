package dev.lifecycle.benchmarks;

import dev.lifecycle.api.model.ModelVersion;
import dev.lifecycle.core.internal.FeatureEncoder;
import dev.lifecycle.core.tribuo.TribuoModel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;
import org.tribuo.Example;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;

/**
 * Diagnostics for {@code predict-overhead}, in no group (run them with JMH directly, see README): the
 * pieces of both paths on the same model and rows, to see where the time and allocation of each go.
 * {@link #modelOnlyPrebuilt} is the floor: Tribuo's {@code predict} on examples built in advance.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PredictBreakdown {

    /** Pre-built examples and direct handles on the model and an encoder for its signature. */
    @State(Scope.Benchmark)
    public static class Parts {
        TribuoModel model;
        FeatureEncoder encoder;
        List<Example<Label>> examples;

        @Setup(Level.Trial)
        public void setUp(PredictOverhead.Fixture f) {
            ModelVersion mv = f.deployment.current();
            model = (TribuoModel) mv.model();
            encoder = new FeatureEncoder(mv.signature().inputs());
            examples = new ArrayList<>(PredictOverhead.ROWS);
            for (int i = 0; i < PredictOverhead.ROWS; i++) {
                examples.add(new ArrayExample<>(LabelFactory.UNKNOWN_LABEL, f.names, f.values[i]));
            }
        }
    }

    /** Tribuo's {@code Model.predict(Example)} alone, examples built in setup. */
    @Benchmark
    public void modelOnlyPrebuilt(Parts p, RowCursor c, Blackhole bh) {
        bh.consume(p.model.tribuoModel().predict(p.examples.get(c.advance())));
    }

    /** Tribuo's public {@code ArrayExample} constructor alone (copies names and values, then sorts). */
    @Benchmark
    public void exampleConstructorOnly(PredictOverhead.Fixture f, RowCursor c, Blackhole bh) {
        bh.consume(new ArrayExample<>(LabelFactory.UNKNOWN_LABEL, f.names, f.values[c.advance()]));
    }

    /** Lifecycle's row encoding alone. */
    @Benchmark
    public void encodeOnly(PredictOverhead.Fixture f, Parts p, RowCursor c, Blackhole bh) {
        bh.consume(p.encoder.encode(f.rows[c.advance()]));
    }

    /** Lifecycle's model, called directly: encode, Tribuo predict, convert; no deployment. */
    @Benchmark
    public void modelPredictRow(PredictOverhead.Fixture f, Parts p, RowCursor c, Blackhole bh) {
        bh.consume(p.model.predict(f.rows[c.advance()]));
    }

    /** The full serving path, as in {@code predict-overhead}: adds the request id and attribution. */
    @Benchmark
    public void deploymentPredict(PredictOverhead.Fixture f, RowCursor c, Blackhole bh) {
        bh.consume(f.deployment.predict(f.rows[c.advance()]));
    }
}
