package dev.lifecycle.core.loop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifecycle.api.data.Field;
import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.evaluation.DecisionRule;
import dev.lifecycle.api.model.Model;
import dev.lifecycle.api.model.ModelVersion;
import dev.lifecycle.api.model.OutputType;
import dev.lifecycle.api.model.Prediction;
import dev.lifecycle.api.model.Signature;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The loop's promotion test judges regressors on paired squared errors, not on label equality. */
class HeldOutGateTest {
    private static final Signature SIGNATURE = new Signature(List.of(Field.numeric("x")), "y",
            OutputType.REGRESSION, List.of());

    private static ModelVersion regressor(int n, double noise, long seed) {
        Model m = new Model() {
            @Override
            public Signature signature() {
                return SIGNATURE;
            }

            @Override
            public Prediction predict(Row row) {
                double x = ((Number) row.get("x")).doubleValue();
                // deterministic per row: the "noise" of this model on this input
                double e = new SplittableRandom(Double.doubleToLongBits(x) ^ seed).nextGaussian() * noise;
                return Prediction.ofValue(2 * x + e);
            }

            @Override
            public boolean producesProbabilities() {
                return false;
            }
        };
        return new ModelVersion("reg", n, m, "test", Map.of(), 0, null, "test", "0".repeat(64), Instant.EPOCH, null);
    }

    @Test
    void aRegressorWithSmallerErrorsPassesAndAnEqualOneDoesNot() {
        List<Row> rows = new ArrayList<>();
        List<String> truth = new ArrayList<>();
        SplittableRandom rnd = new SplittableRandom(3);
        for (int i = 0; i < 500; i++) {
            double x = rnd.nextDouble();
            rows.add(Row.of("x", x));
            truth.add(Double.toString(2 * x));
        }
        HeldOutGate gate = new HeldOutGate(DecisionRule.defaults(), 0.0, false);
        HeldOutGate.Scores champion = HeldOutGate.score(regressor(1, 1.0, 1), rows, truth);
        HeldOutGate.Scores better = HeldOutGate.score(regressor(2, 0.5, 2), rows, truth);
        HeldOutGate.Scores same = HeldOutGate.score(regressor(3, 1.0, 3), rows, truth);
        assertThat(champion.ok()).isNull();
        assertThat(champion.accuracy()).isNaN();
        HeldOutGate.Verdict v = gate.judge(champion, better);
        assertThat(v.passed()).isTrue();
        assertThat(v.reason()).contains("paired t-test on loss differences").contains("n=500").contains("p=");
        assertThat(gate.judge(champion, same).passed()).isFalse();
        assertThat(gate.judge(better, champion).decision().verdict())
                .isEqualTo(dev.lifecycle.api.evaluation.Decision.Verdict.ROLL_BACK);
    }
}
