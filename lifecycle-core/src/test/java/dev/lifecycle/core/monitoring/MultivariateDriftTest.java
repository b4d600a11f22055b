package dev.lifecycle.core.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.monitoring.DriftVerdict;
import dev.lifecycle.api.monitoring.DriftDetector;
import dev.lifecycle.api.monitoring.FeatureSummary;
import dev.lifecycle.core.Lifecycle;
import dev.lifecycle.core.data.Csv;
import dev.lifecycle.core.data.DatasetProfile;
import dev.lifecycle.core.data.NumericProfile;
import dev.lifecycle.core.data.RowSource;
import dev.lifecycle.core.model.Trainers;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;

@Tag("fast")
class MultivariateDriftTest {

    @BeforeAll
    static void quiet() {
        Logger.getLogger("org.tribuo").setLevel(Level.WARNING);
    }

    private static double gaussian(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    /** Rows of x, y standard normal with correlation rho. */
    private static List<Row> correlated(long seed, int n, double rho) {
        SplittableRandom r = new SplittableRandom(seed);
        List<Row> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            double a = gaussian(r);
            double b = gaussian(r);
            rows.add(Row.of("x", a, "y", rho * a + Math.sqrt(1 - rho * rho) * b));
        }
        return rows;
    }

    /** Rows of five independent features f0..f4: normal, uniform, a category, and f3 normal with mean shift3. */
    private static List<Row> five(long seed, int n, double shift3) {
        SplittableRandom r = new SplittableRandom(seed);
        List<Row> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            rows.add(Row.of("f0", gaussian(r), "f1", r.nextDouble(), "f2", r.nextInt(3) == 0 ? "a" : "b",
                    "f3", gaussian(r) + shift3, "f4", 2 * gaussian(r)));
        }
        return rows;
    }

    private static FeatureSummary marginal(List<Row> rows, String feature) {
        double[] v = rows.stream().mapToDouble(row -> (Double) row.get(feature)).toArray();
        return DriftDetectors.summary(NumericProfile.of(feature, v));
    }

    @Test
    void aFlippedCorrelationIsInvisibleToEveryPerFeatureDetectorButNotToTheDomainClassifier() {
        List<Row> reference = correlated(1, 2000, 0.9);
        List<Row> current = correlated(2, 2000, -0.9);
        for (String f : List.of("x", "y")) {
            for (DriftDetector d : List.of(DriftDetectors.psi(), DriftDetectors.ks(), DriftDetectors.wasserstein(),
                    DriftDetectors.auto())) {
                assertThat(d.detect(marginal(reference, f), marginal(current, f)).drifted())
                        .as(d.method() + " on " + f).isFalse();
            }
        }

        MultivariateDriftReport report = MultivariateDrift.builder().seed(3).build().check(reference, current);

        assertThat(report.auc()).as(report.toString()).isGreaterThan(0.85);
        assertThat(report.drifted()).isTrue();
        assertThat(report.referenceRows()).isEqualTo(2000);
        assertThat(report.currentRows()).isEqualTo(2000);
        assertThat(report.attribution()).extracting(MultivariateDriftReport.FeatureAttribution::feature)
                .containsExactlyInAnyOrder("x", "y");
        assertThat(report.attribution()).allSatisfy(a -> assertThat(a.aucDrop()).isGreaterThan(0.1));
    }

    @Test
    void aStationaryStreamIsNotFlaggedAndScoresNearChanceOverTenSeeds() {
        MultivariateDrift check = MultivariateDrift.builder().build();
        int alarms = 0;
        double sum = 0;
        for (int s = 0; s < 10; s++) {
            MultivariateDriftReport r = check.check(five(100 + s, 1000, 0), five(200 + s, 1000, 0));
            alarms += r.drifted() ? 1 : 0;
            sum += r.auc();
            assertThat(r.auc()).as("seed " + s).isBetween(0.40, 0.60);
        }
        assertThat(alarms).isLessThanOrEqualTo(1);
        assertThat(sum / 10).isBetween(0.45, 0.55);
    }

    @Test
    void aShiftInOneOfFiveFeaturesIsDriftAttributedToThatFeatureFirst() {
        MultivariateDriftReport r = MultivariateDrift.builder().seed(5).build()
                .check(five(1, 1500, 0), five(2, 1500, 1.0));

        assertThat(r.drifted()).as(r.toString()).isTrue();
        assertThat(r.auc()).isGreaterThan(0.60);
        assertThat(r.attribution()).hasSize(5);
        assertThat(r.attribution().get(0).feature()).as(r.toString()).isEqualTo("f3");
        assertThat(r.attribution().get(0).aucDrop()).isGreaterThan(r.attribution().get(1).aucDrop() + 0.1);
    }

    @Test
    void aLinearClassifierCanServeAsDomainClassifier() {
        MultivariateDriftReport r = MultivariateDrift.builder().classifier(Trainers.logisticRegression().seed(2))
                .build().check(five(1, 1000, 0), five(2, 1000, 1.0));

        assertThat(r.classifier()).isEqualTo("logistic-regression");
        assertThat(r.drifted()).as(r.toString()).isTrue();
        assertThat(r.attribution().get(0).feature()).isEqualTo("f3");
    }

    @Test
    void badInputIsRejectedWithMessagesThatNameTheProblemAndTooFewRowsIsNoVerdict() {
        MultivariateDrift check = MultivariateDrift.builder().build();
        List<Row> ok = five(1, 200, 0);

        assertThatThrownBy(() -> check.check(List.of(), ok)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("reference rows are empty");
        assertThatThrownBy(() -> check.check(ok, List.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("current rows are empty");
        List<Row> renamed = ok.stream().map(row -> row.without("f4").with("g4", 1.0)).toList();
        assertThatThrownBy(() -> check.check(ok, renamed)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("different columns").hasMessageContaining("[f4]").hasMessageContaining("[g4]");
        MultivariateDriftReport few = check.check(ok, ok.subList(0, 20));
        assertThat(few.verdict()).as("too few rows is no alarm").isEqualTo(DriftVerdict.INSUFFICIENT_DATA);
        assertThat(few.drifted()).isFalse();
        assertThat(few.auc()).isNaN();
        assertThat(few.currentRows()).isEqualTo(20);
        assertThat(few.attribution()).isEmpty();
        List<Row> lacking = new ArrayList<>(ok);
        lacking.set(7, ok.get(7).without("f1"));
        assertThatThrownBy(() -> MultivariateDrift.builder().features(List.of("f0", "f1")).build().check(ok, lacking))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Row 7 of the current rows")
                .hasMessageContaining("'f1'");
        List<Row> mixed = new ArrayList<>(ok);
        mixed.set(3, ok.get(3).with("f0", "high"));
        assertThatThrownBy(() -> check.check(ok, mixed)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'f0' holds both numbers and text");
        assertThatThrownBy(() -> MultivariateDrift.builder().threshold(0.5)).hasMessageContaining("(0.5, 1)");
        assertThatThrownBy(() -> MultivariateDrift.builder().minRows(100).maxRows(50).build())
                .hasMessageContaining("maxRows (50) must be at least minRows (100)");
    }

    @Test
    void theSameSeedGivesTheSameReportAndAnotherSeedANearbyOne() {
        List<Row> ref = five(1, 600, 0);
        List<Row> cur = five(2, 600, 0.3);

        MultivariateDriftReport a = MultivariateDrift.builder().seed(9).build().check(ref, cur);
        MultivariateDriftReport b = MultivariateDrift.builder().seed(9).build().check(ref, cur);
        MultivariateDriftReport c = MultivariateDrift.builder().seed(10).build().check(ref, cur);

        assertThat(b).isEqualTo(a);
        assertThat(c.auc()).isNotEqualTo(a.auc()).isCloseTo(a.auc(), org.assertj.core.data.Offset.offset(0.05));
    }

    @Test
    void aDatasetVersionReferenceIsSampledOnItsFeatureColumnsWithoutTheTarget() {
        try (Lifecycle lc = Lifecycle.inMemory()) {
            List<Row> labelled = five(1, 3000, 0).stream().map(row -> row.with("label", row.get("f2"))).toList();
            DatasetVersion v = lc.datasets().importFrom("five",
                    RowSource.of("five", List.of("f0", "f1", "f2", "f3", "f4", "label"), labelled),
                    Csv.forTarget("label"));
            MultivariateDrift check = MultivariateDrift.builder().maxRows(1000).seed(4).build();

            MultivariateDriftReport shifted = check.check(v, five(2, 800, 1.0));
            MultivariateDriftReport same = check.check(v, five(3, 800, 0));

            assertThat(shifted.referenceRows()).isEqualTo(1000);
            assertThat(shifted.currentRows()).isEqualTo(800);
            assertThat(shifted.attribution()).extracting(MultivariateDriftReport.FeatureAttribution::feature)
                    .doesNotContain("label").first().isEqualTo("f3");
            assertThat(shifted.drifted()).isTrue();
            assertThat(same.drifted()).as(same.toString()).isFalse();
            assertThat(check.check(v, five(2, 800, 1.0))).isEqualTo(shifted);
        }
    }

    private static Monitor sampling(List<Row> reference, boolean enabled, long seed) {
        DatasetProfile profile = new DatasetProfile(reference.size(), List.of(marginalProfile(reference, "x"),
                marginalProfile(reference, "y")));
        Monitor.Builder b = Monitor.builder("flip", profile).chunkRows(256).windowChunks(8);
        return (enabled ? b.sampleRows(1000, seed) : b).build();
    }

    private static NumericProfile marginalProfile(List<Row> rows, String feature) {
        return NumericProfile.of(feature, rows.stream().mapToDouble(row -> (Double) row.get(feature)).toArray());
    }

    @Test
    void aMonitorCanSampleItsCurrentWindowForAMultivariateCheck() {
        List<Row> reference = correlated(1, 2000, 0.9);
        List<Row> served = new ArrayList<>(correlated(2, 2048, 0.9));
        served.addAll(correlated(3, 2048, -0.9));
        List<List<Row>> samples = new ArrayList<>();
        for (long seed : new long[] {7, 7}) {
            try (Monitor m = sampling(reference, true, seed)) {
                served.forEach(row -> m.observe(row, null));
                m.flush();
                samples.add(m.sampledRows());
                assertThat(m.driftWindows()).hasSize(2)
                        .allSatisfy(w -> assertThat(w.drift()).noneMatch(d -> d.drifted()));
            }
        }
        List<Row> window = samples.get(0);

        assertThat(window).hasSize(1000).isEqualTo(samples.get(1)).allMatch(served.subList(2048, 4096)::contains);
        assertThat(MultivariateDrift.builder().build().check(reference, window).drifted()).isTrue();
        try (Monitor off = sampling(reference, false, 7)) {
            served.forEach(row -> off.observe(row, null));
            off.flush();
            assertThat(off.sampledRows()).isEmpty();
        }
    }
}
