package dev.lifecycle.samples;

import dev.lifecycle.api.data.ValidationReport;
import dev.lifecycle.api.evaluation.Evaluation;
import dev.lifecycle.api.model.ModelVersion;
import dev.lifecycle.core.Lifecycle;
import dev.lifecycle.core.data.Csv;
import dev.lifecycle.core.data.DatasetProfile;
import dev.lifecycle.core.data.Expectation;
import dev.lifecycle.core.data.RowSource;
import dev.lifecycle.core.data.SeaStream;
import dev.lifecycle.core.data.Skew;
import dev.lifecycle.core.evaluation.EvaluationOptions;
import dev.lifecycle.core.evaluation.Slices;
import dev.lifecycle.core.model.Trainers;
import dev.lifecycle.spark.SparkLifecycle;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * When one machine is not enough: a model trained in-process on 20,000 SEA rows, then a million
 * generated production rows in a Spark DataFrame are profiled, checked for drift against the training
 * rows, validated, evaluated by slice and scored, all with the core's own statistics. Runs Spark in
 * {@code local[2]} bound to 127.0.0.1.
 *
 * <p>Usage: {@code samples/run ScaleOutOnSpark [ROWS]}. Spark is a provided dependency of the samples:
 * {@code samples/run} puts it on the classpath for this sample only.
 */
public final class ScaleOutOnSpark {
    private ScaleOutOnSpark() {
    }

    /** @param args the number of production rows (default 1,000,000) */
    public static void main(String[] args) {
        List<String> positional;
        try {
            positional = SampleArgs.positional("ScaleOutOnSpark", "samples/run ScaleOutOnSpark [rows]", args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        long rows = positional.isEmpty() ? 1_000_000L : Long.parseLong(positional.get(0));
        java.util.logging.Logger tribuo = java.util.logging.Logger.getLogger("org.tribuo");
        tribuo.setLevel(java.util.logging.Level.WARNING);
        SparkSession spark = SparkSession.builder().appName("lifecycle-scale-out").master("local[2]")
                .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.ui.enabled", "false").getOrCreate();
        spark.sparkContext().setLogLevel("ERROR");
        try (Lifecycle lc = Lifecycle.inMemory()) {
            var training = lc.datasets().importFrom("sea", RowSource.of("sea-stream", SeaStream.COLUMNS,
                    new SeaStream(7, 20_000, 0.1, 8.0).next(20_000)), Csv.forTarget("label"));
            ModelVersion model = lc.train("sea-clf", Trainers.logisticRegression().seed(7), training);
            lc.datasets().pinSchema("sea", training.schema());
            SparkLifecycle onSpark = SparkLifecycle.on(lc);

            // production rows: x3 has drifted upwards; the label follows the same concept (x1 + x2 <= 8)
            Dataset<Row> production = spark.range(0, rows, 1, 8).selectExpr(
                    "cast(rand(1) * 10 as double) as x1", "cast(rand(2) * 10 as double) as x2",
                    "cast(3 + rand(3) * 7 as double) as x3")
                    .selectExpr("*", "case when x1 + x2 <= 8 then '1' else '0' end as label").cache();

            DatasetProfile profile = onSpark.profile(production);
            System.out.printf(Locale.ROOT, "profile: %d rows; x3 mean %.3f, median ~%.3f (rank error %.3f)%n",
                    profile.rows(), profile.numeric("x3").mean(), profile.numeric("x3").quantile(0.5),
                    profile.numeric("x3").rankError());

            List<Skew.FeatureSkew> drift = Skew.compare(lc.datasets().profile(training), profile);
            drift.forEach(d -> System.out.printf(Locale.ROOT, "drift %-6s %s %.3f%s%n", d.column(), d.measure(),
                    d.distance(), d.skewed() ? "  <- drifted" : ""));

            ValidationReport check = onSpark.validate(production, "sea",
                    () -> List.of(Expectation.range("x3", 0, 9.5)));
            check.failures().forEach(f -> System.out.println("validation: " + f.expectation() + ": "
                    + f.failingRows() + " rows, e.g. rows " + f.examples()));

            Evaluation ev = onSpark.evaluate(model, production, "production",
                    () -> EvaluationOptions.defaults().slices(Slices.bins("x3", 5, 8)));
            System.out.printf(Locale.ROOT, "accuracy on %d production rows: %.4f%n", ev.rows(), ev.accuracy());
            ev.slices().forEach(s -> System.out.printf(Locale.ROOT, "  slice %-16s %8d rows accuracy %.4f%n",
                    s.name(), s.rows(), s.metrics().getOrDefault("accuracy", Double.NaN)));

            Dataset<Row> scored = onSpark.score(model, production.drop("label"));
            System.out.println("prediction log sample:");
            scored.show(3, false);
        } finally {
            spark.stop();
        }
    }
}
