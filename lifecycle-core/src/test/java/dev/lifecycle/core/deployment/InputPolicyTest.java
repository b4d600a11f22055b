package dev.lifecycle.core.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.data.SchemaMismatchException;
import dev.lifecycle.api.deployment.Deployment;
import dev.lifecycle.api.model.ModelVersion;
import dev.lifecycle.api.model.Prediction;
import dev.lifecycle.core.Lifecycle;
import dev.lifecycle.core.data.Csv;
import dev.lifecycle.core.data.RowSource;
import dev.lifecycle.core.model.Trainers;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;

/** Reject, impute and fallback for missing, mistyped and unseen inputs. */
@Tag("fast")
class InputPolicyTest {

    private static ModelVersion colourModel(Lifecycle lc) {
        SplittableRandom random = new SplittableRandom(3);
        List<Row> rows = new ArrayList<>();
        String[] colours = {"red", "red", "red", "green", "blue"};
        for (int i = 0; i < 600; i++) {
            String c = colours[random.nextInt(colours.length)];
            double x = random.nextDouble() * 10;
            rows.add(Row.of("colour", c, "x", x, "label", x + (c.equals("red") ? 2 : 0) > 6 ? "hi" : "lo"));
        }
        DatasetVersion data = lc.datasets().importFrom("colours", RowSource.of("colours", List.of("colour", "x",
                "label"), rows), Csv.forTarget("label"));
        return lc.train("colour-clf", Trainers.logisticRegression().seed(1), data);
    }

    @Test
    void rejectThrowsATypedErrorNamingTheFeatureAndCountsIt() {
        try (Lifecycle lc = Lifecycle.inMemory()) {
            ModelVersion m = colourModel(lc);
            Deployment dep = lc.deploy(m);
            assertThatThrownBy(() -> dep.predict(Row.of("colour", "purple", "x", 3.0)))
                    .isInstanceOf(SchemaMismatchException.class).hasMessageContaining("purple")
                    .satisfies(e -> assertThat(((SchemaMismatchException) e).feature()).isEqualTo("colour"));
            assertThatThrownBy(() -> dep.predict(Row.of("colour", "red"))).isInstanceOf(SchemaMismatchException.class)
                    .satisfies(e -> assertThat(((SchemaMismatchException) e).feature()).isEqualTo("x"));
            assertThat(dep.metrics().errors()).isEqualTo(2);
        }
    }

    @Test
    void imputeReplacesMissingAndUnseenValuesWithTheTrainingMedianAndMode() {
        try (Lifecycle lc = Lifecycle.inMemory()) {
            ModelVersion m = colourModel(lc);
            DatasetVersion data = lc.datasets().get(m.dataset());
            double[] xs = new double[data.size()];
            for (int i = 0; i < xs.length; i++) {
                xs[i] = data.number("x", i);
            }
            Arrays.sort(xs);
            double median = (xs[xs.length / 2 - 1] + xs[xs.length / 2]) / 2;
            Deployment dep = lc.deploy("colour-clf", Rollout.version(m).inputPolicy(InputPolicy.impute()));

            Prediction unseen = dep.predict(Row.of("colour", "purple", "x", 9.5));
            Prediction asMode = m.model().predict(Row.of("colour", "red", "x", 9.5));
            assertThat(unseen.label()).isEqualTo(asMode.label());
            assertThat(unseen.scores()).containsExactly(asMode.scores());

            Prediction missing = dep.predict(Row.of("colour", "blue"));
            assertThat(missing.scores()).containsExactly(m.model().predict(Row.of("colour", "blue", "x", median))
                    .scores());
            Prediction mistyped = dep.predict(Row.of("colour", "green", "x", "seven"));
            assertThat(mistyped.scores()).containsExactly(m.model().predict(Row.of("colour", "green", "x", median))
                    .scores());
            assertThat(dep.metrics().imputed()).isEqualTo(3);
            assertThat(dep.metrics().errors()).isZero();
        }
    }

    @Test
    void fallbackAnswersRowsThePrimaryCannotTake() {
        try (Lifecycle lc = Lifecycle.inMemory()) {
            ModelVersion full = Fixtures.train(lc, 1);
            List<Row> noX3 = new ArrayList<>();
            for (Row r : Fixtures.labelled(4, 1000)) {
                noX3.add(r.without("x3"));
            }
            DatasetVersion reduced = lc.datasets().importFrom("sea-reduced", RowSource.of("sea-reduced",
                    List.of("x1", "x2", "label"), noX3), Csv.forTarget("label"));
            ModelVersion small = lc.train(Fixtures.MODEL, Trainers.logisticRegression().seed(1), reduced);
            Deployment dep = lc.deploy(Fixtures.MODEL, Rollout.version(full).inputPolicy(InputPolicy.fallback(small)));
            Prediction ok = dep.predict(Row.of("x1", 1.0, "x2", 2.0, "x3", 3.0));
            Prediction partial = dep.predict(Row.of("x1", 1.0, "x2", 2.0));
            assertThat(ok.version()).isEqualTo(full.version());
            assertThat(partial.version()).isEqualTo(small.version());
            assertThat(dep.metrics().fallbacks()).isEqualTo(1);
            assertThat(dep.metrics().arms()).containsKey("fallback");
            assertThatThrownBy(() -> dep.predict(Row.of("x1", 1.0))).isInstanceOf(SchemaMismatchException.class);
        }
    }
}
