package dev.lifecycle.spark;

import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.model.Model;
import dev.lifecycle.api.model.ModelVersion;
import dev.lifecycle.core.Lifecycle;
import dev.lifecycle.core.data.Csv;
import dev.lifecycle.core.data.RowSource;
import dev.lifecycle.core.model.Trainers;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.SparkSession;

/**
 * The {@code spark-scoring} benchmark (run it with {@code benchmarks/run-spark [ROWS]}): scores ROWS
 * (default 5,000,000) generated rows of 20 numeric features with a logistic regression, once with
 * {@link SparkLifecycle#score} in local[2] and once single-threaded in-process with
 * {@code Model.predictAll} in batches of 4096, each after a warm-up run of a tenth of the rows. Prints
 * the Spark start-up time, both throughputs and {@code RATIO spark-scoring <spark / in-process>}.
 * Not a unit test: a timed main, because a Spark job cannot run inside JMH's forks sensibly.
 */
public final class SparkScoringBench {
    private static final int FEATURES = 20;
    private static final int BATCH = 4096;
    private static final java.util.logging.Logger TRIBUO_LOG = java.util.logging.Logger.getLogger("org.tribuo");

    private SparkScoringBench() {
    }

    /** @param args the number of rows to score (default 5,000,000) */
    public static void main(String[] args) {
        long rows = args.length > 0 ? Long.parseLong(args[0]) : 5_000_000L;
        TRIBUO_LOG.setLevel(java.util.logging.Level.WARNING);
        try (Lifecycle lc = Lifecycle.inMemory()) {
            ModelVersion model = lc.train("bench", Trainers.logisticRegression().epochs(1).seed(1),
                    lc.datasets().importFrom("bench", RowSource.of("generated", columns(), training(20_000)),
                            Csv.forTarget("y")));

            inProcess(model.model(), rows / 10);
            long t0 = System.nanoTime();
            inProcess(model.model(), rows);
            double local = rows / ((System.nanoTime() - t0) / 1e9);

            long s0 = System.nanoTime();
            SparkSession spark = SparkSession.builder().appName("spark-scoring").master("local[2]")
                    .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
                    .config("spark.ui.enabled", "false").getOrCreate();
            spark.range(1).count();
            double startup = (System.nanoTime() - s0) / 1e9;
            try {
                SparkLifecycle onSpark = SparkLifecycle.on(lc);
                onSpark(spark, onSpark, model, rows / 10);
                long t1 = System.nanoTime();
                onSpark(spark, onSpark, model, rows);
                double distributed = rows / ((System.nanoTime() - t1) / 1e9);
                System.out.printf("spark start-up (session + first job): %.1f s%n", startup);
                System.out.printf("in-process, 1 thread, predictAll x %d: %.0f rows/s%n", BATCH, local);
                System.out.printf("spark local[2], SparkLifecycle.score: %.0f rows/s%n", distributed);
                System.out.printf("RATIO spark-scoring %.3f%n", distributed / local);
            } finally {
                spark.stop();
            }
        }
    }

    private static List<String> columns() {
        List<String> c = new ArrayList<>();
        for (int i = 0; i < FEATURES; i++) {
            c.add("x" + i);
        }
        c.add("y");
        return c;
    }

    private static List<Row> training(int n) {
        SplittableRandom rnd = new SplittableRandom(7);
        List<Row> out = new ArrayList<>(n);
        for (int r = 0; r < n; r++) {
            Row.Builder b = Row.builder(FEATURES + 1);
            double sum = 0;
            for (int i = 0; i < FEATURES; i++) {
                double x = rnd.nextDouble();
                sum += (i % 2 == 0 ? x : -x);
                b.set("x" + i, x);
            }
            b.set("y", sum + 0.3 * rnd.nextGaussian() > 0 ? "1" : "0");
            out.add(b.build());
        }
        return out;
    }

    /** Generates the rows as it goes (as Spark does) and predicts them in batches on this thread. */
    private static void inProcess(Model model, long rows) {
        SplittableRandom rnd = new SplittableRandom(11);
        String[] names = columns().subList(0, FEATURES).toArray(new String[0]);
        List<Row> batch = new ArrayList<>(BATCH);
        long positive = 0;
        for (long r = 0; r < rows; r++) {
            Row.Builder b = Row.builder(FEATURES);
            for (int i = 0; i < FEATURES; i++) {
                b.set(names[i], rnd.nextDouble());
            }
            batch.add(b.build());
            if (batch.size() == BATCH || r == rows - 1) {
                for (var p : model.predictAll(batch)) {
                    positive += "1".equals(p.label()) ? 1 : 0;
                }
                batch.clear();
            }
        }
        if (positive < 0) {
            throw new AssertionError();
        }
    }

    private static void onSpark(SparkSession spark, SparkLifecycle onSpark, ModelVersion model, long rows) {
        StringBuilder select = new StringBuilder();
        for (int i = 0; i < FEATURES; i++) {
            select.append(i == 0 ? "" : ",").append("cast(rand(").append(i).append(") as double) as x").append(i);
        }
        Dataset<org.apache.spark.sql.Row> frame = spark.range(0, rows, 1, 2).selectExpr(select.toString().split(","));
        onSpark.score(model, frame).write().format("noop").mode("overwrite").save();
    }
}
