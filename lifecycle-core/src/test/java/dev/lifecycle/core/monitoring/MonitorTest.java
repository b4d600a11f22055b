package dev.lifecycle.core.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.deployment.Deployment;
import dev.lifecycle.api.model.ModelVersion;
import dev.lifecycle.api.model.Prediction;
import dev.lifecycle.api.monitoring.Alert;
import dev.lifecycle.api.monitoring.AlertKind;
import dev.lifecycle.core.Lifecycle;
import dev.lifecycle.core.data.Csv;
import dev.lifecycle.core.data.DatasetProfile;
import dev.lifecycle.core.data.RowSource;
import dev.lifecycle.core.data.SeaStream;
import dev.lifecycle.core.model.Trainers;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;

@Tag("fast")
class MonitorTest {
    private static final int CHANGE = 50_000;

    @BeforeAll
    static void quiet() {
        Logger.getLogger("org.tribuo").setLevel(Level.WARNING);
    }

    private static DatasetVersion data(Lifecycle lc, List<Row> rows) {
        return lc.datasets().importFrom("sea", RowSource.of("sea", SeaStream.COLUMNS, rows), Csv.forTarget("label"));
    }

    @Test
    void aConceptChangeAtRow50000IsDetectedWithin2000RowsInTenSeeds() {
        List<Long> delays = new ArrayList<>();
        int falseAlarms = 0;
        for (long seed = 1; seed <= 10; seed++) {
            try (Lifecycle lc = Lifecycle.inMemory()) {
                SeaStream train = new SeaStream(seed, Integer.MAX_VALUE, 0.1, 8);
                DatasetVersion d = data(lc, train.next(5000));
                ModelVersion m = lc.train("sea-clf", Trainers.logisticRegression().seed(seed), d);
                double expected = lc.evaluate(m, data(lc, train.next(5000))).accuracy();
                List<Alert> seen = new ArrayList<>();
                Monitor monitor = Monitor.builder("sea-clf", lc.datasets().profile(d)).target("label")
                        .qualityWindow(500).baselineAccuracy(expected).maxAccuracyDrop(0.03, 1e-3).alertListener(a -> {
                            if (a.kind() == AlertKind.QUALITY_DROP) {
                                seen.add(a); // raised on the feedback (this) thread
                            }
                        }).build();
                Deployment dep = MonitoredDeployment.wrap(lc.deploy(m), monitor);
                SeaStream stream = new SeaStream(seed * 31, CHANGE, 0.1, 8, 9.5);
                long detected = -1;
                for (int i = 0; i < CHANGE + 5000 && detected < 0; i++) {
                    Row r = stream.next();
                    Prediction p = dep.predict(r.without("label"));
                    dep.feedback(p.id(), (String) r.get("label"));
                    if (!seen.isEmpty()) {
                        if (i < CHANGE) {
                            falseAlarms += seen.size();
                            seen.clear();
                        } else {
                            detected = i - CHANGE;
                        }
                    }
                }
                System.out.println("seed " + seed + " expected " + expected + " windows after change " + monitor.qualityWindows().stream().filter(q -> q.firstLabel() >= CHANGE).map(q -> String.format("%.3f", q.accuracy())).toList());
                dep.close();
                assertThat(detected).as("seed " + seed + " detection delay").isBetween(0L, 2000L);
                delays.add(detected);
            }
        }
        System.out.println("concept change at row 50,000: detection delays " + delays + ", alarms before the change "
                + falseAlarms);
        assertThat(falseAlarms).as("quality alarms before the change, 10 seeds x 100 windows at alpha 1e-3").isLessThanOrEqualTo(2);
    }

    @Test
    void aStationaryMillionRowStreamRaisesAtMostOneDriftAlarmPerFeature() {
        try (Lifecycle lc = Lifecycle.inMemory()) {
            SeaStream stream = new SeaStream(42, Integer.MAX_VALUE, 0.1, 8);
            DatasetVersion d = data(lc, stream.next(10_000));
            DatasetProfile ref = lc.datasets().profile(d);
            Monitor monitor = Monitor.builder("stationary", ref).target("label").queueChunks(100_000).build();
            Prediction fake = Prediction.ofLabel("1", List.of("0", "1"), new double[] {0.3, 0.7})
                    .attributed(1, "stationary", 1);
            for (int i = 0; i < 1_000_000; i++) {
                monitor.observe(stream.next(), fake);
            }
            monitor.flush();
            monitor.close();
            long x1 = monitor.alerts().stream().filter(a -> a.kind() == AlertKind.DRIFT && a.subject().equals("x1")).count();
            long x2 = monitor.alerts().stream().filter(a -> a.kind() == AlertKind.DRIFT && a.subject().equals("x2")).count();
            long x3 = monitor.alerts().stream().filter(a -> a.kind() == AlertKind.DRIFT && a.subject().equals("x3")).count();
            System.out.println("stationary 1M rows: " + monitor.driftWindows().size() + " windows, drift alarms x1="
                    + x1 + " x2=" + x2 + " x3=" + x3 + ", dropped chunks " + monitor.droppedChunks());
            assertThat(monitor.droppedChunks()).isZero();
            assertThat(monitor.driftWindows()).hasSize(1_000_000 / (256 * 8));
            assertThat(x1).isLessThanOrEqualTo(1);
            assertThat(x2).isLessThanOrEqualTo(1);
            assertThat(x3).isLessThanOrEqualTo(1);
        }
    }

