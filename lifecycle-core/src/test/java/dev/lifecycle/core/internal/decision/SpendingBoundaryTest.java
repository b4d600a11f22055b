package dev.lifecycle.core.internal.decision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;

@Tag("fast")
class SpendingBoundaryTest {

    @Test
    void fiveEquallySpacedLooksMatchThePublishedLanDeMetsOBrienFlemingBoundaries() {
        // Jennison & Turnbull / ldbounds: two-sided 0.05 (one-sided 0.025), K = 5
        double[] c = SpendingBoundary.obrienFleming(0.025, 5);
        assertThat(c[0]).isCloseTo(4.877, within(0.01));
        assertThat(c[1]).isCloseTo(3.357, within(0.01));
        assertThat(c[2]).isCloseTo(2.680, within(0.01));
        assertThat(c[3]).isCloseTo(2.290, within(0.01));
        assertThat(c[4]).isCloseTo(2.031, within(0.01));
    }

    @Test
    void oneLookIsTheFixedSampleQuantileAndBoundariesFallOverLooks() {
        assertThat(SpendingBoundary.obrienFleming(0.025, 1)[0]).isCloseTo(1.95996, within(1e-4));
        double[] c = SpendingBoundary.obrienFleming(0.01, 100);
        for (int j = 1; j < c.length; j++) {
            assertThat(c[j]).isLessThan(c[j - 1]);
        }
        // between the fixed-sample quantile (one look) and the continuous-monitoring one, z_{alpha/2}
        assertThat(c[99]).isBetween(2.3263, 2.5758);
    }
}
