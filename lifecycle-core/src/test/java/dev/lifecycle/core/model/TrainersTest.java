package dev.lifecycle.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.data.SchemaMismatchException;
import dev.lifecycle.api.model.ModelVersion;
import dev.lifecycle.api.model.OutputType;
import dev.lifecycle.api.model.Prediction;
import dev.lifecycle.api.model.Trainer;
import dev.lifecycle.core.Lifecycle;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Tag;

/** Every built-in trainer: trains, round-trips through the file store (protobuf) and is rebuilt from its record. */
@Tag("fast")
class TrainersTest {

    @Test
    void everyTrainerRoundTripsThroughTheStoreWithIdenticalPredictions(@TempDir Path home) {
        List<Trainer> classifiers = List.of(Trainers.logisticRegression().seed(2), Trainers.linearSvm().seed(2),
                Trainers.cart().seed(2), Trainers.randomForest().trees(10).seed(2), Trainers.xgboost().trees(20).seed(2));
        List<Trainer> regressors = List.of(Trainers.linearRegression().seed(2), Trainers.cartRegression().seed(2),
                Trainers.xgboostRegression().trees(20).seed(2));
        try (Lifecycle lc = Lifecycle.open(home)) {
            DatasetVersion cls = Fixtures.classification(lc, "cls", 600, 5);
            DatasetVersion reg = Fixtures.regression(lc, "reg", 600, 6);
            List<ModelVersion> trained = new ArrayList<>();
            for (Trainer t : classifiers) {
                trained.add(lc.train("cls-" + t.name(), t, cls));
            }
            for (Trainer t : regressors) {
                trained.add(lc.train("reg-" + t.name(), t, reg));
            }
            try (Lifecycle reopened = Lifecycle.open(home.resolveSibling(home.getFileName()))) {
                for (ModelVersion v : trained) {
                    DatasetVersion data = v.signature().outputType() == OutputType.REGRESSION ? reg : cls;
                    List<Row> rows = new ArrayList<>();
                    for (int i = 0; i < 200; i++) {
                        rows.add(data.row(i).without(data.schema().target()));
                    }
                    ModelVersion loaded = reopened.models().get(v.name(), v.version());
                    List<Prediction> before = v.model().predictAll(rows);
                    List<Prediction> after = loaded.model().predictAll(rows);
                    for (int i = 0; i < rows.size(); i++) {
                        assertThat(after.get(i).label()).as(v.id()).isEqualTo(before.get(i).label());
                        assertThat(after.get(i).scores()).as(v.id()).containsExactly(before.get(i).scores());
                        assertThat(Double.compare(after.get(i).value(), before.get(i).value())).as(v.id()).isZero();
                        assertThat(Double.compare(loaded.model().predict(rows.get(i)).value(), before.get(i).value()))
                                .as(v.id()).isZero();
                    }
                    Trainer rebuilt = TrainerCatalog.builtIn().rebuild(v.trainer(), v.parameters(), v.seed());
                    assertThat(rebuilt.parameters()).isEqualTo(v.parameters());
                    assertThat(v.format()).isEqualTo("tribuo-protobuf");
                }
            }
            double linearRmse = rmse(trained.get(5), reg);
            assertThat(linearRmse).as("linear regression learns y = 3a - 2b").isLessThan(0.5);
            assertThat(trained.get(0).model().predictAll(List.of(Row.of("a", 9.0, "b", 9.0, "colour", "red")))
                    .get(0).label()).isEqualTo("yes");
        }
    }

    private static double rmse(ModelVersion v, DatasetVersion data) {
        double se = 0;
        for (int i = 0; i < data.size(); i++) {
            double d = v.model().predict(data.row(i)).value() - data.number("y", i);
            se += d * d;
        }
        return Math.sqrt(se / data.size());
    }

    @Test
    void hyperparametersAreValidatedWithMessagesThatSayWhatIsAllowed() {
        assertThatThrownBy(() -> Trainers.xgboost().eta(-0.1)).hasMessageContaining("eta must be a positive number");
        assertThatThrownBy(() -> Trainers.randomForest().featureFraction(1.0))
                .hasMessageContaining("featureFraction of a random forest must be above 0 and below 1");
        assertThatThrownBy(() -> Trainers.linearSvm().epochs(0)).hasMessageContaining("epochs must be at least 1");
        assertThatThrownBy(() -> Trainers.cartRegression().maxDepth(100)).hasMessageContaining("between 1 and 64");
        assertThatThrownBy(() -> TrainerCatalog.builtIn().rebuild("cart", Map.of("depth", "3"), 1))
                .hasMessageContaining("no parameter 'depth'").hasMessageContaining("maxDepth");
        assertThatThrownBy(() -> TrainerCatalog.builtIn().rebuild("cart", Map.of("maxDepth", "deep"), 1))
                .hasMessageContaining("must be an integer, got 'deep'");
        assertThatThrownBy(() -> TrainerCatalog.builtIn().rebuild("svm", Map.of(), 1))
                .hasMessageContaining("known trainers are").hasMessageContaining("linear-svm");
        assertThatThrownBy(() -> SearchSpace.grid(Trainers.cart()).vary("epochs", 1, 2))
                .hasMessageContaining("Trainer cart has no parameter 'epochs'");
    }

    @Test
    void aRegressorRefusesALabelTargetAndAClassifierSearchRefusesRegressionMetrics() {
        try (Lifecycle lc = Lifecycle.inMemory()) {
            DatasetVersion cls = Fixtures.classification(lc, "cls", 100, 7);
            assertThatThrownBy(() -> lc.train("m", Trainers.linearRegression(), cls))
                    .isInstanceOf(SchemaMismatchException.class).hasMessageContaining("needs a NUMERIC target");
            assertThatThrownBy(() -> lc.search("m", Search.over(SearchSpace.grid(Trainers.cart())).metric("rmse"), cls,
                    dev.lifecycle.api.model.ProgressListener.NONE)).hasMessageContaining("choose one of");
        }
    }

    @Test
    void randomSearchOnARegressorMinimisesRmse() {
        try (Lifecycle lc = Lifecycle.inMemory()) {
            DatasetVersion reg = Fixtures.regression(lc, "reg", 400, 8);
            SearchResult r = lc.search("reg-m", Search.over(SearchSpace.random(Trainers.cartRegression(), 4, 3)
                    .uniform("maxDepth", 1, 8)).folds(2), reg, dev.lifecycle.api.model.ProgressListener.NONE);
            assertThat(r.trials()).hasSizeBetween(1, 4);
            assertThat(r.best().metric()).isEqualTo("rmse");
            assertThat(r.best().mean()).isEqualTo(r.trials().stream().mapToDouble(Trial::mean).min().orElseThrow());
        }
    }
}
