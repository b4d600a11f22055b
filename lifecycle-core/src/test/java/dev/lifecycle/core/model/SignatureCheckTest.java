package dev.lifecycle.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.data.Field;
import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.data.Schema;
import dev.lifecycle.api.data.SchemaMismatchException;
import dev.lifecycle.api.model.ModelVersion;
import dev.lifecycle.api.model.Signature;
import dev.lifecycle.core.Lifecycle;
import dev.lifecycle.core.data.Csv;
import dev.lifecycle.core.data.RowSource;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;

@Tag("fast")
class SignatureCheckTest {

    @Test
    void scoringDataOrRowsThatDoNotMatchNamesEveryDifference() {
        try (Lifecycle lc = Lifecycle.inMemory()) {
            DatasetVersion data = Fixtures.classification(lc, "toy", 200, 1);
            ModelVersion v = lc.train("toy-clf", Trainers.logisticRegression().epochs(1), data);
            Signature sig = v.signature();

            Schema other = new Schema(List.of(Field.categorical("a", List.of("x")),
                    Field.categorical("colour", List.of("red", "purple")), Field.categorical("label", List.of("yes"))),
                    "label");
            assertThat(sig.check(other)).containsExactly("feature 'a' is CATEGORICAL but the model needs NUMERIC",
                    "feature 'b' (NUMERIC) is missing",
                    "feature 'colour' has categories [purple] the model never saw (it knows [blue, green, red])");
            assertThat(sig.check(data.schema())).isEmpty();

            DatasetVersion wrong = lc.datasets().importFrom("wrong", RowSource.of("w", List.of("a", "colour", "label"),
                    List.of(Row.of("a", "x", "colour", "purple", "label", "yes"))), Csv.forTarget("label"));
            assertThatThrownBy(() -> lc.evaluate(v, wrong)).isInstanceOf(SchemaMismatchException.class)
                    .hasMessageContaining("wrong@1 with toy-clf@1").hasMessageContaining("3 difference(s)")
                    .hasMessageContaining("'b' (NUMERIC) is missing").hasMessageContaining("[purple]");

            Row bad = Row.of("a", "seven", "colour", "pink");
            assertThatThrownBy(() -> v.model().predict(bad)).isInstanceOf(SchemaMismatchException.class)
                    .hasMessageContaining("3 ways").hasMessageContaining("'a' must be a number")
                    .hasMessageContaining("'b' (NUMERIC) is missing").hasMessageContaining("'pink'");
        }
    }
}
