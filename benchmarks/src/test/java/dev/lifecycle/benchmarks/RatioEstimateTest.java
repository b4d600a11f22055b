package dev.lifecycle.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class RatioEstimateTest {

    @Test
    void closeRatiosAreStableAndTheIntervalHoldsTheirGeometricMean() {
        RatioEstimate e = RatioEstimate.of(List.of(0.70, 0.71, 0.69, 0.70, 0.72));
        assertThat(e.median()).isEqualTo(0.70);
        assertThat(e.low()).isLessThan(0.70).isGreaterThan(0.68);
        assertThat(e.high()).isGreaterThan(0.70).isLessThan(0.73);
        assertThat(e.stable()).isTrue();
    }

    @Test
    void ratiosThatFlipAcrossTheTargetAreUnstable() {
        // the shadow-latency runs of issue 20: 1.255, 1.158, 3.196
        RatioEstimate e = RatioEstimate.of(List.of(1.255, 1.158, 3.196, 1.2, 1.3));
        assertThat(e.median()).isEqualTo(1.255);
        assertThat(e.stable()).isFalse();
    }

    @Test
    void theIntervalWidensWithSpreadAndNarrowsWithPairs() {
        RatioEstimate few = RatioEstimate.of(List.of(1.0, 1.1, 0.95));
        RatioEstimate many = RatioEstimate.of(List.of(1.0, 1.1, 0.95, 1.0, 1.1, 0.95, 1.0, 1.1, 0.95));
        assertThat(many.high() - many.low()).isLessThan(few.high() - few.low());
    }

    @Test
    void aKnownTInterval() {
        // logs of e^-0.1, e^0, e^0.1: mean 0, sd 0.1, n 3, t(2, 0.975) = 4.302653
        RatioEstimate e = RatioEstimate.of(List.of(Math.exp(-0.1), 1.0, Math.exp(0.1)));
        double half = 4.302653 * 0.1 / Math.sqrt(3);
        assertThat(e.low()).isCloseTo(Math.exp(-half), within(1e-6));
        assertThat(e.high()).isCloseTo(Math.exp(half), within(1e-6));
    }

    @Test
    void onePairHasNoIntervalAndIsNeverStable() {
        RatioEstimate e = RatioEstimate.of(List.of(0.9));
        assertThat(e.median()).isEqualTo(0.9);
        assertThat(e.low()).isNaN();
        assertThat(e.stable()).isFalse();
    }

    @Test
    void refusesNoRatiosAndNonPositiveOnes() {
        assertThatThrownBy(() -> RatioEstimate.of(List.of())).hasMessageContaining("no fork produced");
        assertThatThrownBy(() -> RatioEstimate.of(List.of(1.0, 0.0))).hasMessageContaining("positive");
        assertThatThrownBy(() -> RatioEstimate.of(List.of(1.0, Double.NaN))).hasMessageContaining("positive");
    }
}
