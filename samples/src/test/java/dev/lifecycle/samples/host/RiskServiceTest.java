package dev.lifecycle.samples.host;

import static dev.lifecycle.testkit.assertions.LifecycleAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.data.Field;
import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.data.Schema;
import dev.lifecycle.core.Lifecycle;
import dev.lifecycle.core.data.SeaStream;
import dev.lifecycle.testkit.LifecycleTest;
import dev.lifecycle.testkit.TestClock;
import dev.lifecycle.testkit.behaviour.Behaviour;
import dev.lifecycle.testkit.behaviour.GoldenPredictions;
import dev.lifecycle.testkit.generators.GeneratedData;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;

/**
 * How a team tests a service that embeds a model: a fresh Lifecycle per test, fluent assertions
 * on data and metrics, behavioural expectations, and golden predictions that catch a retrain that
 * changes answers.
 */
@LifecycleTest
@Tag("fast")
class RiskServiceTest {
    static final Schema SCHEMA = new Schema(List.of(Field.numeric("x1"), Field.numeric("x2"), Field.numeric("x3"),
            Field.categorical("label", List.of("0", "1"))), "label");

    static DatasetVersion history(Lifecycle lc, long seed) {
        return new GeneratedData(SCHEMA, new SeaStream(seed, 100_000, 0.02, 8.0).next(3_000)).importInto(lc, "risk");
    }

    @Test
    void theTrainingDataIsWhatTheServiceExpects(Lifecycle lc) {
        DatasetVersion data = history(lc, 1);
        assertThat(data).hasRows(3_000).conformsTo(SCHEMA).hasNoMissing("x1").hasClassShareBetween("1", 0.25, 0.45);
    }

    @Test
    void servesAModelThatIsGoodEnough(Lifecycle lc) {
        try (RiskService service = RiskService.start(lc, history(lc, 1), 0.9)) {
            assertThat(service.evaluation()).hasAccuracyAtLeast(0.9).hasF1AtLeast("1", 0.85);
            assertThat(service.deployment()).serves(lc.models().alias(RiskService.MODEL, "champion").orElseThrow());
            org.assertj.core.api.Assertions.assertThat(service.isRisky(1, 1, 5)).isTrue();
            org.assertj.core.api.Assertions.assertThat(service.isRisky(9, 9, 5)).isFalse();
        }
    }

    @Test
    void refusesToServeAModelBelowTheBar(Lifecycle lc) {
        assertThatThrownBy(() -> RiskService.start(lc, history(lc, 1), 0.999))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("below the required 0.999");
    }

    @Test
    void behavesSensibly(Lifecycle lc) {
        try (RiskService service = RiskService.start(lc, history(lc, 2), 0.9)) {
            var model = service.deployment().current().model();
            List<Row> rows = new SeaStream(3, 100_000, 0, 8).next(500).stream().map(r -> r.without("label")).toList();
            assertThat(Behaviour.invariance(model, rows, "x3 (irrelevant) changed by 1",
                    r -> r.with("x3", r.number(r.indexOf("x3")) + 1))).hasFailureRateAtMost(0.02);
            assertThat(Behaviour.directional(model, rows, "x1 + 1", r -> r.with("x1", r.number(r.indexOf("x1")) + 1),
                    "1", Behaviour.Direction.NOT_INCREASING, 1e-12)).passes();
            assertThat(Behaviour.minimumFunctionality(model, "clear cases", Map.of(
                    Row.of("x1", 0.5, "x2", 0.5, "x3", 3.0), "1",
                    Row.of("x1", 9.5, "x2", 9.5, "x3", 3.0), "0"))).passes();
        }
    }

    @Test
    void aRetrainDoesNotSilentlyChangeAnswers(Lifecycle lc) {
        try (RiskService service = RiskService.start(lc, history(lc, 4), 0.9)) {
            DatasetVersion probe = new GeneratedData(SCHEMA, new SeaStream(5, 100_000, 0, 8).next(300))
                    .importInto(lc, "probe");
            GoldenPredictions.verify(service.deployment().current().model(), probe,
                    Path.of("src/test/resources/golden/risk-model.tsv"), 0.0, 1e-9);
        }
    }

    @Test
    void recordsWhoPromotedTheModelAndWhen(Lifecycle lc, TestClock clock) {
        clock.advance(Duration.ofDays(3));
        try (RiskService service = RiskService.start(lc, history(lc, 1), 0.9)) {
            var move = lc.models().aliasHistory(RiskService.MODEL, "champion").get(0);
            org.assertj.core.api.Assertions.assertThat(move.time()).isEqualTo(TestClock.EPOCH.plus(Duration.ofDays(3)));
            org.assertj.core.api.Assertions.assertThat(move.actor()).isEqualTo("test");
            org.assertj.core.api.Assertions.assertThat(move.reason()).startsWith("accuracy 0.9");
        }
    }
}
