package dev.lifecycle.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.data.Field;
import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.data.Schema;
import dev.lifecycle.api.data.SchemaMismatchException;
import dev.lifecycle.api.model.Model;
import dev.lifecycle.api.model.Prediction;
import dev.lifecycle.api.model.Trainer;
import dev.lifecycle.core.Lifecycle;
import dev.lifecycle.core.data.Csv;
import dev.lifecycle.core.data.RowSource;
import dev.lifecycle.testkit.generators.GeneratedData;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apiguardian.api.API;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every classification {@link Trainer} must keep: it learns an easy concept, predicts
 * only labels it saw, gives identical models for identical data and seed, records its settings,
 * and fails with a {@link SchemaMismatchException} on data it cannot use. Extend it and implement
 * {@link #createTrainer(long)}.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public abstract class TrainerContract {
    private Lifecycle lifecycle;

    /** @return a trainer under test with the given seed */
    protected abstract Trainer createTrainer(long seed);

    /** @return the accuracy the trainer must reach on training data of an easy, separable concept */
    protected double minimumTrainingAccuracy() {
        return 0.8;
    }

    @BeforeEach
    public void openLifecycle() {
        lifecycle = Lifecycle.inMemory();
    }

    @AfterEach
    public void closeLifecycle() {
        lifecycle.close();
    }

    /** @return 400 rows with a numeric, a categorical and a boolean feature; label "1" iff x + (c == "b" ? 1 : 0) > 1 */
    protected GeneratedData easyConcept(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Schema schema = new Schema(List.of(Field.numeric("x"), Field.categorical("c", List.of("a", "b")),
                Field.bool("flag"), Field.categorical("label", List.of("0", "1"))), "label");
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            double x = random.nextDouble() * 2;
            String c = random.nextBoolean() ? "a" : "b";
            boolean flag = random.nextBoolean();
            boolean positive = x + (c.equals("b") ? 1 : 0) > 1;
            rows.add(Row.of("x", x, "c", c, "flag", flag, "label", positive ? "1" : "0"));
        }
        return new GeneratedData(schema, rows);
    }

    @Test
    public void learnsAnEasyConcept() {
        DatasetVersion data = easyConcept(1).importInto(lifecycle, "easy");
        Model model = createTrainer(7).train(data);
        int correct = 0;
        for (int i = 0; i < data.size(); i++) {
            if (model.predict(data.row(i).without("label")).label().equals(data.target(i))) {
                correct++;
            }
        }
        assertThat((double) correct / data.size()).as("training accuracy on an easy concept")
                .isGreaterThanOrEqualTo(minimumTrainingAccuracy());
    }

    @Test
    public void predictsOnlyLabelsItSaw() {
        DatasetVersion data = easyConcept(2).importInto(lifecycle, "easy");
        Model model = createTrainer(7).train(data);
        assertThat(model.signature().labels()).containsExactlyInAnyOrder("0", "1");
        for (int i = 0; i < 50; i++) {
            Prediction p = model.predict(data.row(i));
            assertThat(p.label()).isIn("0", "1");
            if (p.hasScores()) {
                assertThat(p.scores()).hasSize(2);
            }
        }
    }

    @Test
    public void sameDataAndSeedGiveIdenticalPredictions() {
        DatasetVersion data = easyConcept(3).importInto(lifecycle, "easy");
        Model a = createTrainer(11).train(data);
        Model b = createTrainer(11).train(data);
        for (int i = 0; i < data.size(); i++) {
            Row r = data.row(i);
            Prediction pa = a.predict(r);
            Prediction pb = b.predict(r);
            assertThat(pb.label()).as("label of row %d", i).isEqualTo(pa.label());
            assertThat(pb.scores()).as("scores of row %d", i).containsExactly(pa.scores());
        }
    }

    @Test
    public void recordsItsSettings() {
        Trainer t = createTrainer(5);
        assertThat(t.name()).isNotBlank();
        assertThat(t.seed()).isEqualTo(5L);
        assertThat(t.parameters()).isNotNull();
        assertThat(createTrainer(5).parameters()).isEqualTo(t.parameters());
    }

    @Test
    public void signatureNamesTheFeaturesWithoutTheTarget() {
        DatasetVersion data = easyConcept(4).importInto(lifecycle, "easy");
        Model model = createTrainer(7).train(data);
        assertThat(model.signature().target()).isEqualTo("label");
        assertThat(model.signature().inputs()).extracting(Field::name).containsExactly("x", "c", "flag");
    }

    @Test
    public void refusesDataWithoutATarget() {
        GeneratedData easy = easyConcept(5);
        DatasetVersion noTarget = lifecycle.datasets().importFrom("no-target",
                RowSource.of("rows", easy.schema().names(), easy.rows()), Csv.defaults());
        assertThatThrownBy(() -> createTrainer(7).train(noTarget)).isInstanceOf(SchemaMismatchException.class)
                .hasMessageContaining(noTarget.id());
    }

    @Test
    public void refusesPredictionsForRowsWithoutAFeature() {
        DatasetVersion data = easyConcept(6).importInto(lifecycle, "easy");
        Model model = createTrainer(7).train(data);
        assertThatThrownBy(() -> model.predict(data.row(0).without("x"))).isInstanceOf(SchemaMismatchException.class)
                .satisfies(e -> assertThat(((SchemaMismatchException) e).feature()).isEqualTo("x"));
    }
}
