package dev.lifecycle.benchmarks;

import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.deployment.Deployment;
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

/**
 * The XGBoost benchmarks' model: 100 rounds of trees of depth 6 on 20 numeric features (8,000 synthetic rows
 * with a non-linear target by default), deployed, and {@link DeployFixture#ROWS} pre-built rows to predict.
 * Tribuo trains a two-class label as a softmax booster, one tree per class per round: 200 trees to walk.
 */
final class XgbFixture {
    static final int FEATURES = 20;
    private static final Logger TRIBUO = Logger.getLogger("org.tribuo");

    final Lifecycle lc;
    final DatasetVersion data;
    final ModelVersion model;
    final Deployment deployment;
    final Row[] rows = new Row[DeployFixture.ROWS];
    final float[][] values = new float[DeployFixture.ROWS][];

    XgbFixture(boolean trainModel) {
        this(trainModel, 8000);
    }

    /** @param trainRows how many training rows to generate */
    XgbFixture(boolean trainModel, int trainRows) {
        TRIBUO.setLevel(Level.WARNING);
        SplittableRandom random = new SplittableRandom(42);
        String[] names = new String[FEATURES];
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
        for (int i = 0; i < trainRows; i++) {
            Row.Builder b = Row.builder(FEATURES + 1);
            double z = random.nextGaussian() * 0.5;
            for (int j = 0; j < FEATURES; j++) {
                double x = random.nextGaussian();
                z += weights[j] * (j % 3 == 0 ? x * x - 1 : j % 3 == 1 ? Math.sin(2 * x) : x);
                b.set(names[j], x);
            }
            train.add(b.set("label", z >= 0 ? "pos" : "neg").build());
        }
        lc = Lifecycle.inMemory();
        data = lc.datasets().importFrom("synthetic", RowSource.of("synthetic", columns, train), Csv.forTarget("label"));
        model = trainModel ? lc.train("xgb", Trainers.xgboost().trees(100).maxDepth(6).seed(1), data) : null;
        deployment = trainModel ? lc.deploy(model) : null;
        for (int i = 0; i < DeployFixture.ROWS; i++) {
            float[] v = new float[FEATURES];
            Row.Builder b = Row.builder(FEATURES);
            for (int j = 0; j < FEATURES; j++) {
                double x = random.nextGaussian();
                v[j] = (float) x;
                b.set(names[j], x);
            }
            values[i] = v;
            rows[i] = b.build();
        }
    }
}
