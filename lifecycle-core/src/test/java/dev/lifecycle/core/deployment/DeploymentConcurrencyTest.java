package dev.lifecycle.core.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.deployment.Deployment;
import dev.lifecycle.api.model.ModelVersion;
import dev.lifecycle.api.model.Prediction;
import dev.lifecycle.core.Fixtures;
import dev.lifecycle.core.Lifecycle;
import dev.lifecycle.core.model.Trainers;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Tag;

/** Predictions from many threads while the serving version is swapped back and forth. */
@Tag("slow")
class DeploymentConcurrencyTest {
    private static final int PER_THREAD = 100_000;

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void predictWhileSwapping() throws InterruptedException {
        try (Lifecycle lc = Lifecycle.inMemory()) {
            DatasetVersion data = Fixtures.importMixed(lc, "mixed", 300, 8);
            ModelVersion v1 = lc.train("m", Trainers.logisticRegression().seed(1), data);
            ModelVersion v2 = lc.train("m", Trainers.cart().maxDepth(3).seed(1), data);
            // rows in canonical and in reversed column order, so the encoder's position hints keep changing
            List<Row> rows = new ArrayList<>();
            for (int r = 0; r < 64; r++) {
                Row canonical = data.row(r).without("label");
                rows.add(canonical);
                Row.Builder b = Row.builder();
                for (int i = canonical.size() - 1; i >= 0; i--) {
                    b.set(canonical.name(i), canonical.get(i));
                }
                rows.add(b.build());
            }
            Map<Integer, String[]> expected = Map.of(v1.version(), labels(v1, rows), v2.version(),
                    labels(v2, rows));
            assertThat(expected.get(1)).as("the two versions should disagree somewhere, or the check is weak")
                    .isNotEqualTo(expected.get(2));

            Deployment d = lc.deploy(v1);
            AtomicBoolean done = new AtomicBoolean();
            ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
            long[][] ids = new long[2][PER_THREAD];
            int[][] versions = new int[2][PER_THREAD];
            AtomicInteger wrongLabels = new AtomicInteger();
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> predictors = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                int thread = t;
                predictors.add(new Thread(() -> {
                    try {
                        start.await();
                        for (int i = 0; i < PER_THREAD; i++) {
                            int r = (i * 7 + thread) % rows.size();
                            Prediction p = d.predict(rows.get(r));
                            ids[thread][i] = p.id();
                            versions[thread][i] = p.version();
                            String[] want = expected.get(p.version());
                            if (want == null || !want[r].equals(p.label())) {
                                wrongLabels.incrementAndGet();
                            }
                        }
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                }, "predictor-" + t));
            }
            AtomicInteger swaps = new AtomicInteger();
            Thread swapper = new Thread(() -> {
                try {
                    start.await();
                    while (!done.get()) {
                        ModelVersion next = d.current().version() == v1.version() ? v2 : v1;
                        d.swap(next, "flip");
                        swaps.incrementAndGet();
                        LockSupport.parkNanos(20_000);
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }, "swapper");
            predictors.forEach(Thread::start);
            swapper.start();
            start.countDown();
            for (Thread t : predictors) {
                t.join();
            }
            done.set(true);
            swapper.join();

            assertThat(failures).isEmpty();
            assertThat(swaps.get()).as("swaps made while predicting").isGreaterThan(10);
            assertThat(wrongLabels.get()).as("predictions whose label is not what their version predicts").isZero();
            int[] seen = new int[3];
            for (int[] vs : versions) {
                for (int v : vs) {
                    assertThat(v).isIn(v1.version(), v2.version());
                    seen[v]++;
                }
            }
            assertThat(seen[1]).as("predictions by v1").isPositive();
            assertThat(seen[2]).as("predictions by v2").isPositive();
            long[] all = new long[2 * PER_THREAD];
            System.arraycopy(ids[0], 0, all, 0, PER_THREAD);
            System.arraycopy(ids[1], 0, all, PER_THREAD, PER_THREAD);
            Arrays.sort(all);
            for (int i = 1; i < all.length; i++) {
                assertThat(all[i]).as("ids are unique").isNotEqualTo(all[i - 1]);
            }
            assertThat(all[0]).isNotZero();
            assertThat(lc.store().journal("deployments/m/serving")).hasSize(swaps.get() + 1);
        }
    }

    private static String[] labels(ModelVersion v, List<Row> rows) {
        String[] out = new String[rows.size()];
        for (int r = 0; r < rows.size(); r++) {
            out[r] = v.model().predict(rows.get(r)).label();
        }
        return out;
    }
}
