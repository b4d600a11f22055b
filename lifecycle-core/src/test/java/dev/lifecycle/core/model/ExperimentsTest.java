package dev.lifecycle.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.model.MetricPoint;
import dev.lifecycle.api.model.Model;
import dev.lifecycle.api.model.ModelVersion;
import dev.lifecycle.api.model.Run;
import dev.lifecycle.api.model.RunStatus;
import dev.lifecycle.api.model.Trainer;
import dev.lifecycle.core.Lifecycle;
import dev.lifecycle.core.internal.Context;
import dev.lifecycle.core.store.FileStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Tag;

@Tag("fast")
class ExperimentsTest {

    @Test
    void metricCurvesSpanSegmentsAndAreDurableAfterFlush(@TempDir Path home) {
        try (FileStore store = FileStore.open(home)) {
            Experiments runs = new Experiments(new Context(store, Clock.systemUTC(), "t"), 1000);
            ActiveRun run = runs.start("curves");
            for (int i = 0; i < 2500; i++) {
                run.log("loss", 1.0 / (i + 1));
                if (i % 100 == 0) {
                    run.log("val.loss", 2.0 / (i + 1), i);
                }
            }
            run.tag("owner", "me");
            run.flush();
            // the process "dies" here: the run is never finished
            Experiments reopened = new Experiments(new Context(store, Clock.systemUTC(), "t"));
            List<MetricPoint> loss = reopened.metric(run.id(), "loss");
            assertThat(loss).hasSize(2500);
            assertThat(loss).extracting(MetricPoint::step).isSorted().startsWith(0L, 1L).endsWith(2499L);
            assertThat(loss.get(9).value()).isEqualTo(0.1);
            assertThat(reopened.metric(run.id(), "val.loss")).hasSize(25).extracting(MetricPoint::step)
                    .startsWith(0L, 100L);
            assertThat(reopened.metricKeys(run.id())).containsExactlyInAnyOrder("loss", "val.loss");
            Run record = reopened.get(run.id());
            assertThat(record.status()).isEqualTo(RunStatus.RUNNING);
            assertThat(record.tags()).containsEntry("owner", "me");
            assertThat(record.metric("loss").getAsDouble()).isEqualTo(1.0 / 2500);
            assertThat(record.environment()).containsKeys("java.version", "os", "tribuo.version", "lifecycle.version");
            assertThat(store.journal("runs/" + run.id() + "/metrics")).hasSizeGreaterThanOrEqualTo(3);
        }
    }

    @Test
    void findsRunsByNameTagAndMetricAndNeverPicksAFailedRunAsBest() {
        try (Lifecycle lc = Lifecycle.inMemory()) {
            Experiments runs = lc.runs();
            for (double acc : new double[] {0.71, 0.93, 0.88}) {
                try (ActiveRun r = runs.start("churn")) {
                    r.tag("team", acc > 0.8 ? "a" : "b").log("accuracy", acc);
                }
            }
            ActiveRun broken = runs.start("churn");
            broken.log("accuracy", 0.99);
            broken.fail(new IllegalStateException("diverged"));
            ActiveRun running = runs.start("churn");
            running.log("accuracy", 0.995);
            running.flush();
            runs.start("other").finish();

            assertThat(runs.find(RunQuery.all().named("churn"))).hasSize(5);
            assertThat(runs.find(RunQuery.all().named("churn").tagged("team", "a"))).hasSize(2);
            assertThat(runs.find(RunQuery.all().named("churn").orderBy("accuracy", true)))
                    .extracting(r -> r.metric("accuracy").getAsDouble()).containsExactly(0.995, 0.99, 0.93, 0.88, 0.71);
            assertThat(runs.find(RunQuery.all().orderBy("accuracy", false).limit(1)))
                    .extracting(r -> r.metric("accuracy").getAsDouble()).containsExactly(0.71);
            Run best = runs.best(RunQuery.all().named("churn"), "accuracy", true).orElseThrow();
            assertThat(best.metric("accuracy").getAsDouble()).isEqualTo(0.93);
            Run failed = runs.get(broken.id());
            assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
            assertThat(failed.failure()).contains("diverged");
            assertThat(failed.ended()).isNotNull();
            assertThatThrownBy(() -> broken.log("accuracy", 1.0)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("has ended (FAILED)");
        }
    }

    @Test
    void trainingRecordsARunLinkedFromTheVersionAndAFailingTrainerLeavesAFailedRun() {
        try (Lifecycle lc = Lifecycle.inMemory()) {
            DatasetVersion data = Fixtures.classification(lc, "toy", 300, 4);
            ModelVersion v = lc.train("toy-clf", Trainers.logisticRegression().epochs(2).seed(9), data);
            Run run = lc.runs().get(v.run());
            assertThat(run.status()).isEqualTo(RunStatus.FINISHED);
            assertThat(run.trainer()).isEqualTo("logistic-regression");
            assertThat(run.parameters()).isEqualTo(v.parameters());
            assertThat(run.seed()).isEqualTo(9);
            assertThat(run.inputs()).containsExactly(data.id());
            assertThat(run.tags()).containsEntry("version", v.id());

            Trainer broken = new Trainer() {
                @Override
                public String name() {
                    return "broken";
                }

                @Override
                public Map<String, String> parameters() {
                    return Map.of();
                }

                @Override
                public long seed() {
                    return 0;
                }

                @Override
                public Model train(DatasetVersion d) {
                    throw new IllegalStateException("out of memory, pretend");
                }
            };
            assertThatThrownBy(() -> lc.train("toy-clf", broken, data)).hasMessageContaining("pretend");
            List<Run> failed = lc.runs().find(RunQuery.all().status(RunStatus.FAILED));
            assertThat(failed).singleElement().satisfies(r -> assertThat(r.trainer()).isEqualTo("broken"));
            assertThat(lc.models().versions("toy-clf")).containsExactly(1);
        }
    }
}
