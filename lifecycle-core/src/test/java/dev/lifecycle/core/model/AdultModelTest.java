package dev.lifecycle.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.evaluation.Evaluation;
import dev.lifecycle.api.model.ModelVersion;
import dev.lifecycle.api.model.Prediction;
import dev.lifecycle.api.model.Run;
import dev.lifecycle.api.model.RunStatus;
import dev.lifecycle.core.Lifecycle;
import dev.lifecycle.core.data.Split;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Tag;

/** Acceptance on UCI Adult: reproducibility of LR and CART, and a 3-fold grid search that registers the best. */
@Tag("slow")
@Tag("realdata")
class AdultModelTest {

    @Test
    void retrainReproducesLogisticRegressionAndCartOnHeldOutRows(@TempDir Path home) {
        try (Lifecycle lc = Lifecycle.open(home)) {
            DatasetVersion adult = Adult.load(lc);
            Split split = lc.datasets().splitTimeOrdered(adult, 0.9);
            List<Row> heldOut = rows(split.test(), 1000);
            for (dev.lifecycle.api.model.Trainer trainer : List.<dev.lifecycle.api.model.Trainer>of(Trainers.logisticRegression().epochs(2).seed(11),
                    Trainers.cart().maxDepth(8).seed(11))) {
                ModelVersion original = lc.train("adult-clf", trainer, split.train());
                ModelVersion again = lc.retrain(lc.models().get("adult-clf", original.version()));

                assertThat(again.version()).isEqualTo(original.version() + 1);
                assertThat(again.trainer()).isEqualTo(original.trainer());
                assertThat(again.parameters()).isEqualTo(original.parameters());
                assertThat(again.dataset()).isEqualTo(original.dataset());
                assertThat(lc.runs().get(again.run()).tags()).containsEntry("retrainOf", original.id());
                List<Prediction> a = original.model().predictAll(heldOut);
                List<Prediction> b = again.model().predictAll(heldOut);
                assertThat(heldOut).hasSize(1000);
                for (int i = 0; i < heldOut.size(); i++) {
                    assertThat(b.get(i).label()).isEqualTo(a.get(i).label());
                    assertThat(b.get(i).scores()).containsExactly(a.get(i).scores());
                }

                ModelLineage lineage = lc.lineage(again);
                assertThat(lineage.run().id()).isEqualTo(again.run());
                assertThat(lineage.datasets()).extracting(ModelLineage.Node::id)
                        .containsExactly(split.train().id(), adult.id());
                assertThat(lineage.sources()).singleElement().asString().endsWith("adult.data");
            }
        }
    }

    @Test
    void gridSearchWithThreeFoldCrossValidationRegistersTheBest(@TempDir Path home) {
        try (Lifecycle lc = Lifecycle.open(home)) {
            DatasetVersion adult = Adult.load(lc);
            Split split = lc.datasets().splitTimeOrdered(adult, 0.8);
            List<String> heard = new ArrayList<>();
            SearchSpace space = SearchSpace.grid(Trainers.logisticRegression().epochs(2).seed(3))
                    .vary("learningRate", 0.05, 0.2, 1.0).vary("minibatch", 1, 16);
            SearchResult result = lc.search("adult-lr", Search.over(space).folds(3).metric("accuracy").seed(5)
                    .onTrial((t, done, total) -> heard.add(done + "/" + total)), split.train(),
                    dev.lifecycle.api.model.ProgressListener.NONE);

            assertThat(result.trials()).hasSize(6).allSatisfy(t -> {
                assertThat(t.status()).isEqualTo(RunStatus.FINISHED);
                assertThat(t.folds()).hasSize(3);
                assertThat(lc.runs().get(t.run()).parent()).isEqualTo(result.run());
            });
            assertThat(heard).containsExactly("1/6", "2/6", "3/6", "4/6", "5/6", "6/6");
            double bestMean = result.trials().stream().mapToDouble(Trial::mean).max().orElseThrow();
            assertThat(result.best().mean()).isEqualTo(bestMean);
            assertThat(result.model().parameters()).isEqualTo(result.best().parameters());
            assertThat(lc.runs().get(result.model().run()).parent()).isEqualTo(result.run());
            List<Run> byMetric = lc.runs().find(RunQuery.all().childrenOf(result.run()).named("trial")
                    .orderBy("accuracy", true));
            assertThat(byMetric.get(0).id()).isEqualTo(result.best().run());

            Evaluation test = lc.evaluate(result.model(), split.test());
            System.out.printf(Locale.ROOT, "grid search best %s %s: cv accuracy %.4f, held-out accuracy %.4f%n",
                    result.model().id(), result.best().parameters(), result.best().mean(), test.accuracy());
            assertThat(test.accuracy()).isGreaterThan(0.80);
        }
    }

    private static List<Row> rows(DatasetVersion data, int n) {
        List<Row> out = new ArrayList<>();
        for (int i = 0; i < data.size() && out.size() < n; i++) {
            out.add(data.row(i).without(data.schema().target()));
        }
        return out;
    }
}
