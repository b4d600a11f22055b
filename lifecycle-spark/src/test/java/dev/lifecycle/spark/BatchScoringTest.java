package dev.lifecycle.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.deployment.Deployment;
import dev.lifecycle.api.model.ModelVersion;
import dev.lifecycle.api.model.Prediction;
import dev.lifecycle.core.Lifecycle;
import dev.lifecycle.core.data.Csv;
import dev.lifecycle.core.data.DatasetProfile;
import dev.lifecycle.core.model.Trainers;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;

/** Batch scoring of a DataFrame gives, row for row, what {@code Deployment.predict} gives in-process. */
@Tag("spark")
@Tag("realdata")
class BatchScoringTest {
    static SparkSession spark;
    static Lifecycle lc;

    @BeforeAll
    static void start() {
        spark = SparkTests.session();
        lc = Lifecycle.inMemory();
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
        if (lc != null) {
            lc.close();
        }
    }

    @Test
    void everyAdultRowGetsTheDeploymentsPredictionAndScores() {
        DatasetVersion adult = lc.datasets().importCsv("adult", SparkTests.require("adult.data"), SparkTests.ADULT);
        ModelVersion model = lc.train("adult-clf", Trainers.logisticRegression().epochs(2).seed(7), adult);
        Deployment deployment = lc.deploy(model);
        Dataset<Row> frame = SparkTests.frame(spark, adult, 7).drop("income");
        List<Row> scored = SparkLifecycle.on(lc).score(model, frame).collectAsList();

        assertThat(scored).hasSize(adult.size());
        for (int r = 0; r < adult.size(); r++) {
            Prediction expected = deployment.predict(adult.row(r).without("income"));
            Row row = scored.get(r);
            assertThat(row.<String>getAs(SparkLifecycle.PREDICTION)).as("row %d", r).isEqualTo(expected.label());
            Map<String, Double> scores = row.getJavaMap(row.fieldIndex(SparkLifecycle.SCORES));
            for (String label : expected.labels()) {
                assertThat(scores.get(label)).as("row %d score of %s", r, label).isEqualTo(expected.score(label));
            }
            assertThat(row.<String>getAs(SparkLifecycle.MODEL_VERSION)).isEqualTo("adult-clf@1");
            assertThat(row.<Double>getAs("age")).isEqualTo(adult.number("age", r));
        }
    }

    @Test
    void regressionScoresAreValuesAndTheLogProfilesLikeAnyFrame() {
        DatasetVersion elec = lc.datasets().importCsv("elec2", SparkTests.require("electricity.csv"),
                Csv.forTarget("nswdemand").type("nswdemand", dev.lifecycle.api.data.FieldType.NUMERIC));
        ModelVersion model = lc.train("demand", Trainers.linearRegression().seed(3), elec);
        Deployment deployment = lc.deploy(model);
        Dataset<Row> log = SparkLifecycle.on(lc).score(model, SparkTests.frame(spark, elec, 3));
        List<Row> rows = log.collectAsList();
        for (int r = 0; r < elec.size(); r += 97) {
            assertThat(rows.get(r).<Double>getAs(SparkLifecycle.PREDICTION))
                    .isEqualTo(deployment.predict(elec.row(r)).value());
            assertThat(rows.get(r).isNullAt(rows.get(r).fieldIndex(SparkLifecycle.SCORES))).isTrue();
        }
        DatasetProfile profile = SparkLifecycle.on(lc).profile(log.drop(SparkLifecycle.SCORES));
        assertThat(profile.numeric(SparkLifecycle.PREDICTION).count()).isEqualTo(elec.size());
        assertThat(profile.categorical(SparkLifecycle.MODEL_VERSION).counts()).containsOnlyKeys("demand@1");
    }

    @Test
    void aFrameWithoutAnInputFailsNamingIt() {
        DatasetVersion adult = lc.datasets().importCsv("adult", SparkTests.require("adult.data"), SparkTests.ADULT);
        ModelVersion model = lc.models().latest("adult-clf").orElseGet(() ->
                lc.train("adult-clf", Trainers.logisticRegression().epochs(1).seed(7), adult));
        Dataset<Row> frame = SparkTests.frame(spark, adult, 2).drop("education");
        assertThatThrownBy(() -> SparkLifecycle.on(lc).score(model, frame))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'education'")
                .hasMessageContaining(model.id());
    }
}
