package dev.lifecycle.core.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifecycle.api.monitoring.DriftDetector;
import dev.lifecycle.api.monitoring.DriftResult;
import dev.lifecycle.api.monitoring.DriftVerdict;
import dev.lifecycle.api.monitoring.FeatureSummary;
import dev.lifecycle.core.data.CategoricalProfile;
import dev.lifecycle.core.data.NumericProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;

@Tag("fast")
class DriftDetectorsTest {

    private static FeatureSummary normal(long seed, int n, double mean) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            double u1 = r.nextDouble();
            double u2 = r.nextDouble();
            v[i] = mean + Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
        }
        return DriftDetectors.summary(NumericProfile.of("x", v));
    }

    private static FeatureSummary cats(Map<String, Long> counts) {
        return DriftDetectors.summary(new CategoricalProfile("c", 0, counts));
    }

    @Test
    void everyNumericDetectorFindsAHalfSigmaShiftAndNotItself() {
        FeatureSummary ref = normal(1, 5000, 0);
        FeatureSummary shifted = normal(2, 2000, 0.5);
        for (DriftDetector d : List.of(DriftDetectors.psi(), DriftDetectors.wasserstein(), DriftDetectors.ks(),
                DriftDetectors.auto())) {
            assertThat(d.detect(ref, ref).verdict()).as(d.method()).isEqualTo(DriftVerdict.STABLE);
            DriftResult r = d.detect(ref, shifted);
            assertThat(r.verdict()).as(d.method() + " " + r).isEqualTo(DriftVerdict.DRIFT);
            assertThat(r.score()).isGreaterThan(r.threshold());
            assertThat(r.feature()).isEqualTo("x");
        }
    }

    @Test
    void sameDistributionIsStableForEveryDetectorAtSmallAndLargeWindows() {
        FeatureSummary ref = normal(1, 20000, 0);
        for (int n : new int[] {200, 800, 5000, 50000}) {
            FeatureSummary cur = normal(100 + n, n, 0);
            for (DriftDetector d : List.of(DriftDetectors.psi(), DriftDetectors.wasserstein(), DriftDetectors.ks(),
                    DriftDetectors.auto())) {
                assertThat(d.detect(ref, cur).drifted()).as(d.method() + " n=" + n).isFalse();
            }
        }
    }

    @Test
    void aTinyShiftInAHugeWindowIsNotDrift() {
        FeatureSummary ref = normal(1, 50000, 0);
        FeatureSummary cur = normal(2, 50000, 0.04);
        DriftResult ks = DriftDetectors.ks().detect(ref, cur);
        assertThat(ks.score()).isPositive().isLessThan(ks.threshold());
        assertThat(ks.verdict()).isEqualTo(DriftVerdict.STABLE);
        assertThat(DriftDetectors.psi().detect(ref, cur).score()).isPositive().isLessThan(0.2);
        assertThat(DriftDetectors.auto().detect(ref, cur).verdict()).isEqualTo(DriftVerdict.STABLE);
    }

    @Test
    void autoUsesATestForSmallWindowsAndADistanceForLargeOnes() {
        FeatureSummary ref = normal(1, 5000, 0);
        assertThat(DriftDetectors.auto().detect(ref, normal(2, 500, 0)).method()).isEqualTo("ks");
        assertThat(DriftDetectors.auto().detect(ref, normal(2, 5000, 0)).method()).isEqualTo("psi");
        FeatureSummary c = cats(Map.of("a", 500L, "b", 400L));
        assertThat(DriftDetectors.auto().detect(c, c).method()).isEqualTo("chi-square");
    }

    @Test
    void categoricalDetectorsSeeAChangedMix() {
        FeatureSummary ref = cats(Map.of("a", 3000L, "b", 2000L, "c", 1000L));
        FeatureSummary same = cats(Map.of("a", 300L, "b", 200L, "c", 100L));
        FeatureSummary changed = cats(Map.of("a", 100L, "b", 200L, "c", 300L));
        for (DriftDetector d : List.of(DriftDetectors.chiSquare(), DriftDetectors.jensenShannon())) {
            assertThat(d.detect(ref, same).drifted()).as(d.method()).isFalse();
            assertThat(d.detect(ref, changed).drifted()).as(d.method()).isTrue();
        }
        DriftResult chi = DriftDetectors.chiSquare().detect(ref, changed);
        assertThat(chi.pValue()).isLessThan(1e-6);
    }

    @Test
    void tooFewValuesIsInsufficientDataAndWrongKindFailsWithAHint() {
        FeatureSummary ref = normal(1, 5000, 0);
        assertThat(DriftDetectors.psi().detect(ref, normal(2, 10, 3)).verdict())
                .isEqualTo(DriftVerdict.INSUFFICIENT_DATA);
        FeatureSummary c = cats(Map.of("a", 50L, "b", 50L));
        assertThatThrownBy(() -> DriftDetectors.psi().detect(c, c)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("auto()");
        assertThatThrownBy(() -> DriftDetectors.ks(0, 0.1)).hasMessageContaining("(0, 1)");
    }

    @Test
    void detectorsArePureFunctions() {
        FeatureSummary ref = normal(1, 3000, 0);
        FeatureSummary cur = normal(2, 700, 0.3);
        List<DriftResult> first = new ArrayList<>();
        for (DriftDetector d : List.of(DriftDetectors.psi(), DriftDetectors.wasserstein(), DriftDetectors.ks())) {
            first.add(d.detect(ref, cur));
        }
        List<DriftResult> again = new ArrayList<>();
        for (DriftDetector d : List.of(DriftDetectors.psi(), DriftDetectors.wasserstein(), DriftDetectors.ks())) {
            again.add(d.detect(ref, cur));
        }
        assertThat(again).isEqualTo(first);
    }

    @Test
    void wassersteinOnAConstantReferenceGivesAScoreInUnitsOfTheDataNotOfZero() {
        double[] constant = new double[3000];
        java.util.Arrays.fill(constant, 0.003467);
        FeatureSummary ref = DriftDetectors.summary(NumericProfile.of("vicprice", constant));
        FeatureSummary same = DriftDetectors.summary(NumericProfile.of("vicprice", constant.clone()));
        double[] moved = new double[1000];
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < moved.length; i++) {
            moved[i] = 0.003467 + 0.002 * r.nextDouble();
        }
        FeatureSummary cur = DriftDetectors.summary(NumericProfile.of("vicprice", moved));

        DriftResult unchanged = DriftDetectors.wasserstein().detect(ref, same);
        DriftResult spread = DriftDetectors.wasserstein().detect(ref, cur);

        assertThat(unchanged.score()).isZero();
        assertThat(unchanged.verdict()).isEqualTo(DriftVerdict.STABLE);
        // the current window's spread is the unit: a shift of about 1.7 of its standard deviations
        assertThat(spread.score()).isBetween(1.0, 3.0);
        assertThat(spread.verdict()).isEqualTo(DriftVerdict.DRIFT);
    }
}
