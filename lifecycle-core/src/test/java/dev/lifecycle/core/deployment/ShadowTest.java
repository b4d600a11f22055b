package dev.lifecycle.core.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.deployment.Deployment;
import dev.lifecycle.api.deployment.DeploymentMetrics;
import dev.lifecycle.api.deployment.LoggedPrediction;
import dev.lifecycle.api.model.ModelVersion;
import dev.lifecycle.api.model.Prediction;
import dev.lifecycle.core.Lifecycle;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Shadow traffic: never returned, logged, bounded, and dropped (and counted) when the queue is full. */
class ShadowTest {

    @Test
    void aSlowShadowIsDroppedAndCountedAndNeverAnswers() {
        try (Lifecycle lc = Lifecycle.inMemory()) {
            ModelVersion primary = Fixtures.train(lc, 1);
            ModelVersion slow = Fixtures.wrap(primary, 7, Fixtures.sleeping(primary.model(), 5));
            List<Row> rows = Fixtures.inputs(Fixtures.labelled(3, 300));
            Deployment dep = lc.deploy(Fixtures.MODEL, Rollout.version(primary).shadow(slow).shadowQueue(4)
                    .logPredictions());
            long start = System.nanoTime();
            for (Row r : rows) {
                Prediction p = dep.predict(r);
                assertThat(p.version()).as("the caller only ever sees the primary").isEqualTo(primary.version());
            }
            long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
            assertThat(elapsedMillis).as("300 predictions must not wait for a 5 ms shadow").isLessThan(1000);
            dep.close();
            DeploymentMetrics m = dep.metrics();
            long shadowMade = m.arms().get("shadow").predictions();
            assertThat(m.shadowDropped()).as("dropped shadow calls").isPositive();
            assertThat(shadowMade + m.shadowDropped()).isEqualTo(rows.size());
            assertThat(m.predictions()).isEqualTo(rows.size());
            List<LoggedPrediction> log = PredictionLogs.read(lc.store(), Fixtures.MODEL);
            assertThat(log.stream().filter(LoggedPrediction::shadow).count()).isEqualTo(shadowMade);
            assertThat(log.stream().filter(e -> !e.shadow()).count()).isEqualTo(rows.size());
            assertThat(log).filteredOn(LoggedPrediction::shadow).allSatisfy(e -> assertThat(e.version()).isEqualTo(7));
        }
    }
}
