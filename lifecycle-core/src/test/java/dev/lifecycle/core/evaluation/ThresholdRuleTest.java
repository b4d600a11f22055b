package dev.lifecycle.core.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifecycle.api.evaluation.DecisionThreshold;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Threshold rules against brute force over every cut of the scores. */
class ThresholdRuleTest {
    private static final List<String> LABELS = List.of("no", "yes");

    @Property(tries = 60)
    void maxF1AndCostMatchBruteForce(@ForAll @IntRange(min = 2, max = 300) int n, @ForAll long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int[] truth = new int[n];
        double[] scores = new double[2 * n];
        truth[0] = 0;
        truth[1] = 1;
        for (int i = 0; i < n; i++) {
            if (i > 1) {
                truth[i] = rnd.nextInt(2);
            }
            // coarse scores make ties
            double s = Math.min(1, Math.max(0, Math.round((truth[i] * 0.3 + rnd.nextDouble() * 0.7) * 20) / 20.0));
            scores[2 * i + 1] = s;
            scores[2 * i] = 1 - s;
        }
        PredictionSet p = PredictionSet.classification(LABELS, truth, new int[n], scores, true);
        DecisionThreshold f1 = ThresholdRule.maxF1().choose(p, "yes", "test");
        DecisionThreshold cost = ThresholdRule.costs(1, 3).choose(p, "yes", "test");
        double bestF1 = -1;
        double bestCost = Double.POSITIVE_INFINITY;
        for (int c = 0; c <= n; c++) {
            double cut = c == n ? 2 : scores[2 * c + 1];
            bestF1 = Math.max(bestF1, f1At(truth, scores, cut));
            bestCost = Math.min(bestCost, costAt(truth, scores, cut));
        }
        assertThat(f1At(truth, scores, f1.threshold())).isCloseTo(bestF1, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(f1.atThreshold().get("f1")).isCloseTo(bestF1, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(costAt(truth, scores, cost.threshold())).isEqualTo(bestCost);
    }

    private static double f1At(int[] truth, double[] scores, double cut) {
        long tp = 0;
        long fp = 0;
        long fn = 0;
        for (int i = 0; i < truth.length; i++) {
            boolean said = scores[2 * i + 1] >= cut;
            tp += said && truth[i] == 1 ? 1 : 0;
            fp += said && truth[i] == 0 ? 1 : 0;
            fn += !said && truth[i] == 1 ? 1 : 0;
        }
        return 2 * tp + fp + fn == 0 ? 0 : 2.0 * tp / (2.0 * tp + fp + fn);
    }

    private static double costAt(int[] truth, double[] scores, double cut) {
        double c = 0;
        for (int i = 0; i < truth.length; i++) {
            boolean said = scores[2 * i + 1] >= cut;
            c += said && truth[i] == 0 ? 1 : !said && truth[i] == 1 ? 3 : 0;
        }
        return c;
    }

    @Test
    void targetsAreMetAndUnreachableTargetsSayWhatToDo() {
        int[] truth = {0, 1, 0, 1, 1, 0};
        double[] yes = {0.9, 0.8, 0.7, 0.6, 0.4, 0.1};
        double[] scores = new double[12];
        for (int i = 0; i < 6; i++) {
            scores[2 * i + 1] = yes[i];
            scores[2 * i] = 1 - yes[i];
        }
        PredictionSet p = PredictionSet.classification(LABELS, truth, new int[6], scores, true);
        DecisionThreshold r = ThresholdRule.recallAtLeast(2.0 / 3).choose(p, "yes", "six rows");
        assertThat(r.threshold()).isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-12)); // 0.9..0.6 above
        assertThat(r.atThreshold().get("recall")).isEqualTo(2.0 / 3);
        DecisionThreshold q = ThresholdRule.precisionAtLeast(0.6).choose(p, "yes", "six rows");
        // 3 of the 5 above 0.25 are positive: precision 0.6, recall 1
        assertThat(q.threshold()).isCloseTo(0.25, org.assertj.core.data.Offset.offset(1e-12));
        assertThatThrownBy(() -> ThresholdRule.precisionAtLeast(0.99).choose(p, "yes", "six rows"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("six rows", "highest precision", "lower the target");
        assertThatThrownBy(() -> ThresholdRule.maxF1().choose(p, "maybe", "six rows"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[no, yes]");
        assertThatThrownBy(() -> ThresholdRule.maximize("auc")).hasMessageContaining("use one of");
        assertThatThrownBy(() -> DecisionThreshold.of("yes", Double.NaN)).hasMessageContaining("finite");
    }
}
