package dev.lifecycle.core.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.deployment.Deployment;
import dev.lifecycle.api.model.ModelVersion;
import dev.lifecycle.api.model.Prediction;
import dev.lifecycle.api.monitoring.Alert;
import dev.lifecycle.api.monitoring.AlertKind;
import dev.lifecycle.core.Lifecycle;
import dev.lifecycle.core.data.Csv;
import dev.lifecycle.core.data.RowSource;
import dev.lifecycle.core.data.SeaStream;
import dev.lifecycle.core.deployment.InProcessDeployment;
import dev.lifecycle.core.model.TrainerCatalog;
import dev.lifecycle.core.model.Trainers;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Tag;

/** The loop in production: failures stay inside it, work runs off the caller's thread, restarts keep its state. */
@Tag("slow")
class LoopProductionTest {

    private static ModelVersion champion(Lifecycle lc, SeaStream stream) {
        DatasetVersion d = lc.datasets().importFrom("sea", RowSource.of("sea", SeaStream.COLUMNS, stream.next(500)),
                Csv.forTarget("label"));
        ModelVersion m = lc.train("sea-clf", Trainers.cart().maxDepth(4).seed(3), d);
        lc.models().setAlias("sea-clf", "champion", m, "first");
        return m;
    }

    @Test
    void aFailingRetrainIsRecordedWithItsReasonAndAlertsWhileFeedbackNeverThrows() {
        Logger.getLogger("org.tribuo").setLevel(Level.WARNING);
        SeaStream stream = new SeaStream(3, 100_000, 0.05, 8, 4);
        List<Alert> alerts = new CopyOnWriteArrayList<>();
        try (Lifecycle lc = Lifecycle.builder().build()) {
            champion(lc, stream);
            TrainerCatalog broken = TrainerCatalog.builtIn().with("cart", (params, seed) -> {
                throw new IllegalStateException("trainer backend is down");
            });
            Loop loop = Loop.builder(lc, "sea-clf", "label").trigger(Trigger.everyLabelled(200)).history(100)
                    .holdout(50).trainers(broken).alertListener(alerts::add).executor(Runnable::run).build();
            try (loop) {
                assertThatCode(() -> {
                    for (int i = 0; i < 1000; i++) {
                        Row r = stream.next();
                        loop.feedback(loop.predict(r.without("label")).id(), (String) r.get("label"));
                    }
                }).doesNotThrowAnyException();
            }
            assertThat(loop.iterations()).isNotEmpty().allSatisfy(it -> {
                assertThat(it.outcome()).isEqualTo(LoopIteration.Outcome.FAILED);
                assertThat(it.detail()).contains("trainer backend is down");
            });
            assertThat(Loop.recorded(lc, "sea-clf")).isEqualTo(loop.iterations());
            assertThat(alerts).hasSameSizeAs(loop.iterations())
                    .allSatisfy(a -> assertThat(a.kind()).isEqualTo(AlertKind.RETRAIN_FAILED));
            assertThat(loop.alerts()).isEqualTo(alerts);
        }
    }