    @Test
    void aShiftedInputRaisesOneDebouncedDriftAlertAndADataQualityAlert() {
        try (Lifecycle lc = Lifecycle.inMemory()) {
            SeaStream stream = new SeaStream(3, Integer.MAX_VALUE, 0.1, 8);
            DatasetVersion d = data(lc, stream.next(5000));
            List<Alert> got = new ArrayList<>();
            Monitor monitor = Monitor.builder("shift", lc.datasets().profile(d)).target("label").chunkRows(100)
                    .windowChunks(5).queueChunks(1000).alertListener(got::add).alertListener(a -> {
                        throw new IllegalStateException("a broken listener must not hurt");
                    }).build();
            Prediction fake = Prediction.ofLabel("1", List.of("0", "1"), new double[] {0.2, 0.8}).attributed(1, "s", 1);
            for (int i = 0; i < 20_000; i++) {
                Row r = stream.next();
                if (i >= 10_000) {
                    r = r.with("x1", (Double) r.get("x1") + 5);
                }
                monitor.observe(r, fake);
            }
            monitor.flush();
            List<DriftWindow> windows = monitor.driftWindows();
            assertThat(windows).hasSize(40);
            assertThat(windows.get(5).drifted()).doesNotContain("x1");
            assertThat(windows.get(30).drifted()).contains("x1").doesNotContain("x2", "x3");
            assertThat(windows.get(30).estimatedAccuracy()).isEqualTo(0.8, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(got.stream().filter(a -> a.kind() == AlertKind.DRIFT && a.subject().equals("x1"))).hasSize(1);
            assertThat(got.stream().filter(a -> a.kind() == AlertKind.DATA_QUALITY && a.subject().equals("x1")))
                    .hasSize(1);
            assertThat(got.get(0).message()).contains("x1");
            assertThat(monitor.listenerFailures()).isEqualTo(got.size());
            monitor.close();
        }
    }

    @Test
    @org.junit.jupiter.api.Timeout(60)
    void labelsAreJoinedForEveryPredictionWhileAStalledProfilerMakesDriftProfilingSample() throws Exception {
        try (Lifecycle lc = Lifecycle.inMemory()) {
            SeaStream stream = new SeaStream(5, Integer.MAX_VALUE, 0.1, 8);
            DatasetVersion d = data(lc, stream.next(2000));
            java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
            Monitor monitor = Monitor.builder("stalled", lc.datasets().profile(d)).target("label").chunkRows(16)
                    .windowChunks(1).queueChunks(1).qualityWindow(100).alertListener(a -> {
                        if (a.kind() == AlertKind.DRIFT) {
                            try {
                                release.await(); // holds the profiler thread, as a slow listener would
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        }
                    }).build();
            int joined = 0;
            for (int i = 0; i < 5000; i++) {
                Row r = stream.next();
                r = r.with("x1", (Double) r.get("x1") + 50);
                Prediction p = Prediction.ofLabel(i % 4 == 0 ? "0" : "1", List.of("0", "1"), new double[] {0.3, 0.7})
                        .attributed(i + 1, "stalled", 1);
                monitor.observe(r, p);
                joined += monitor.feedback(p.id(), "1") ? 1 : 0;
            }
            release.countDown();
            monitor.flush();
            assertThat(monitor.droppedChunks()).as("the profiler fell behind").isPositive();
            assertThat(joined).isEqualTo(5000);
            assertThat(monitor.qualityWindows()).hasSize(50)
                    .allSatisfy(q -> assertThat(q.accuracy()).isEqualTo(0.75));
            monitor.close();
            monitor.flush(); // returns at once after close instead of waiting for a profiler that is gone
            monitor.rebase(lc.datasets().profile(d), 0.9);
        }
    }

    /**
     * Sliding windows whose slide does not divide the window (6 chunks every 4, so the profiler works in
     * 2-chunk segments): every window covers exactly its last 6 chunks, seen through the missing-value
     * share and the mean confidence, both set per chunk.
     */
    @Test
    void slidingWindowsCoverExactlyTheirLastChunks() {
        try (Lifecycle lc = Lifecycle.inMemory()) {
            SeaStream stream = new SeaStream(11, Integer.MAX_VALUE, 0.1, 8);
            DatasetVersion d = data(lc, stream.next(2000));
            int chunkRows = 16;
            Monitor monitor = Monitor.builder("sliding", lc.datasets().profile(d)).target("label")
                    .chunkRows(chunkRows).windowChunks(6).slideChunks(4).queueChunks(1000).build();
            int chunks = 40;
            for (int k = 0; k < chunks; k++) {
                double confidence = 0.5 + k / 100.0;
                Prediction p = Prediction.ofLabel("1", List.of("0", "1"), new double[] {1 - confidence, confidence})
                        .attributed(k + 1, "sliding", 1);
                for (int i = 0; i < chunkRows; i++) {
                    Row r = stream.next();
                    monitor.observe(i < k % 7 ? r.with("x1", null) : r, p);
                }
            }
            monitor.flush();
            List<DriftWindow> windows = monitor.driftWindows();
            assertThat(windows).hasSize(9); // after chunks 6, 10, ..., 38
            for (int w = 0; w < windows.size(); w++) {
                int end = 6 + 4 * w;
                int missing = 0;
                double confidence = 0;
                for (int k = end - 6; k < end; k++) {
                    missing += k % 7;
                    confidence += 0.5 + k / 100.0;
                }
                DriftWindow window = windows.get(w);
                assertThat(window.firstRow()).isEqualTo((long) (end - 6) * chunkRows);
                assertThat(window.rows()).isEqualTo(6L * chunkRows);
                assertThat(window.missingRateShift().get(monitor.features().indexOf("x1")))
                        .isCloseTo(missing / (6.0 * chunkRows), org.assertj.core.data.Offset.offset(1e-12));
                assertThat(window.estimatedAccuracy()).isCloseTo(confidence / 6,
                        org.assertj.core.data.Offset.offset(1e-12));
            }
            monitor.close();
        }
    }
}
