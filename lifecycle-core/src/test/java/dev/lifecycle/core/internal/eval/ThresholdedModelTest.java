package dev.lifecycle.core.internal.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifecycle.api.data.Field;
import dev.lifecycle.api.data.FieldType;
import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.evaluation.DecisionThreshold;
import dev.lifecycle.api.model.Model;
import dev.lifecycle.api.model.OutputType;
import dev.lifecycle.api.model.Prediction;
import dev.lifecycle.api.model.Signature;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The served threshold relabels by the positive score only, keeps identifiers, and refuses non-binary models. */
class ThresholdedModelTest {
    private static final List<String> LABELS = List.of("no", "yes");

    private static Model fixed(double yes, List<String> labels) {
        Signature sig = new Signature(List.of(new Field("x", FieldType.NUMERIC, true, List.of())), "y",
                OutputType.CLASSIFICATION, labels);
        return new Model() {
            @Override
            public Signature signature() {
                return sig;
            }

            @Override
            public Prediction predict(Row row) {
                return Prediction.ofLabel(yes >= 0.5 ? "yes" : "no", LABELS, new double[] {1 - yes, yes})
                        .withIdentifiers(Map.of("id", 7));
            }

            @Override
            public boolean producesProbabilities() {
                return true;
            }
        };
    }

    @Test
    void relabelsAtTheThresholdAndKeepsIdentifiers() {
        Row row = Row.of("x", 1.0);
        Model low = ThresholdedModel.of(fixed(0.35, LABELS), DecisionThreshold.of("yes", 0.3), "m@1");
        Prediction p = low.predict(row);
        assertThat(p.label()).isEqualTo("yes");
        assertThat(p.identifiers()).containsEntry("id", 7);
        assertThat(p.score("yes")).isEqualTo(0.35);
        assertThat(ThresholdedModel.of(fixed(0.29, LABELS), DecisionThreshold.of("yes", 0.3), "m@1").predict(row)
                .label()).isEqualTo("no");
        // the threshold is inclusive, and may also raise the bar above 0.5
        assertThat(ThresholdedModel.of(fixed(0.3, LABELS), DecisionThreshold.of("yes", 0.3), "m@1").predict(row)
                .label()).isEqualTo("yes");
        assertThat(ThresholdedModel.of(fixed(0.6, LABELS), DecisionThreshold.of("yes", 0.7), "m@1").predictAll(
                List.of(row, row))).extracting(Prediction::label).containsExactly("no", "no");
        // a threshold on the first label works the same way
        assertThat(ThresholdedModel.of(fixed(0.6, LABELS), DecisionThreshold.of("no", 0.35), "m@1").predict(row)
                .label()).isEqualTo("no");
        Model base = fixed(0.9, LABELS);
        assertThat(ThresholdedModel.of(base, null, "m@1")).isSameAs(base);
        assertThat(ThresholdedModel.unwrap(low)).isNotInstanceOf(ThresholdedModel.class);
        assertThat(ThresholdedModel.thresholdOf(low).threshold()).isEqualTo(0.3);
    }

    @Test
    void refusesModelsThatAreNotBinaryWithTheLabel() {
        assertThatThrownBy(() -> ThresholdedModel.of(fixed(0.5, List.of("a", "b", "c")),
                DecisionThreshold.of("a", 0.3), "m@2")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("m@2", "binary", "clearThreshold");
        assertThatThrownBy(() -> ThresholdedModel.of(fixed(0.5, LABELS), DecisionThreshold.of("maybe", 0.3), "m@2"))
                .hasMessageContaining("'maybe'");
    }
}
