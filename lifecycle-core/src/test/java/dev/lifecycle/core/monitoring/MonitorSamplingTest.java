package dev.lifecycle.core.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.model.Prediction;
import dev.lifecycle.core.Lifecycle;
import dev.lifecycle.core.data.Csv;
import dev.lifecycle.core.data.RowSource;
import dev.lifecycle.core.data.SeaStream;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** {@link Monitor.Builder#profileOneIn}: profiled rows are a sample, everything else sees every call. */
@Tag("fast")
class MonitorSamplingTest {

    private static DatasetVersion data(Lifecycle lc, List<Row> rows) {
        return lc.datasets().importFrom("sea", RowSource.of("sea", SeaStream.COLUMNS, rows), Csv.forTarget("label"));
    }

    @Test
    void oneRowInFourIsProfiledWhileLabelsErrorsAndConfidenceSeeEveryCall() {
        try (Lifecycle lc = Lifecycle.inMemory()) {
            SeaStream stream = new SeaStream(5, Integer.MAX_VALUE, 0.1, 8);
            DatasetVersion d = data(lc, stream.next(2000));
            int chunkRows = 16;
            int windowChunks = 4;
            Monitor monitor = Monitor.builder("sampled", lc.datasets().profile(d)).target("label").chunkRows(chunkRows)
                    .windowChunks(windowChunks).profileOneIn(4).queueChunks(10_000).maxErrorRate(1).build();
            int served = 40_000;
            for (int i = 0; i < served; i++) {
                // confidence alternates 0.6 / 0.8 row by row: a sample that skipped by parity would be biased
                double c = i % 2 == 0 ? 0.6 : 0.8;
                Prediction p = Prediction.ofLabel("1", List.of("0", "1"), new double[] {1 - c, c})
                        .attributed(i + 1, "sampled", 1);
                monitor.observe(stream.next(), p);
                if (i % 100 == 99) {
                    monitor.observeError();
                }
            }
            monitor.flush();
            List<DriftWindow> windows = monitor.driftWindows();
            long profiled = windows.stream().mapToLong(DriftWindow::rows).sum();
            // about served / 4 rows profiled, in full windows of chunkRows * windowChunks rows
            assertThat(windows).allSatisfy(w -> assertThat(w.rows()).isEqualTo((long) chunkRows * windowChunks));
            assertThat((double) profiled / served).isCloseTo(0.25, Offset.offset(0.02));
            // error rate over every call (1 in 101), not over the profiled rows only (which would give 4 in 104)
            double meanErrorRate = windows.stream().mapToDouble(DriftWindow::errorRate).average().orElseThrow();
            assertThat(meanErrorRate).isCloseTo(1.0 / 101, Offset.offset(0.002));
            // confidence counted on every call: the mean of the alternation, within one row's share of a window
            assertThat(windows).allSatisfy(w -> assertThat(w.estimatedAccuracy())
                    .isCloseTo(0.7, Offset.offset(0.001)));
            // every prediction waits for its label, profiled or not
            for (long id = served - 100; id <= served; id++) {
                assertThat(monitor.feedback(id, "1")).as("prediction " + id).isTrue();
            }
            assertThat(monitor.droppedChunks()).isZero();
            monitor.close();
        }
    }

    @Test
    void samplingIsTheSameFromRunToRunForOneProducingThread() {
        List<String> first = profiledSample();
        assertThat(first).hasSize(64).isEqualTo(profiledSample());
    }

    /** A seeded sample of the profiled rows of the last window: the same rows when the same rows are profiled. */
    private static List<String> profiledSample() {
        try (Lifecycle lc = Lifecycle.inMemory()) {
            SeaStream stream = new SeaStream(9, Integer.MAX_VALUE, 0.1, 8);
            DatasetVersion d = data(lc, stream.next(500));
            Monitor monitor = Monitor.builder("sampled", lc.datasets().profile(d)).target("label").chunkRows(16)
                    .windowChunks(4).profileOneIn(3).sampleRows(64, 7).queueChunks(10_000).build();
            Prediction p = Prediction.ofLabel("1", List.of("0", "1"), new double[] {0.3, 0.7}).attributed(1, "s", 1);
            for (int i = 0; i < 5_000; i++) {
                monitor.observe(stream.next(), p);
            }
            monitor.flush();
            List<String> rows = monitor.sampledRows().stream().map(Row::toString).toList();
            monitor.close();
            return rows;
        }
    }

    @Test
    void profileOneInRejectsLessThanOne() {
        try (Lifecycle lc = Lifecycle.inMemory()) {
            DatasetVersion d = data(lc, new SeaStream(1, Integer.MAX_VALUE, 0.1, 8).next(200));
            assertThatThrownBy(() -> Monitor.builder("m", lc.datasets().profile(d)).profileOneIn(0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("profileOneIn");
        }
    }
}
