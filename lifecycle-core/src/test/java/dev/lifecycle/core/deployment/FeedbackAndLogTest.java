package dev.lifecycle.core.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.deployment.Deployment;
import dev.lifecycle.api.deployment.DeploymentMetrics;
import dev.lifecycle.api.deployment.FeedbackOutcome;
import dev.lifecycle.api.deployment.LoggedPrediction;
import dev.lifecycle.api.model.ModelVersion;
import dev.lifecycle.api.model.Prediction;
import dev.lifecycle.core.Lifecycle;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;

/** Feedback join (joined, late, unknown), live accuracy, the prediction log, cache and input monitoring. */
@Tag("fast")
class FeedbackAndLogTest {

    @Test
    void feedbackJoinsPredictionsAndCountsLateAndUnknownIds() {
        try (Lifecycle lc = Lifecycle.inMemory()) {
            ModelVersion m = Fixtures.train(lc, 1);
            Deployment dep = lc.deploy(Fixtures.MODEL, Rollout.version(m).feedbackWindow(64).logPredictions()
                    .monitorInputs());
            List<Row> labelled = Fixtures.labelled(8, 200);
            List<Prediction> made = new ArrayList<>();
            for (Row r : labelled) {
                made.add(dep.predict(r.without("label")));
            }
            assertThat(dep.feedback(made.get(0).id(), "1")).as("evicted from a 64-entry window")
                    .isEqualTo(FeedbackOutcome.LATE);
            int correct = 0;
            for (int i = 150; i < 200; i++) {
                String truth = (String) labelled.get(i).get("label");
                correct += truth.equals(made.get(i).label()) ? 1 : 0;
                assertThat(dep.feedback(made.get(i).id(), truth)).isEqualTo(FeedbackOutcome.JOINED);
            }
            assertThat(dep.feedback(made.get(199).id(), "1")).as("second label for one prediction")
                    .isEqualTo(FeedbackOutcome.LATE);
            assertThat(dep.feedback(42, "1")).isEqualTo(FeedbackOutcome.UNKNOWN);

            DeploymentMetrics metrics = dep.metrics();
            assertThat(metrics.feedbackJoined()).isEqualTo(50);
            assertThat(metrics.feedbackLate()).isEqualTo(2);
            assertThat(metrics.feedbackUnknown()).isEqualTo(1);
            assertThat(metrics.arms().get("primary").labelled()).isEqualTo(50);
            assertThat(metrics.arms().get("primary").correct()).isEqualTo(correct);
            assertThat(metrics.versions().get(1).correct()).isEqualTo(correct);
            assertThat(metrics.latencyP99Nanos()).isPositive();
            assertThat(metrics.features()).hasSize(3).allSatisfy(f -> {
                assertThat(f.count()).isEqualTo(200);
                assertThat(f.min()).isBetween(0.0, f.mean());
                assertThat(f.max()).isBetween(f.mean(), 10.0);
            });

            dep.flush();
            List<LoggedPrediction> log = PredictionLogs.read(lc.store(), Fixtures.MODEL);
            assertThat(log).hasSize(200);
            assertThat(log).extracting(LoggedPrediction::id).containsExactlyElementsOf(
                    made.stream().map(Prediction::id).toList());
            LoggedPrediction first = log.get(0);
            assertThat(first.input()).containsEntry("x1", labelled.get(0).get("x1"));
            assertThat(first.label()).isEqualTo(made.get(0).label());
            assertThat(first.version()).isEqualTo(1);
            assertThat(first.arm()).isEqualTo("primary");
            assertThat(first.latencyNanos()).isPositive();
            assertThat(dep.metrics().logged()).isEqualTo(200);
        }
    }

    @Test
    void hashedLogsKeepNoInputValues() {
        try (Lifecycle lc = Lifecycle.inMemory()) {
            ModelVersion m = Fixtures.train(lc, 1);
            Row row = Row.of("x1", 1.0, "x2", 2.0, "x3", 3.0);
            try (Deployment dep = lc.deploy(Fixtures.MODEL, Rollout.version(m)
                    .logPredictions(PredictionLogOptions.defaults().hashInputs().blockWhenFull().capacity(4)))) {
                for (int i = 0; i < 20; i++) {
                    dep.predict(row);
                }
            }
            List<LoggedPrediction> log = PredictionLogs.read(lc.store(), Fixtures.MODEL);
            assertThat(log).hasSize(20).allSatisfy(e -> {
                assertThat(e.input()).isNull();
                assertThat(e.inputHash()).isEqualTo(log.get(0).inputHash()).hasSize(16);
            });
        }
    }

    @Test
    void theCacheAnswersRepeatedInputsWithFreshIds() {
        try (Lifecycle lc = Lifecycle.inMemory()) {
            ModelVersion m = Fixtures.train(lc, 1);
            Deployment dep = lc.deploy(Fixtures.MODEL, Rollout.version(m).cache(100));
            Prediction a = dep.predict(Row.of("x1", 1.0, "x2", 2.0, "x3", 3.0));
            Prediction b = dep.predict(Row.of("x1", 1.0, "x2", 2.0, "x3", 3.0));
            assertThat(b.id()).isNotEqualTo(a.id());
            assertThat(b.scores()).containsExactly(a.scores());
            assertThat(dep.metrics().cacheHits()).isEqualTo(1);
        }
    }
}
