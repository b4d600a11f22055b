package dev.lifecycle.core.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.deployment.ArmMetrics;
import dev.lifecycle.api.deployment.Deployment;
import dev.lifecycle.api.deployment.DeploymentMetrics;
import dev.lifecycle.api.model.ModelVersion;
import dev.lifecycle.api.model.Prediction;
import dev.lifecycle.core.Lifecycle;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;

/** The acceptance load test: predictions from two threads while versions are swapped and rolled back. */
@Tag("slow")
class DeploymentLoadTest {
    private static final int THREADS = 2;
    private static final int PER_THREAD = 500_000;

    @Test
    void twoThreadsMakeAMillionPredictionsWhileVersionsSwapAndRollBack() throws Exception {
        try (Lifecycle lc = Lifecycle.inMemory()) {
            ModelVersion v1 = Fixtures.train(lc, 1);
            ModelVersion v2 = Fixtures.train(lc, 2);
            ModelVersion v3 = Fixtures.train(lc, 3);
            List<Row> rows = Fixtures.inputs(Fixtures.labelled(9, 1024));
            Deployment dep = lc.deploy(v1);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            AtomicBoolean done = new AtomicBoolean();
            CountDownLatch start = new CountDownLatch(1);
            long[][] perThread = new long[THREADS][4];
            Map<Long, Boolean> seenIds = new ConcurrentHashMap<>();
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                long[] counts = perThread[t];
                int offset = t * 97;
                Thread w = new Thread(() -> {
                    try {
                        start.await();
                        for (int i = 0; i < PER_THREAD; i++) {
                            Prediction p = dep.predict(rows.get((i + offset) & 1023));
                            counts[p.version()]++;
                            if ((i & 1023) == 0) {
                                assertThat(seenIds.put(p.id(), Boolean.TRUE)).as("id %d issued twice", p.id()).isNull();
                            }
                        }
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                });
                w.start();
                workers.add(w);
            }
            int changes = 0;
            Thread swapper = new Thread(() -> {
                try {
                    start.await();
                    int n = 0;
                    while (!done.get()) {
                        Thread.sleep(50);
                        if (n % 3 == 2) {
                            dep.rollback("load test rollback " + n);
                        } else {
                            dep.swap(n % 2 == 0 ? v2 : v3, "load test swap " + n);
                        }
                        n++;
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            });
            swapper.start();
            start.countDown();
            for (Thread w : workers) {
                w.join();
            }
            done.set(true);
            swapper.join();

            assertThat(failure.get()).as("no request may fail during swaps and rollbacks").isNull();
            long[] byVersion = new long[4];
            long total = 0;
            for (long[] counts : perThread) {
                for (int v = 0; v < 4; v++) {
                    byVersion[v] += counts[v];
                    total += counts[v];
                }
            }
            assertThat(total).isEqualTo((long) THREADS * PER_THREAD);
            assertThat(byVersion[0]).as("predictions without a version").isZero();
            DeploymentMetrics m = dep.metrics();
            assertThat(m.predictions()).isEqualTo(total);
            assertThat(m.errors()).isZero();
            long sum = 0;
            for (int v = 1; v <= 3; v++) {
                ArmMetrics served = m.versions().get(v);
                long counted = served == null ? 0 : served.predictions();
                assertThat(counted).as("deployment's count for version %d", v).isEqualTo(byVersion[v]);
                sum += counted;
            }
            assertThat(sum).as("per-version counts add up to the total").isEqualTo(total);
            assertThat(byVersion[1]).as("v1 served").isPositive();
            assertThat(lc.store().journal("deployments/" + Fixtures.MODEL + "/routing"))
                    .as("every change journaled").hasSizeGreaterThan(1)
                    .anySatisfy(e -> assertThat(e.reason()).startsWith("rollback: load test rollback"));
        }
    }
}