    @Test
    void iterationsRunOnTheHostExecutorAndACanaryClosesTheDeploymentItReplaces() throws Exception {
        Logger.getLogger("org.tribuo").setLevel(Level.WARNING);
        SeaStream stream = new SeaStream(5, 700, 0.05, 8, 4);
        ExecutorService host = Executors.newSingleThreadExecutor(r -> new Thread(r, "host-background"));
        Set<String> trainedOn = java.util.concurrent.ConcurrentHashMap.newKeySet();
        CountDownLatch trained = new CountDownLatch(1);
        TrainerCatalog watched = TrainerCatalog.builtIn().with("cart", (params, seed) -> {
            trainedOn.add(Thread.currentThread().getName());
            trained.countDown();
            return TrainerCatalog.builtIn().rebuild("cart", params, seed);
        });
        try (Lifecycle lc = Lifecycle.builder().build()) {
            champion(lc, stream);
            Loop loop = Loop.builder(lc, "sea-clf", "label").trigger(Trigger.everyLabelled(300)).history(200)
                    .holdout(100).canary(0.5, 20, 0.5).trainers(watched).executor(host).build();
            Deployment first = loop.serving();
            try (loop) {
                for (int i = 0; i < 400; i++) {
                    Row r = stream.next();
                    loop.feedback(loop.predict(r.without("label")).id(), (String) r.get("label"));
                }
                assertThat(trained.await(60, TimeUnit.SECONDS)).isTrue();
                loop.awaitIdle();
                assertThat(trainedOn).containsExactly("host-background");
                if (loop.serving() != first) {
                    assertThat(((InProcessDeployment) first).isClosed()).as("the replaced deployment").isTrue();
                }
                for (int i = 0; i < 2000; i++) {
                    Row r = stream.next();
                    loop.feedback(loop.predict(r.without("label")).id(), (String) r.get("label"));
                }
                loop.awaitIdle();
            }
            assertThat(loop.iterations()).extracting(LoopIteration::outcome).contains(LoopIteration.Outcome.CANARY);
            assertThat(((InProcessDeployment) loop.serving()).isClosed()).isTrue();
        } finally {
            host.shutdown();
        }
    }

    @Test
    void lateLabelsOfPredictionsMadeBeforeARestartJoinTheRightRowsAndNoIdRepeatsIn20Restarts(@TempDir java.nio.file.Path home) {
        Logger.getLogger("org.tribuo").setLevel(Level.WARNING);
        SeaStream stream = new SeaStream(9, 100_000, 0.05, 8, 4);
        try (Lifecycle lc = Lifecycle.open(home)) {
            champion(lc, stream);
        }
        Set<Long> ids = new HashSet<>();
        List<long[]> waiting = new ArrayList<>();
        List<Row> waitingRows = new ArrayList<>();
        List<String> waitingTruth = new ArrayList<>();
        List<String> waitingPredicted = new ArrayList<>();
        long expectedLabels = 0;
        int restarts = 20;
        for (int run = 0; run < restarts; run++) {
            try (Lifecycle lc = Lifecycle.open(home)) {
                Loop loop = Loop.builder(lc, "sea-clf", "label").trigger(Trigger.manual()).history(50).holdout(20)
                        .noCanary().executor(Runnable::run).build();
                try (loop) {
                    assertThat(loop.labels()).as("labels after restart %d", run).isEqualTo(expectedLabels);
                    // the labels of the previous run's predictions arrive now, after the restart
                    for (int i = 0; i < waiting.size(); i++) {
                        assertThat(loop.feedback(waiting.get(i)[0], waitingTruth.get(i))).isTrue();
                        expectedLabels++;
                        List<Row> window = loop.labelledWindow();
                        Row joined = window.get(window.size() - 1);
                        assertThat(joined.without("label")).isEqualTo(waitingRows.get(i));
                        assertThat(joined.get("label")).isEqualTo(waitingTruth.get(i));
                    }
                    assertThat(loop.feedback(waiting.isEmpty() ? 1 : waiting.get(0)[0], "0")).as("joined once")
                            .isFalse();
                    waiting.clear();
                    waitingRows.clear();
                    waitingTruth.clear();
                    waitingPredicted.clear();
                    for (int i = 0; i < 30; i++) {
                        Row r = stream.next();
                        Row in = r.without("label");
                        Prediction p = loop.predict(in);
                        assertThat(ids.add(p.id())).as("id %d issued twice (run %d)", p.id(), run).isTrue();
                        if (i % 3 == 0) {
                            waiting.add(new long[] {p.id()});
                            waitingRows.add(in);
                            waitingTruth.add((String) r.get("label"));
                            waitingPredicted.add(p.label());
                        } else {
                            loop.feedback(p.id(), (String) r.get("label"));
                            expectedLabels++;
                        }
                    }
                    assertThat(loop.waitingForLabels()).isEqualTo(waiting.size());
                }
            }
        }
        assertThat(ids).hasSize(restarts * 30);
        System.out.println("restart test: " + restarts + " restarts, " + ids.size() + " distinct ids, "
                + expectedLabels + " labels joined");
    }
}
