package dev.lifecycle.core.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lifecycle.api.evaluation.Evaluation;
import dev.lifecycle.api.evaluation.Interval;
import dev.lifecycle.core.internal.eval.ClassificationAccumulator;
import dev.lifecycle.core.internal.eval.Metrics;
import dev.lifecycle.core.internal.eval.RegressionAccumulator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Laws the evaluation relies on: mergeable accumulators, rank-only AUC, intervals around their estimate. */
@net.jqwik.api.Tag("fast")
class EvaluationPropertiesTest {
    private static final List<String> LABELS = List.of("a", "b", "c");

    @Property(tries = 200)
    void mergingClassificationAccumulatorsOverAnyPartitionGivesTheWhole(@ForAll("rows") int n,
            @ForAll @IntRange(min = 1, max = 7) int parts, @ForAll long seed) {
        Random r = new Random(seed);
        int k = LABELS.size();
        int[] truth = new int[n];
        int[] pred = new int[n];
        double[] scores = new double[n * k];
        for (int i = 0; i < n; i++) {
            truth[i] = r.nextInt(k);
            pred[i] = r.nextInt(k);
            double sum = 0;
            for (int c = 0; c < k; c++) {
                scores[i * k + c] = Math.round(r.nextDouble() * 20) + 0.5;
                sum += scores[i * k + c];
            }
            for (int c = 0; c < k; c++) {
                scores[i * k + c] /= sum;
            }
        }
        ClassificationAccumulator whole = new ClassificationAccumulator(k, true, true, 2, 10, n);
        List<ClassificationAccumulator> pieces = new ArrayList<>();
        for (int p = 0; p < parts; p++) {
            pieces.add(whole.emptyCopy(4));
        }
        for (int i = 0; i < n; i++) {
            whole.add(truth[i], pred[i], scores, i * k);
            pieces.get(r.nextInt(parts)).add(truth[i], pred[i], scores, i * k);
        }
        Collections.shuffle(pieces, r);
        ClassificationAccumulator merged = pieces.get(0);
        for (int p = 1; p < parts; p++) {
            merged = r.nextBoolean() ? merged.merge(pieces.get(p)) : pieces.get(p).merge(merged);
        }
        assertThat(merged.confusion()).isDeepEqualTo(whole.confusion());
        assertSameMetrics(Metrics.classification(merged, LABELS, 2, "none", 1e-12).metrics(),
                Metrics.classification(whole, LABELS, 2, "none", 1e-12).metrics());
    }

    @Property(tries = 200)
    void mergingRegressionAccumulatorsOverAnyPartitionGivesTheWhole(@ForAll("rows") int n,
            @ForAll @IntRange(min = 1, max = 7) int parts, @ForAll long seed) {
        Random r = new Random(seed);
        RegressionAccumulator whole = new RegressionAccumulator(n);
        List<RegressionAccumulator> pieces = new ArrayList<>();
        for (int p = 0; p < parts; p++) {
            pieces.add(new RegressionAccumulator(4));
        }
        for (int i = 0; i < n; i++) {
            double t = r.nextInt(5) == 0 ? 0 : r.nextGaussian() * 10 + 3;
            double v = t + r.nextGaussian();
            whole.add(t, v);
            pieces.get(r.nextInt(parts)).add(t, v);
        }
        Collections.shuffle(pieces, r);
        RegressionAccumulator merged = pieces.get(0);
        for (int p = 1; p < parts; p++) {
            merged = merged.merge(pieces.get(p));
        }
        assertSameMetrics(Metrics.regression(merged, new java.util.HashMap<>()),
                Metrics.regression(whole, new java.util.HashMap<>()));
    }

    @Property(tries = 300)
    void aucIsUnchangedByAnyStrictlyIncreasingTransformOfTheScores(@ForAll("rows") int n, @ForAll long seed,
            @ForAll("transforms") DoubleUnaryOperator f) {
        Random r = new Random(seed);
        List<Double> pos = new ArrayList<>();
        List<Double> neg = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double s = r.nextInt(1001) / 1000.0;
            (r.nextDouble() < 0.4 + 0.3 * s ? pos : neg).add(s);
        }
        if (pos.isEmpty() || neg.isEmpty()) {
            return;
        }
        for (double tol : new double[] {0, 1e-12}) {
            double before = Metrics.auc(sorted(pos, x -> x), sorted(neg, x -> x), tol);
            double after = Metrics.auc(sorted(pos, f), sorted(neg, f), tol);
            assertThat(after).as("tolerance %s", tol).isCloseTo(before, within(1e-12));
        }
    }

    @Property(tries = 40)
    void aBootstrapIntervalContainsItsPointEstimate(@ForAll @IntRange(min = 5, max = 300) int n, @ForAll long seed) {
        Random r = new Random(seed);
        int[] truth = new int[n];
        int[] pred = new int[n];
        int[] group = new int[n];
        double[] x = new double[n];
        double[] scores = new double[2 * n];
        for (int i = 0; i < n; i++) {
            truth[i] = r.nextInt(2);
            double p1 = Math.min(1, Math.max(0, 0.3 * truth[i] + 0.7 * r.nextDouble()));
            scores[2 * i] = 1 - p1;
            scores[2 * i + 1] = p1;
            pred[i] = p1 >= 0.5 ? 1 : 0;
            group[i] = r.nextInt(3);
            x[i] = r.nextDouble();
        }
        PredictionSet p = PredictionSet.classification(List.of("n", "y"), truth, pred, scores, true);
        Evaluation ev = Evaluations.evaluate(p, Tables.classification(group, x, truth, List.of("n", "y")), "m",
                EvaluationOptions.defaults().bootstrap(30, seed));
        assertThat(ev.intervals()).containsKey("accuracy");
        for (Map.Entry<String, Interval> e : ev.intervals().entrySet()) {
            Interval iv = e.getValue();
            assertThat(iv.estimate()).isEqualTo(ev.metrics().get(e.getKey()));
            assertThat(iv.contains(iv.estimate())).as("%s %s", e.getKey(), iv).isTrue();
            assertThat(iv.lower()).isLessThanOrEqualTo(iv.upper());
        }
    }

    @Provide
    Arbitrary<Integer> rows() {
        return Arbitraries.integers().between(1, 400);
    }

    @Provide
    Arbitrary<DoubleUnaryOperator> transforms() {
        return Arbitraries.of(
                (DoubleUnaryOperator) x -> 3 * x - 7,
                x -> 1e-3 * x,
                Math::exp,
                x -> x * x * x + x,
                x -> 1 / (1 + Math.exp(-10 * (x - 0.5))),
                x -> Math.log(x + 1e-3),
                x -> -1 / (x + 2));
    }

    private static double[] sorted(List<Double> values, DoubleUnaryOperator f) {
        double[] out = values.stream().mapToDouble(Double::doubleValue).map(f).toArray();
        Arrays.sort(out);
        return out;
    }

    private static void assertSameMetrics(Map<String, Double> actual, Map<String, Double> expected) {
        assertThat(actual.keySet()).isEqualTo(expected.keySet());
        for (Map.Entry<String, Double> e : expected.entrySet()) {
            if (e.getValue().isNaN()) {
                assertThat(actual.get(e.getKey())).as(e.getKey()).isNaN();
            } else {
                assertThat(actual.get(e.getKey())).as(e.getKey()).isCloseTo(e.getValue(), within(1e-9));
            }
        }
    }
}
