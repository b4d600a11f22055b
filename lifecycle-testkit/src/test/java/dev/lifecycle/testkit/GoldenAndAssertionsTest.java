package dev.lifecycle.testkit;

import static dev.lifecycle.testkit.assertions.LifecycleAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.data.Field;
import dev.lifecycle.api.data.Schema;
import dev.lifecycle.api.deployment.Deployment;
import dev.lifecycle.api.deployment.RoutingPolicy;
import dev.lifecycle.api.evaluation.Evaluation;
import dev.lifecycle.api.model.ModelVersion;
import dev.lifecycle.core.Lifecycle;
import dev.lifecycle.core.data.SeaStream;
import dev.lifecycle.core.model.Trainers;
import dev.lifecycle.testkit.behaviour.GoldenPredictions;
import dev.lifecycle.testkit.generators.GeneratedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Tag;

@LifecycleTest
@Tag("fast")
class GoldenAndAssertionsTest {
    private static final Schema SEA = new Schema(List.of(Field.numeric("x1"), Field.numeric("x2"),
            Field.numeric("x3"), Field.categorical("label", List.of("0", "1"))), "label");

    private static DatasetVersion sea(Lifecycle lc, long seed) {
        return new GeneratedData(SEA, new SeaStream(seed, 10_000, 0.0, 8.0).next(1_000)).importInto(lc, "sea");
    }

    @Test
    void goldenPredictionsPassForTheSameModelAndFailForAnotherOne(Lifecycle lc, @TempDir Path dir) throws Exception {
        DatasetVersion data = sea(lc, 1);
        ModelVersion a = lc.train("m", Trainers.logisticRegression().epochs(5).seed(1), data);
        Path snapshot = dir.resolve("golden/m.tsv");
        GoldenPredictions.verify(a.model(), data, snapshot, 0.0, 1e-12);
        org.assertj.core.api.Assertions.assertThat(snapshot).exists();
        org.assertj.core.api.Assertions.assertThat(Files.readAllLines(snapshot)).hasSize(data.size());
        GoldenPredictions.verify(a.model(), data, snapshot, 0.0, 1e-12);

        ModelVersion b = lc.train("m", Trainers.cart().maxDepth(2).seed(1), data);
        assertThatThrownBy(() -> GoldenPredictions.verify(b.model(), data, snapshot, 0.01, 1e-12))
                .isInstanceOf(AssertionError.class).hasMessageContaining("labels changed")
                .hasMessageContaining("row ");
    }

    @Test
    void assertionsPassOnGoodEvidenceAndShowItWhenTheyFail(Lifecycle lc) {
        DatasetVersion data = sea(lc, 2);
        assertThat(data).hasRows(1_000).conformsTo(SEA).hasNoMissing("x1").hasClassShareBetween("1", 0.2, 0.5);
        assertThatThrownBy(() -> assertThat(data).hasRows(5)).hasMessageContaining("has 1000");
        assertThatThrownBy(() -> assertThat(data).hasClassShareBetween("1", 0.9, 1.0))
                .hasMessageContaining("class counts {0=");
        assertThatThrownBy(() -> assertThat(data).conformsTo(new Schema(List.of(Field.categorical("x1", List.of("a"))),
                null))).hasMessageContaining("column 'x1' is NUMERIC, expected CATEGORICAL")
                .hasMessageContaining("column 'x2' is not in the expected schema");

        ModelVersion m = lc.train("m", Trainers.logisticRegression().epochs(10).seed(1), data);
        Evaluation ev = lc.evaluate(m, data);
        assertThat(ev).hasAccuracyAtLeast(0.85).hasF1AtLeast("1", 0.7).isNoWorseThan(ev, "accuracy", 0.0);
        assertThatThrownBy(() -> assertThat(ev).hasAccuracyAtLeast(0.999)).hasMessageContaining("all metrics");
        assertThatThrownBy(() -> assertThat(ev).hasMetricAtLeast("no-such-metric", 0))
                .hasMessageContaining("has no metric 'no-such-metric'");

        assertThat(m.model()).hasInputs("x1", "x2", "x3").hasLabels("0", "1");
        try (Deployment dep = lc.deploy(m)) {
            for (int i = 0; i < 10; i++) {
                dep.predict(data.row(i));
            }
            assertThat(dep).serves(m).servedPredictionsWithVersion(1, 10).routedToArm("primary", 1.0, 0.0);
            assertThatThrownBy(() -> assertThat(dep).routedToArm("canary", 0.1, 0.01))
                    .hasMessageContaining("it served 0.0000 (0 of 10)");
            assertThatThrownBy(() -> assertThat(dep).servesVersion(9)).hasMessageContaining("m@1");
        }
        List<dev.lifecycle.api.data.Row> rows = new SeaStream(3, 10, 0, 8).next(100);
        assertThat(RoutingPolicy.single()).splits(rows, 0.0, 1.0);
    }
}
