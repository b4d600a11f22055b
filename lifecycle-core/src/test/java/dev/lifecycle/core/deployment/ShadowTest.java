package dev.lifecycle.core.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.deployment.Deployment;
import dev.lifecycle.api.deployment.DeploymentMetrics;
import dev.lifecycle.api.deployment.LoggedPrediction;
import dev.lifecycle.api.model.Model;
import dev.lifecycle.api.model.ModelVersion;
import dev.lifecycle.api.model.Prediction;
import dev.lifecycle.api.model.Signature;
import dev.lifecycle.core.Lifecycle;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Tag;

/**
 * Shadow traffic: never returned, logged, bounded, and dropped (and counted) when the queue is full. A
 * shadow held by a latch shows that predict never waits for it, without timing anything.
 */
@Tag("fast")
class ShadowTest {

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aStuckShadowIsDroppedAndCountedAndNeverAnswers() throws InterruptedException {
        try (Lifecycle lc = Lifecycle.inMemory()) {
            ModelVersion primary = Fixtures.train(lc, 1);
            CountDownLatch entered = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            ModelVersion stuck = Fixtures.wrap(primary, 7, new Blocking(primary.model(), entered, release));
            List<Row> rows = Fixtures.inputs(Fixtures.labelled(3, 300));
            int queue = 4;
            Deployment dep = lc.deploy(Fixtures.MODEL, Rollout.version(primary).shadow(stuck).shadowQueue(queue)
                    .logPredictions());
            ((Blocking) stuck.model()).armed = true; // warm-up at deploy went through; from now on calls block
            dep.predict(rows.get(0));
            assertThat(entered.await(30, TimeUnit.SECONDS)).as("the shadow thread took the first call").isTrue();
            // the shadow is now stuck until released: had predict waited for it, this loop would never end
            for (Row r : rows.subList(1, rows.size())) {
                Prediction p = dep.predict(r);
                assertThat(p.version()).as("the caller only ever sees the primary").isEqualTo(primary.version());
            }
            DeploymentMetrics stuckMetrics = dep.metrics();
            assertThat(stuckMetrics.predictions()).isEqualTo(rows.size());
            assertThat(stuckMetrics.shadowDropped()).as("one call running, %d queued, the rest dropped", queue)
                    .isEqualTo(rows.size() - 1 - queue);
            release.countDown();
            dep.close();
            DeploymentMetrics m = dep.metrics();
            long shadowMade = m.arms().get("shadow").predictions();
            assertThat(shadowMade).isEqualTo(1 + queue);
            assertThat(shadowMade + m.shadowDropped()).isEqualTo(rows.size());
            List<LoggedPrediction> log = PredictionLogs.read(lc.store(), Fixtures.MODEL);
            assertThat(log.stream().filter(LoggedPrediction::shadow).count()).isEqualTo(shadowMade);
            assertThat(log.stream().filter(e -> !e.shadow()).count()).isEqualTo(rows.size());
            assertThat(log).filteredOn(LoggedPrediction::shadow).allSatisfy(e -> assertThat(e.version()).isEqualTo(7));
        }
    }

    /** A model whose first call signals {@code entered} and every call waits for {@code release}. */
    private static final class Blocking implements Model {
        private final Model base;
        private final CountDownLatch entered;
        private final CountDownLatch release;
        volatile boolean armed;

        Blocking(Model base, CountDownLatch entered, CountDownLatch release) {
            this.base = base;
            this.entered = entered;
            this.release = release;
        }

        @Override
        public Prediction predict(Row row) {
            if (!armed) {
                return base.predict(row);
            }
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return base.predict(row);
        }

        @Override
        public Signature signature() {
            return base.signature();
        }

        @Override
        public boolean producesProbabilities() {
            return base.producesProbabilities();
        }
    }
}
