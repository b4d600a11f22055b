package dev.lifecycle.core.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.deployment.Deployment;
import dev.lifecycle.api.deployment.LoggedPrediction;
import dev.lifecycle.api.deployment.PredictionLogException;
import dev.lifecycle.api.model.ModelVersion;
import dev.lifecycle.api.model.Prediction;
import dev.lifecycle.core.Lifecycle;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;

/**
 * The prediction log when the store cannot write (a store that fails writes on demand, as a full disk
 * does): nothing reported as logged goes missing, predict blocks or fails as configured, and the log
 * recovers when the store writes again.
 */
@Tag("fast")
class PredictionLogFailureTest {
    private static final int N = 2000;

    private static Lifecycle lifecycle(FailingStore store) {
        return Lifecycle.builder().store(store).build();
    }

    @Test
    void aBlockingLogWaitsWhileTheStoreFailsAndLosesNothingOnceItRecovers() throws Exception {
        FailingStore store = new FailingStore();
        try (Lifecycle lc = lifecycle(store)) {
            ModelVersion m = Fixtures.train(lc, 1);
            Deployment dep = lc.deploy(Fixtures.MODEL, Rollout.version(m).feedbackWindow(4096).logPredictions(
                    PredictionLogOptions.defaults().blockWhenFull().capacity(100).segmentSize(10).maxDelayMillis(5)));
            List<Row> rows = Fixtures.inputs(Fixtures.labelled(3, N));
            dep.predict(rows.get(0)); // leases ids while the store still writes
            store.failing.set(true);
            ConcurrentLinkedQueue<Prediction> made = new ConcurrentLinkedQueue<>();
            CountDownLatch started = new CountDownLatch(1);
            Thread caller = new Thread(() -> {
                started.countDown();
                for (int i = 1; i < N; i++) {
                    made.add(dep.predict(rows.get(i)));
                }
            });
            caller.start();
            started.await();
            while (store.failedWrites.get() < 3 || caller.getState() != Thread.State.WAITING) {
                Thread.onSpinWait();
                assertThat(caller.isAlive()).as("predict must block while the store fails").isTrue();
            }
            int whileFailing = made.size();
            assertThat(whileFailing).isLessThan(N - 1);
            assertThatThrownBy(dep::flush).isInstanceOf(PredictionLogException.class)
                    .hasMessageContaining("No space left on device").hasMessageContaining("retried");
            store.failing.set(false);
            caller.join();
            Prediction last = made.stream().reduce((a, b) -> b).orElseThrow();
            dep.feedback(last.id(), "1");
            dep.flush();
            List<LoggedPrediction> log = PredictionLogs.read(lc.store(), Fixtures.MODEL);
            Set<Long> logged = new HashSet<>();
            log.forEach(p -> logged.add(p.id()));
            assertThat(log).hasSize(N);
            for (Prediction p : made) {
                assertThat(logged).contains(p.id());
            }
            assertThat(dep.metrics().logDropped()).isZero();
            assertThat(PredictionLogs.feedback(lc.store(), Fixtures.MODEL)).singleElement()
                    .satisfies(f -> assertThat(f.predictionId()).isEqualTo(last.id()));
            System.out.printf("PredictionLogFailureTest: %d predictions made before predict blocked, %d failed writes"
                    + " retried, %d of %d logged after recovery%n", whileFailing, store.failedWrites.get(), log.size(), N);
        }
    }

    @Test
    void aFailingLogThrowsFromPredictAndEveryPredictionThatReturnedIsLogged() {
        FailingStore store = new FailingStore();
        try (Lifecycle lc = lifecycle(store)) {
            ModelVersion m = Fixtures.train(lc, 1);
            Deployment dep = lc.deploy(Fixtures.MODEL, Rollout.version(m).logPredictions(
                    PredictionLogOptions.defaults().failWhenFull().capacity(50).segmentSize(10).maxDelayMillis(5)));
            List<Row> rows = Fixtures.inputs(Fixtures.labelled(4, N));
            dep.predict(rows.get(0));
            store.failing.set(true);
            List<Long> returned = new ArrayList<>();
            int refused = 0;
            for (int i = 1; i < N; i++) {
                try {
                    returned.add(dep.predict(rows.get(i)).id());
                } catch (PredictionLogException e) {
                    refused++;
                    assertThat(e).hasMessageContaining("full");
                }
            }
            assertThat(refused).isPositive();
            store.failing.set(false);
            dep.flush();
            Set<Long> logged = new HashSet<>();
            PredictionLogs.read(lc.store(), Fixtures.MODEL).forEach(p -> logged.add(p.id()));
            assertThat(logged).containsAll(returned);
            System.out.printf("PredictionLogFailureTest: fail-when-full refused %d predictions, all %d returned ones"
                    + " logged%n", refused, returned.size());
        }
    }

    @Test
    void closingWhileTheStoreCannotWriteSaysWhatWasLostAndStillReleasesEverything() {
        FailingStore store = new FailingStore();
        Lifecycle lc = lifecycle(store);
        ModelVersion m = Fixtures.train(lc, 1);
        Deployment dep = lc.deploy(Fixtures.MODEL, Rollout.version(m).logPredictions(
                PredictionLogOptions.defaults().capacity(100).segmentSize(10).maxDelayMillis(5).closeTimeoutMillis(50)));
        List<Row> rows = Fixtures.inputs(Fixtures.labelled(5, 30));
        dep.predict(rows.get(0));
        store.failing.set(true);
        AtomicInteger n = new AtomicInteger();
        rows.subList(1, 30).forEach(r -> {
            dep.predict(r);
            n.incrementAndGet();
        });
        assertThatThrownBy(lc::close).isInstanceOf(PredictionLogException.class).hasMessageContaining("lost")
                .hasMessageContaining("No space left on device");
        assertThat(((InProcessDeployment) dep).isClosed()).isTrue();
        lc.close(); // idempotent once everything is released
    }
}
