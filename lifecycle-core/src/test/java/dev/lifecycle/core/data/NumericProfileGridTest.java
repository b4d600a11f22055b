package dev.lifecycle.core.data;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifecycle.core.data.internal.DistinctSketch;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The numeric profile's shortcuts for prices and whole numbers (repeats on the grid of hundredths skip
 * the hash) and its min/max by comparisons leave the sketch and the statistics exactly as the plain
 * computation has them.
 */
class NumericProfileGridTest {

    @Provide
    Arbitrary<double[]> priceColumns() {
        return Arbitraries.integers().between(1, 80_000).flatMap(n -> Arbitraries.integers().between(1, 200_000)
                .flatMap(distinct -> Arbitraries.integers().between(0, 100).flatMap(offGridPercent ->
                        Arbitraries.longs().map(seed -> {
                            SplittableRandom r = new SplittableRandom(seed);
                            double[] v = new double[n];
                            for (int i = 0; i < n; i++) {
                                int k = r.nextInt(distinct) - distinct / 2;
                                v[i] = r.nextInt(100) < offGridPercent ? k * 0.37 + r.nextDouble() * 1e-3
                                        : k % 101 == 0 ? Double.NaN
                                        : k % 103 == 0 ? -0.0
                                        : k % 107 == 0 ? k * 1e6
                                        : k % 5 == 0 ? k / 5
                                        : Math.round(k * 1.0) / 100.0;
                            }
                            return v;
                        }))));
    }

    @Property(tries = 60)
    void priceColumnsSketchLikeEveryValueOfferedAndKeepExactStatistics(@ForAll("priceColumns") double[] values,
            @ForAll @IntRange(min = 1, max = 9000) int chunk) {
        assertSameAsPlain(values, chunk);
    }

    @Test
    void aColumnThatLeavesTheGridHalfwaySketchesLikeEveryValueOffered() {
        SplittableRandom r = new SplittableRandom(7);
        double[] values = new double[400_000];
        for (int i = 0; i < values.length; i++) {
            values[i] = i < 200_000 ? Math.round(r.nextGaussian() * 5_000) / 100.0 : r.nextGaussian() * 1e3;
        }
        assertSameAsPlain(values, values.length);
        assertSameAsPlain(values, 1000);
    }

    @Test
    void infinitiesAndSignedZerosKeepExactMinAndMax() {
        double[] values = new double[10_000];
        for (int i = 0; i < values.length; i++) {
            values[i] = i % 3 == 0 ? -0.0 : i / 100.0;
        }
        values[5_000] = Double.POSITIVE_INFINITY;
        assertSameAsPlain(values, values.length);
        values[7_001] = Double.NEGATIVE_INFINITY;
        assertSameAsPlain(values, values.length);
        NumericProfile p = NumericProfile.of("x", new double[] {-0.0, -0.0, -0.0, -0.0, -0.0});
        assertThat(Double.doubleToRawLongBits(p.min())).isEqualTo(Double.doubleToRawLongBits(0.0));
        assertThat(Double.doubleToRawLongBits(p.max())).isEqualTo(Double.doubleToRawLongBits(0.0));
    }

    @Test
    void theHundredthsTestWithoutDivisionAgreesWithTheDivisionOnEveryGridPointAndItsNeighbours() {
        for (int k = -(1 << 15) + 1; k < 1 << 15; k++) {
            double t = k / 100.0;
            for (double x : new double[] {t, Math.nextUp(t), Math.nextDown(t), Math.nextUp(Math.nextUp(t)),
                    Math.nextDown(Math.nextDown(t)), k * 0.01, t + 1e-9, Math.scalb(1.0, k % 1100 - 1074)}) {
                double r = Math.rint(x * 100);
                if (Math.abs(r) < 1 << 15) {
                    assertThat(dev.lifecycle.core.data.internal.HllDistinct.isHundredths(x + 0.0, r)).as("x=%s r=%s", x, r)
                            .isEqualTo(r / 100 == x + 0.0);
                }
            }
        }
    }

    private static void assertSameAsPlain(double[] values, int chunk) {
        DistinctSketch plain = new DistinctSketch();
        long count = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            if (!Double.isNaN(v)) {
                plain.offer(DistinctSketch.hash(v + 0.0));
                count++;
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        NumericProfile.Accumulator acc = NumericProfile.accumulator("x");
        for (int from = 0; from < values.length; from += chunk) {
            acc.addAll(values, from, Math.min(values.length, from + chunk));
        }
        NumericProfile p = acc.build();
        assertThat(p.distinctBytes()).as("sketch bytes").isEqualTo(plain.toBytes());
        assertThat(p.count()).isEqualTo(count);
        assertThat(p.missing()).isEqualTo(values.length - count);
        if (count > 0) {
            assertThat(p.min()).isEqualTo(min + 0.0);
            assertThat(p.max()).isEqualTo(max + 0.0);
        }
    }
}
