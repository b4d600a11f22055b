package dev.lifecycle.testkit;

import static dev.lifecycle.testkit.assertions.LifecycleAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.data.Field;
import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.data.Schema;
import dev.lifecycle.api.model.ModelVersion;
import dev.lifecycle.api.monitoring.DriftDetector;
import dev.lifecycle.api.monitoring.DriftResult;
import dev.lifecycle.api.monitoring.DriftVerdict;
import dev.lifecycle.api.monitoring.FeatureSummary;
import dev.lifecycle.core.Lifecycle;
import dev.lifecycle.core.data.SeaStream;
import dev.lifecycle.core.model.Trainers;
import dev.lifecycle.core.monitoring.DriftWindow;
import dev.lifecycle.core.monitoring.Monitor;
import dev.lifecycle.testkit.contract.DriftDetectorContract;
import dev.lifecycle.testkit.generators.GeneratedData;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.jupiter.api.Tag;

/** Drift assertions on real monitor windows, and proof that the drift detector contract can fail. */
@LifecycleTest
@Tag("fast")
class DriftKitTest {
    private static final Schema SEA = new Schema(List.of(Field.numeric("x1"), Field.numeric("x2"),
            Field.numeric("x3"), Field.categorical("label", List.of("0", "1"))), "label");

    @Test
    void driftAssertionsReadTheMonitorsWindows(Lifecycle lc) {
        DatasetVersion training = new GeneratedData(SEA, new SeaStream(1, 1_000_000, 0.0, 8.0).next(5_000))
                .importInto(lc, "sea");
        ModelVersion m = lc.train("sea", Trainers.logisticRegression().seed(1), training);
        try (Monitor monitor = Monitor.builder("sea", lc.datasets().profile(training)).features(List.of("x1", "x2", "x3"))
                .build()) {
            SeaStream live = new SeaStream(2, 1_000_000, 0.0, 8.0);
            for (int i = 0; i < 20_000; i++) {
                Row r = live.next().without("label");
                if (i >= 10_000) {
                    r = r.with("x1", r.number(0) + 5);
                }
                monitor.observe(r, m.model().predict(r));
            }
            monitor.flush();
            List<DriftWindow> windows = monitor.driftWindows();
            org.assertj.core.api.Assertions.assertThat(windows).hasSizeGreaterThan(2);
            assertThat(windows.get(0)).hasNoDrift().hasVerdict("x1", DriftVerdict.STABLE);
            DriftWindow last = windows.get(windows.size() - 1);
            assertThat(last).hasVerdict("x1", DriftVerdict.DRIFT).hasVerdict("x3", DriftVerdict.STABLE);
            assertThatThrownBy(() -> assertThat(last).hasNoDrift()).hasMessageContaining("x1")
                    .hasMessageContaining("threshold");
        }
    }

    @Test
    void aDetectorThatAlwaysCriesDriftFailsTheContract() {
        var events = EngineTestKit.engine("junit-jupiter").selectors(selectClass(AlarmistRunsTheContract.class))
                .execute().testEvents();
        events.assertStatistics(s -> s.failed(3));
        org.assertj.core.api.Assertions.assertThat(events.failed().stream().map(e -> e.getTestDescriptor()
                .getDisplayName()).toList()).containsExactlyInAnyOrder("aWindowComparedWithItselfNeverDrifts()",
                        "aSampleOfTheSameDistributionDoesNotDrift()", "saysWhenThereIsTooLittleDataInsteadOfThrowing()");
    }

    /** Run only through the engine test kit above. */
    static class AlarmistRunsTheContract extends DriftDetectorContract {
        @Override
        protected DriftDetector createDetector() {
            return new DriftDetector() {
                @Override
                public String method() {
                    return "alarmist";
                }

                @Override
                public boolean supports(boolean numeric) {
                    return true;
                }

                @Override
                public DriftResult detect(FeatureSummary reference, FeatureSummary current) {
                    return new DriftResult(current.feature(), method(), 1.0, 0.0, Double.NaN, DriftVerdict.DRIFT,
                            reference.count(), current.count());
                }
            };
        }
    }
}
