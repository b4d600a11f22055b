package dev.lifecycle.benchmarks;

import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.model.ModelVersion;
import dev.lifecycle.core.Lifecycle;
import dev.lifecycle.core.data.Csv;
import dev.lifecycle.core.data.RowSource;
import dev.lifecycle.core.model.Trainers;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.logging.Level;
import java.util.logging.Logger;

/** A logistic regression on 20 numeric features and 1024 pre-built rows, shared by the deployment benchmarks. */
final class DeployFixture {
    static final int FEATURES = 20;
    static final int ROWS = 1024;
    static final int MASK = ROWS - 1;
    private static final Logger TRIBUO = Logger.getLogger("org.tribuo");

    final Lifecycle lc;
    final ModelVersion model;
    final String[] names = new String[FEATURES];
    final Row[] rows = new Row[ROWS];
    final double[][] values = new double[ROWS][];

    DeployFixture() {
        TRIBUO.setLevel(Level.WARNING);
        SplittableRandom random = new SplittableRandom(42);
        List<String> columns = new ArrayList<>();
        for (int j = 0; j < FEATURES; j++) {
            names[j] = String.format(Locale.ROOT, "f%02d", j);
            columns.add(names[j]);
        }
        columns.add("label");
        double[] weights = new double[FEATURES];
        for (int j = 0; j < FEATURES; j++) {
            weights[j] = random.nextDouble(-1, 1);
        }
        List<Row> train = new ArrayList<>();
        for (int i = 0; i < 4000; i++) {
            Row.Builder b = Row.builder(FEATURES + 1);
            double z = random.nextGaussian() * 0.5;
            for (int j = 0; j < FEATURES; j++) {
                double x = random.nextGaussian();
                z += weights[j] * x;
                b.set(names[j], x);
            }
            train.add(b.set("label", z >= 0 ? "pos" : "neg").build());
        }
        lc = Lifecycle.inMemory();
        DatasetVersion data = lc.datasets().importFrom("synthetic", RowSource.of("synthetic", columns, train),
                Csv.forTarget("label"));
        model = lc.train("bench", Trainers.logisticRegression(), data);
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
    }
}
