package dev.lifecycle.core.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.deployment.DeploymentMetrics;
import dev.lifecycle.api.model.ModelVersion;
import dev.lifecycle.core.Lifecycle;
import dev.lifecycle.core.data.Csv;
import dev.lifecycle.core.data.RowSource;
import dev.lifecycle.core.data.SeaStream;
import dev.lifecycle.core.deployment.InProcessDeployment;
import dev.lifecycle.core.deployment.Rollout;
import dev.lifecycle.core.internal.Stripes;
import dev.lifecycle.core.model.Trainers;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;

/**
 * Thread pools churn and virtual threads are cheap: 10,000 short-lived threads predicting through a
 * monitored deployment leave no per-thread state behind, and what metrics() reads does not grow.
 */
@Tag("slow")
class ThreadChurnTest {
    private static final int THREADS = 10_000;
    private static final int CALLS = 40;

    @Test
    void tenThousandShortLivedThreadsLeaveNoStateBehind() throws Exception {
        try (Lifecycle lc = Lifecycle.builder().build()) {
            SeaStream stream = new SeaStream(4, Integer.MAX_VALUE, 0.1, 8);
            DatasetVersion d = lc.datasets().importFrom("sea", RowSource.of("sea", SeaStream.COLUMNS,
                    stream.next(2000)), Csv.forTarget("label"));
            ModelVersion m = lc.train("sea-clf", Trainers.logisticRegression().seed(1), d);
            lc.models().setAlias("sea-clf", "champion", m, "first");
            // label joins small enough that the warm-up fills them: what stays after is per-thread state
            Monitor monitor = Monitor.builder("sea-clf", lc.datasets().profile(d)).target("label").pendingLabels(4096)
                    .build();
            InProcessDeployment raw = (InProcessDeployment) lc.deploy("sea-clf",
                    Rollout.alias("champion").monitorInputs().warmUp(0).feedbackWindow(4096));
            MonitoredDeployment dep = MonitoredDeployment.wrap(raw, monitor);
            List<Row> rows = new ArrayList<>();
            for (Row r : stream.next(CALLS)) {
                rows.add(r.without("label"));
            }
            AtomicInteger served = new AtomicInteger();
            churn(dep, rows, served, 200);
            long before = retainedHeap();
            int cellsBefore = cells(raw);
            int stripesBefore = monitor.stripes();
            churn(dep, rows, served, THREADS);
            long after = retainedHeap();
            DeploymentMetrics metrics = dep.metrics();
            System.out.printf("thread churn: %d threads, retained heap %.2f MB -> %.2f MB (%+.2f MB), %d deployment"
                    + " cells, %d monitor stripes%n", THREADS, before / 1e6, after / 1e6, (after - before) / 1e6,
                    cells(raw), monitor.stripes());
            assertThat(served.get()).isEqualTo((THREADS + 200) * CALLS);
            assertThat(metrics.predictions()).isEqualTo((THREADS + 200L) * CALLS);
            assertThat(after - before).as("retained heap growth in bytes").isLessThan(5L << 20);
            assertThat(cells(raw)).isEqualTo(cellsBefore).isLessThanOrEqualTo(Stripes.MAX);
            assertThat(monitor.stripes()).isEqualTo(stripesBefore).isLessThanOrEqualTo(Stripes.MAX);
            dep.close();
        }
    }

    private static void churn(MonitoredDeployment dep, List<Row> rows, AtomicInteger served, int threads)
            throws InterruptedException {
        int batch = 64;
        for (int start = 0; start < threads; start += batch) {
            List<Thread> running = new ArrayList<>();
            for (int t = start; t < Math.min(threads, start + batch); t++) {
                Thread th = new Thread(() -> {
                    for (Row r : rows) {
                        dep.predict(r);
                        served.incrementAndGet();
                    }
                });
                th.start();
                running.add(th);
            }
            for (Thread th : running) {
                th.join();
            }
        }
    }

    private static int cells(InProcessDeployment d) throws ReflectiveOperationException {
        java.lang.reflect.Field f = InProcessDeployment.class.getDeclaredField("cells");
        f.setAccessible(true);
        return ((Stripes<?>) f.get(d)).size();
    }

    /** @return the heap in use after full collections (the least of a few, to skip collector noise) */
    private static long retainedHeap() throws InterruptedException {
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(50);
            Runtime rt = Runtime.getRuntime();
            least = Math.min(least, rt.totalMemory() - rt.freeMemory());
        }
        return least;
    }
}
