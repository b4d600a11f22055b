package dev.lifecycle.core.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.model.ModelVersion;
import dev.lifecycle.api.model.Prediction;
import dev.lifecycle.core.Fixtures;
import dev.lifecycle.core.Lifecycle;
import dev.lifecycle.core.model.Trainers;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code lc.monitor(version)}: a monitor whose reference is the version's training profile, target left out. */
class LifecycleMonitorTest {

    @Test
    void theEntryPointMonitorsTheTrainingFeaturesOfAVersion() {
        try (Lifecycle lc = Lifecycle.inMemory()) {
            DatasetVersion d = Fixtures.importMixed(lc, "mixed", 400, 1);
            ModelVersion m = lc.train("mixed-clf", Trainers.logisticRegression().seed(1), d);
            try (Monitor monitor = lc.monitor(m).chunkRows(50).windowChunks(2).build()) {
                assertThat(monitor.name()).isEqualTo("mixed-clf");
                assertThat(monitor.features()).containsExactlyInAnyOrder("x", "y", "color", "flag");
                List<Row> rows = Fixtures.mixedRows(100, 2);
                for (Row r : rows) {
                    Prediction p = m.model().predict(r.without("label"));
                    monitor.observe(r, p);
                }
                monitor.flush();
                assertThat(monitor.driftWindows()).hasSize(1);
            }
        }
    }
}
