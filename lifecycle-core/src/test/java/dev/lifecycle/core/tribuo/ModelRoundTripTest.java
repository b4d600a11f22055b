package dev.lifecycle.core.tribuo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.model.Model;
import dev.lifecycle.api.model.ModelFormatException;
import dev.lifecycle.api.model.ModelVersion;
import dev.lifecycle.api.model.OutputType;
import dev.lifecycle.api.model.Prediction;
import dev.lifecycle.api.model.Trainer;
import dev.lifecycle.core.Fixtures;
import dev.lifecycle.core.Lifecycle;
import dev.lifecycle.core.model.Trainers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Tag;

/** Trained models survive the store: the protobuf {@code ModelFormat} round trip predicts identically. */
@Tag("fast")
class ModelRoundTripTest {
    @TempDir
    Path dir;

    static Stream<Arguments> trainers() {
        return Stream.of(Arguments.of("lr", Trainers.logisticRegression().epochs(3).seed(11)),
                Arguments.of("lr-raw", Trainers.logisticRegression().standardize(false).seed(11)),
                Arguments.of("cart", Trainers.cart().maxDepth(6).seed(11)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("trainers")
    void reloadedModelPredictsIdentically(String name, Trainer trainer) {
        Path home = dir.resolve("home");
        List<Prediction> before;
        List<Row> rows = new ArrayList<>();
        ModelVersion trained;
        try (Lifecycle lc = Lifecycle.open(home)) {
            DatasetVersion data = Fixtures.importMixed(lc, "mixed", 400, 5);
            for (int r = 0; r < data.size(); r++) {
                rows.add(data.row(r).without("label"));
            }
            trained = lc.train(name, trainer, data);
            before = trained.model().predictAll(rows);
            // the model learned something from the features (10% label noise)
            long correct = 0;
            for (int r = 0; r < rows.size(); r++) {
                correct += before.get(r).label().equals(data.target(r)) ? 1 : 0;
            }
            assertThat((double) correct / rows.size()).as("training accuracy").isGreaterThan(0.75);
        }
        try (Lifecycle lc = Lifecycle.open(home)) {
            ModelVersion reloaded = lc.models().get(name, trained.version());
            assertThat(reloaded.model()).isNotSameAs(trained.model());
            assertThat(reloaded.digest()).isEqualTo(trained.digest());
            assertThat(reloaded.format()).isEqualTo(TribuoProtobufFormat.ID);
            assertThat(reloaded.signature()).isEqualTo(trained.signature());
            assertThat(reloaded.signature().outputType()).isEqualTo(OutputType.CLASSIFICATION);
            assertThat(reloaded.signature().labels()).containsExactly("no", "yes");
            assertThat(reloaded.trainer()).isEqualTo(trainer.name());
            assertThat(reloaded.parameters()).isEqualTo(trainer.parameters());
            assertThat(reloaded.seed()).isEqualTo(trainer.seed());
            assertThat(reloaded.dataset()).isEqualTo("mixed@1");
            assertThat(reloaded.model().producesProbabilities()).isEqualTo(trained.model().producesProbabilities());
            List<Prediction> after = reloaded.model().predictAll(rows);
            for (int r = 0; r < rows.size(); r++) {
                Prediction a = before.get(r);
                Prediction b = after.get(r);
                assertThat(b.label()).as("label of row %d", r).isEqualTo(a.label());
                assertThat(b.labels()).isEqualTo(a.labels());
                assertThat(b.scores()).as("scores of row %d", r).containsExactly(a.scores());
                // one at a time gives the same as the batch
                Prediction single = reloaded.model().predict(rows.get(r));
                assertThat(single.label()).isEqualTo(a.label());
                assertThat(single.scores()).containsExactly(a.scores());
            }
        }
    }

    @Test
    void sameDataParametersAndSeedGiveTheSamePredictions() {
        try (Lifecycle lc = Lifecycle.inMemory()) {
            DatasetVersion data = Fixtures.importMixed(lc, "mixed", 300, 9);
            Model a = Trainers.logisticRegression().seed(3).train(data);
            Model b = Trainers.logisticRegression().seed(3).train(data);
            for (int r = 0; r < data.size(); r++) {
                assertThat(b.predict(data.row(r)).scores()).containsExactly(a.predict(data.row(r)).scores());
            }
        }
    }

    @Test
    void garbageBytesAreAModelFormatException() {
        TribuoProtobufFormat format = new TribuoProtobufFormat();
        try (Lifecycle lc = Lifecycle.inMemory()) {
            DatasetVersion data = Fixtures.importMixed(lc, "mixed", 100, 1);
            Model model = Trainers.cart().train(data);
            byte[] good = format.write(model);
            assertThat(format.read(good, model.signature()).predict(data.row(0)).label())
                    .isEqualTo(model.predict(data.row(0)).label());
            for (byte[] bad : new byte[][] {"not a model at all".getBytes(StandardCharsets.UTF_8), new byte[0],
                    new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x01}, java.util.Arrays.copyOf(good, good.length / 2)}) {
                assertThatThrownBy(() -> format.read(bad, model.signature()))
                        .isInstanceOf(ModelFormatException.class)
                        .hasMessageContaining(bad.length + " bytes");
            }
        }
    }

    @Test
    void writeRejectsForeignModels() {
        Model foreign = new Model() {
            @Override
            public dev.lifecycle.api.model.Signature signature() {
                return null;
            }

            @Override
            public Prediction predict(Row row) {
                return null;
            }

            @Override
            public boolean producesProbabilities() {
                return false;
            }
        };
        TribuoProtobufFormat format = new TribuoProtobufFormat();
        assertThat(format.supports(foreign)).isFalse();
        assertThatThrownBy(() -> format.write(foreign)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Tribuo models only");
    }

    @Test
    void trainerParametersAreValidated() {
        assertThatThrownBy(() -> Trainers.logisticRegression().epochs(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("epochs")
                .hasMessageContaining("at least 1").hasMessageContaining("got 0");
        assertThatThrownBy(() -> Trainers.logisticRegression().learningRate(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("learningRate");
        assertThatThrownBy(() -> Trainers.logisticRegression().learningRate(Double.NaN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("learningRate");
        assertThatThrownBy(() -> Trainers.logisticRegression().minibatch(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("minibatch");
        assertThatThrownBy(() -> Trainers.cart().maxDepth(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxDepth")
                .hasMessageContaining("between 1 and 64").hasMessageContaining("got 0");
        assertThatThrownBy(() -> Trainers.cart().maxDepth(65)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Trainers.cart().minChildWeight(0f))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("minChildWeight");
        assertThatThrownBy(() -> Trainers.cart().minChildWeight(Float.NaN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("minChildWeight");
        // setters return changed copies, the defaults stay as they were
        assertThat(Trainers.logisticRegression().epochs(2).parameters()).containsEntry("epochs", "2");
        assertThat(Trainers.logisticRegression().parameters()).containsEntry("epochs", "5");
    }

    @Test
    void trainingNeedsACategoricalTarget() {
        try (Lifecycle lc = Lifecycle.inMemory()) {
            DatasetVersion noTarget = lc.datasets().importFrom("nt", dev.lifecycle.core.data.RowSource.of("rows",
                    List.of("x", "y"), List.of(Row.of("x", 1, "y", 2), Row.of("x", 2, "y", 3))),
                    dev.lifecycle.core.data.Csv.defaults());
            assertThatThrownBy(() -> Trainers.cart().train(noTarget))
                    .isInstanceOf(dev.lifecycle.api.data.SchemaMismatchException.class)
                    .hasMessageContaining("nt@1").hasMessageContaining("no target");
            DatasetVersion numericTarget = lc.datasets().importFrom("numt", dev.lifecycle.core.data.RowSource.of("rows",
                    List.of("x", "y"), List.of(Row.of("x", 1, "y", 2), Row.of("x", 2, "y", 3))),
                    dev.lifecycle.core.data.Csv.forTarget("y").type("y", dev.lifecycle.api.data.FieldType.NUMERIC));
            assertThatThrownBy(() -> Trainers.logisticRegression().train(numericTarget))
                    .isInstanceOf(dev.lifecycle.api.data.SchemaMismatchException.class)
                    .hasMessageContaining("'y'").hasMessageContaining("NUMERIC");
        }
    }
}
