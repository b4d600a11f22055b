package dev.lifecycle.core.tribuo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.model.Model;
import dev.lifecycle.api.model.Prediction;
import dev.lifecycle.core.Lifecycle;
import dev.lifecycle.core.data.Csv;
import dev.lifecycle.core.data.RowSource;
import dev.lifecycle.core.model.Trainers;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;

/** Standardisation must leave constant columns alone (as ELEC2's Victoria columns are in its first months). */
@Tag("fast")
class StandardizeTest {

    @Test
    void aConstantNumericColumnDoesNotTurnScoresIntoNaN() {
        SplittableRandom random = new SplittableRandom(3);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            double x = random.nextDouble();
            rows.add(Row.of("x", x, "constant", 0.5, "label", x > 0.5 ? "up" : "down"));
        }
        try (Lifecycle lc = Lifecycle.inMemory()) {
            DatasetVersion data = lc.datasets().importFrom("d", RowSource.of("rows", List.of("x", "constant", "label"),
                    rows), Csv.forTarget("label"));
            for (Model m : List.of(Trainers.logisticRegression().epochs(20).seed(1).train(data),
                    Trainers.linearSvm().seed(1).train(data))) {
                int correct = 0;
                for (int i = 0; i < data.size(); i++) {
                    Prediction p = m.predict(data.row(i));
                    assertThat(p.scores()).as("scores of row %d by %s", i, m).doesNotContain(Double.NaN);
                    correct += p.label().equals(data.target(i)) ? 1 : 0;
                }
                assertThat(correct).as("training accuracy of %s", m).isGreaterThan(450);
                Prediction shifted = m.predict(Row.of("x", 0.9, "constant", 7.0));
                assertThat(shifted.scores()).doesNotContain(Double.NaN);
            }
        }
    }
}
