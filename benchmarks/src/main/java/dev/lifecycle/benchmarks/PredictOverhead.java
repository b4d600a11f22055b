package dev.lifecycle.benchmarks;

import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.deployment.Deployment;
import dev.lifecycle.api.model.ModelVersion;
import dev.lifecycle.api.model.Prediction;
import dev.lifecycle.core.Lifecycle;
import dev.lifecycle.core.data.Csv;
import dev.lifecycle.core.model.Trainers;
import dev.lifecycle.core.tribuo.TribuoModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
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
import org.tribuo.Example;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;

/**
 * Group {@code predict-overhead}: one {@code Deployment.predict(Row)} against the same trained Tribuo
 * model called by hand ({@code new ArrayExample<>(UNKNOWN_LABEL, names, values)} then
 * {@code model.predict(example)}), on the same pre-generated rows. The ratio is Lifecycle's cost per
 * prediction relative to using Tribuo directly.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PredictOverhead {
    static final int FEATURES = 20;
    static final int ROWS = 1024;
    static final int MASK = ROWS - 1;
    static final int TRAIN_ROWS = 4000;

    /** The trained model, its deployment and the rows to predict, shared by all threads. */
    @State(Scope.Benchmark)
    public static class Fixture {
        Lifecycle lc;
        Deployment deployment;
        org.tribuo.Model<Label> tribuo;
        String[] names;
        Row[] rows;
        double[][] values;

        @Setup(Level.Trial)
        public void setUp() throws IOException {
            names = new String[FEATURES];
            for (int j = 0; j < FEATURES; j++) {
                names[j] = String.format(Locale.ROOT, "f%02d", j);
            }
            SplittableRandom random = new SplittableRandom(42);
            double[] weights = new double[FEATURES];
            for (int j = 0; j < FEATURES; j++) {
                weights[j] = random.nextDouble(-1, 1);
            }
            Path csv = Files.createTempFile("predict-overhead", ".csv");
            try {
                try (Writer w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
                    w.write(String.join(",", names));
                    w.write(",label\n");
                    for (int i = 0; i < TRAIN_ROWS; i++) {
                        double z = random.nextGaussian() * 0.5;
                        StringBuilder line = new StringBuilder();
                        for (int j = 0; j < FEATURES; j++) {
                            double x = random.nextGaussian();
                            z += weights[j] * x;
                            line.append(x).append(',');
                        }
                        w.write(line.append(z >= 0 ? "pos" : "neg").append('\n').toString());
                    }
                }
                lc = Lifecycle.inMemory();
                DatasetVersion data = lc.datasets().importCsv("synthetic", csv, Csv.forTarget("label"));
                ModelVersion mv = lc.train("predict-overhead", Trainers.logisticRegression(), data);
                deployment = lc.deploy(mv);
                tribuo = ((TribuoModel) mv.model()).tribuoModel();
            } finally {
                Files.deleteIfExists(csv);
            }

            rows = new Row[ROWS];
            values = new double[ROWS][];
            for (int i = 0; i < ROWS; i++) {
                double[] v = new double[FEATURES];
                Row.Builder b = Row.builder(FEATURES);
                for (int j = 0; j < FEATURES; j++) {
                    v[j] = random.nextGaussian();
                    b.set(names[j], v[j]);
                }
                values[i] = v;
                rows[i] = b.build();
            }
            check();
        }

        /** Both sides must give the same answer, or the comparison is meaningless. */
        private void check() {
            for (int i = 0; i < ROWS; i++) {
                Prediction ours = deployment.predict(rows[i]);
                org.tribuo.Prediction<Label> theirs = tribuo.predict(
                        new ArrayExample<>(LabelFactory.UNKNOWN_LABEL, names, values[i]));
                if (!ours.label().equals(theirs.getOutput().getLabel())
                        || ours.score(ours.label()) != theirs.getOutput().getScore()) {
                    throw new IllegalStateException("Row " + i + ": Lifecycle predicted " + ours
                            + " but Tribuo predicted " + theirs);
                }
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            if (lc != null) {
                lc.close();
            }
        }
    }


    /** Candidate: Lifecycle's serving path. */
    @Benchmark
    public void lifecycle(Fixture f, RowCursor c, Blackhole bh) {
        bh.consume(f.deployment.predict(f.rows[c.advance()]));
    }

    /** Baseline: the same Tribuo model, called the way a hand-written integration would. */
    @Benchmark
    public void tribuo(Fixture f, RowCursor c, Blackhole bh) {
        Example<Label> example = new ArrayExample<>(LabelFactory.UNKNOWN_LABEL, f.names, f.values[c.advance()]);
        bh.consume(f.tribuo.predict(example));
    }

    /** Calls of each side per block of {@link #interleaved}. */
    static final int BLOCK = 64;

    /** Candidate and baseline interleaved in blocks of {@value #BLOCK} calls, timed by a {@link PairTimer}: what the harness runs. */
    @Benchmark
    public void interleaved(Fixture f, RowCursor c, Blackhole bh, PairTimer t) throws Exception {
        t.interleave(BLOCK, () -> lifecycle(f, c, bh), () -> tribuo(f, c, bh));
    }
}
