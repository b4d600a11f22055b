package dev.lifecycle.core.data;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifecycle.core.data.internal.LevelFeeder;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.memory.Memory;
import org.apache.datasketches.quantilescommon.QuantilesDoublesSketchIterator;

/**
 * Feeding quantile levels in nearly ascending batches ({@link LevelFeeder}) gives every level exactly the
 * values the plain path would have given it, and quantiles within the stated error whatever the order
 * and kind of the column.
 */
class LevelFeederTest {

    /** Values of one of several shapes: spanning zero, a narrow range, few distinct, specials mixed in. */
    static double[] batch(SplittableRandom r, int n, int shape) {
        double[] v = new double[n];
        double base = r.nextDouble() * 1e6;
        for (int i = 0; i < n; i++) {
            double g = r.nextDouble() * 2 - 1 + r.nextDouble();
            v[i] = switch (shape) {
                case 0 -> g * 7;
                case 1 -> base + g * 1e-9;
                case 2 -> Math.floor(Math.abs(g) * 3);
                case 3 -> Math.round(g * 10_000) / 100.0;
                default -> {
                    int k = r.nextInt(12);
                    yield k == 0 ? Double.NaN : k == 1 ? -0.0 : k == 2 ? 0.0 : k == 3 ? Double.POSITIVE_INFINITY
                            : k == 4 ? Double.NEGATIVE_INFINITY : k == 5 ? Double.MIN_VALUE : g * 1e300;
                }
            };
        }
        return v;
    }

    @Property(tries = 200)
    void aBatchReachesTheSketchWhole(@ForAll @IntRange(min = 1, max = 4096) int n,
            @ForAll @IntRange(min = 0, max = 4) int shape, @ForAll long seed) {
        double[] values = batch(new SplittableRandom(seed), n, shape);
        double[] present = Arrays.stream(values).filter(x -> !Double.isNaN(x)).sorted().toArray();
        KllDoublesSketch fed = KllDoublesSketch.newHeapInstance(NumericProfile.K);
        new LevelFeeder().feed(fed, values.clone(), n);
        assertThat(fed.getN()).isEqualTo(present.length);
        if (present.length == 0) {
            return;
        }
        assertThat(fed.getMinItem()).isEqualTo(present[0]);
        assertThat(fed.getMaxItem()).isEqualTo(present[present.length - 1]);
        if (!fed.isEstimationMode()) {
            assertThat(retained(fed)).containsExactly(present);
            return;
        }
        for (double q : new double[] {0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99}) {
            double estimate = fed.getQuantile(q);
            assertThat(ProfileAndSplitPropertiesTest.rankError(present, estimate, q)).as("q=" + q)
                    .isLessThanOrEqualTo(NumericProfile.KLL_RANK_ERROR);
        }
    }

    @Property(tries = 25)
    void everyLevelGetsItsSampleAndQuantilesStayWithinTheStatedError(
            @ForAll @IntRange(min = 1, max = 150_000) int n, @ForAll @IntRange(min = 0, max = 4) int shape,
            @ForAll @IntRange(min = 0, max = 2) int order, @ForAll @IntRange(min = 1, max = 9_000) int chunk,
            @ForAll long seed) {
        double[] values = batch(new SplittableRandom(seed), n, shape);
        if (order > 0) {
            Arrays.sort(values);
            if (order == 2) {
                for (int i = 0; i < n / 2; i++) {
                    double t = values[i];
                    values[i] = values[n - 1 - i];
                    values[n - 1 - i] = t;
                }
            }
        }
        NumericProfile.Accumulator acc = NumericProfile.accumulator("x");
        for (int from = 0; from < n; from += chunk) {
            acc.addAll(values, from, Math.min(n, from + chunk));
        }
        NumericProfile p = acc.build();
        List<byte[]> levels = p.levelBytes();
        long presentInLevel0 = Arrays.stream(values, 0, Math.min(n, NumericProfile.LEVEL_SIZE))
                .filter(x -> !Double.isNaN(x)).count();
        assertThat(KllDoublesSketch.heapify(Memory.wrap(levels.get(0))).getN()).isEqualTo(presentInLevel0);
        for (int j = 1; j < levels.size(); j++) {
            long offered = Math.min(n, (long) NumericProfile.LEVEL_SIZE * ((2L << j) - 1))
                    - (long) NumericProfile.LEVEL_SIZE * ((1L << j) - 1);
            long sampled = KllDoublesSketch.heapify(Memory.wrap(levels.get(j))).getN();
            assertThat(sampled).as("level " + j).isLessThanOrEqualTo((offered + (1L << j) - 1) >> j);
            if (shape != 4) {
                assertThat(sampled).as("level " + j).isGreaterThanOrEqualTo(offered >> j);
            }
        }
        double[] sorted = Arrays.stream(values).filter(x -> !Double.isNaN(x)).sorted().toArray();
        if (sorted.length == 0) {
            return;
        }
        for (double q : new double[] {0.05, 0.25, 0.5, 0.75, 0.95}) {
            assertThat(ProfileAndSplitPropertiesTest.rankError(sorted, p.quantile(q), q)).as("q=" + q)
                    .isLessThanOrEqualTo(p.rankError());
        }
    }

    private static double[] retained(KllDoublesSketch s) {
        double[] out = new double[s.getNumRetained()];
        QuantilesDoublesSketchIterator it = s.iterator();
        int i = 0;
        while (it.next()) {
            out[i++] = it.getQuantile();
        }
        Arrays.sort(out);
        return out;
    }
}
