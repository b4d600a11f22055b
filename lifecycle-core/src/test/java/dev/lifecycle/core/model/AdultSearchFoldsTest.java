package dev.lifecycle.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.model.Model;
import dev.lifecycle.api.model.RunStatus;
import dev.lifecycle.api.model.Trainer;
import dev.lifecycle.core.Lifecycle;
import dev.lifecycle.core.data.Folds;
import dev.lifecycle.core.data.Split;
import dev.lifecycle.core.evaluation.CrossValidation;
import dev.lifecycle.core.evaluation.EvaluationOptions;
import dev.lifecycle.core.tribuo.Xgboost;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Acceptance on UCI Adult: a search over XGBoost by AUC with 3 stratified folds; every fold keeps the class
 * balance; search, CrossValidation and datasets().kFold hold out the same rows for one seed; progress counts.
 */
class AdultSearchFoldsTest {

    /** Delegates to a trainer and records the rows (as text, in order) of every dataset it is trained on. */
    private record Recording(Trainer inner, List<List<String>> seen) implements Trainer {
        @Override
        public String name() {
            return inner.name();
        }

        @Override
        public Map<String, String> parameters() {
            return inner.parameters();
        }

        @Override
        public long seed() {
            return inner.seed();
        }

        @Override
        public Model train(DatasetVersion data) {
            seen.add(rows(data));
            return inner.train(data);
        }
    }

    static List<String> rows(DatasetVersion d) {
        List<String> out = new ArrayList<>(d.size());
        for (int i = 0; i < d.size(); i++) {
            out.add(d.row(i).toString());
        }
        return out;
    }

    @Test
    void stratifiedXgboostSearchByAucUsesTheSameFoldsAsCrossValidationAndKFold() {
        List<List<String>> searchTrain = new CopyOnWriteArrayList<>();
        TrainerCatalog catalog = TrainerCatalog.builtIn().with("xgboost",
                (p, seed) -> new Recording(Xgboost.fromParameters(p, seed), searchTrain));
        try (Lifecycle lc = Lifecycle.builder().trainers(catalog).build()) {
            DatasetVersion adult = Adult.load(lc);
            Folds folds = Folds.stratified(3, 17);
            List<String> progress = new CopyOnWriteArrayList<>();
            SearchSpace space = SearchSpace.grid(Trainers.xgboost().trees(20).seed(3)).vary("maxDepth", 3, 6);
            SearchResult result = lc.search("adult-xgb", Search.over(space).folds(folds).metric("auc"), adult,
                    (task, done, total) -> progress.add(done + "/" + total));

            assertThat(result.trials()).hasSize(2).allSatisfy(t -> {
                assertThat(t.status()).isEqualTo(RunStatus.FINISHED);
                assertThat(t.metric()).isEqualTo("auc");
                assertThat(t.folds()).hasSize(3).allSatisfy(a -> assertThat(a).isBetween(0.85, 1.0));
            });
            assertThat(result.best().mean()).isEqualTo(Math.max(result.trials().get(0).mean(),
                    result.trials().get(1).mean()));
            assertThat(progress).contains("1/7", "2/7", "6/7", "7/7").doesNotContain("0/-1");
            assertThat(progress.stream().mapToLong(s -> Long.parseLong(s.substring(0, s.indexOf('/')))).toArray())
                    .isSorted();

            // class balance of every fold within 0.5 pp of the whole
            double whole = share(adult, 0, adult.size(), null);
            int[][] held = folds.testRows(adult);
            List<Split> kFold = lc.datasets().kFold(adult, folds);
            for (int f = 0; f < 3; f++) {
                double fold = share(adult, 0, held[f].length, held[f]);
                System.out.printf(Locale.ROOT, "fold %d: %d rows, >50K %.4f%% (whole %.4f%%)%n", f, held[f].length,
                        100 * fold, 100 * whole);
                assertThat(Math.abs(fold - whole)).isLessThan(0.005);
                double kFoldShare = share(kFold.get(f).test(), 0, kFold.get(f).test().size(), null);
                assertThat(kFoldShare).isEqualTo(fold);
            }

            // the same training rows, in the same order, from the search (first trial), CV and kFold
            List<List<String>> cvTrain = new CopyOnWriteArrayList<>();
            CrossValidation.Result cv = CrossValidation.run(new Recording(Trainers.logisticRegression().epochs(1)
                    .seed(1), cvTrain), adult, folds, EvaluationOptions.defaults());
            assertThat(cv.folds()).hasSize(3);
            for (int f = 0; f < 3; f++) {
                List<String> fromKFold = rows(kFold.get(f).train());
                assertThat(searchTrain.get(f)).as("search fold %d", f).isEqualTo(fromKFold);
                assertThat(searchTrain.get(3 + f)).as("second trial fold %d", f).isEqualTo(fromKFold);
                assertThat(cvTrain.get(f)).as("cross-validation fold %d", f).isEqualTo(fromKFold);
            }
            System.out.printf(Locale.ROOT, "xgboost search by auc, 3 stratified folds: trials %s, best %s mean auc "
                    + "%.4f folds %s%n", result.trials().stream().map(t -> t.parameters().get("maxDepth") + "="
                            + String.format(Locale.ROOT, "%.4f", t.mean())).toList(), result.best().parameters()
                            .get("maxDepth"), result.best().mean(), result.best().folds());
        }
    }

    private static double share(DatasetVersion d, int from, int to, int[] rows) {
        int pos = 0;
        for (int i = from; i < to; i++) {
            if (">50K".equals(d.target(rows == null ? i : rows[i]))) {
                pos++;
            }
        }
        return (double) pos / (to - from);
    }
}
