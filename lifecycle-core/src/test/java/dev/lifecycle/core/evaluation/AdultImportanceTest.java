package dev.lifecycle.core.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.evaluation.Evaluation;
import dev.lifecycle.api.evaluation.FeatureImportance;
import dev.lifecycle.api.model.ModelVersion;
import dev.lifecycle.core.Lifecycle;
import dev.lifecycle.testsupport.TestData;
import dev.lifecycle.core.data.Csv;
import dev.lifecycle.core.data.Split;
import dev.lifecycle.core.data.Splits;
import dev.lifecycle.core.model.Trainers;
import dev.lifecycle.core.report.EvaluationReport;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** Acceptance on UCI Adult: permutation importance ranks the features with intervals, in the evaluation and its report. */
class AdultImportanceTest {
    private static final String[] ADULT = {"age", "workclass", "fnlwgt", "education", "education-num",
        "marital-status", "occupation", "relationship", "race", "sex", "capital-gain", "capital-loss",
        "hours-per-week", "native-country", "income"};

    @Test
    void xgboostOnAdultRanksTheFeaturesWithIntervalsInTheEvaluationAndItsReport() throws Exception {
        try (Lifecycle lc = Lifecycle.inMemory()) {
            DatasetVersion adult = lc.datasets().importCsv("adult", TestData.require("adult.data"),
                    Csv.forTarget("income").noHeader(ADULT));
            Split split = lc.datasets().split(adult, Splits.stratified(0.8, 5));
            ModelVersion v = lc.train("adult-xgb", Trainers.xgboost().trees(60).maxDepth(5).seed(3), split.train());
            Evaluation ev = lc.evaluate(v, split.test(), EvaluationOptions.defaults()
                    .importance(PermutationImportance.repeats(20).maxRows(3000).seed(7)));

            List<FeatureImportance> imp = ev.importance();
            assertThat(imp).hasSize(14).extracting(FeatureImportance::feature).doesNotContain("income");
            assertThat(imp).extracting(FeatureImportance::drop).isSortedAccordingTo((a, b) -> Double.compare(b, a));
            assertThat(imp).allSatisfy(f -> {
                assertThat(f.metric()).isEqualTo("auc");
                assertThat(f.repeats()).isEqualTo(20);
                assertThat(f.lower()).isLessThanOrEqualTo(f.drop());
                assertThat(f.upper()).isGreaterThanOrEqualTo(f.drop());
            });
            // the top features are the well-known ones and clearly matter; fnlwgt (a sampling weight) does not
            assertThat(imp.subList(0, 4)).extracting(FeatureImportance::feature)
                    .containsAnyOf("relationship", "marital-status", "capital-gain", "education-num", "age");
            assertThat(imp.get(0).significant()).isTrue();
            assertThat(imp.get(0).lower()).isGreaterThan(0.01);
            FeatureImportance fnlwgt = imp.stream().filter(f -> f.feature().equals("fnlwgt")).findFirst().orElseThrow();
            assertThat(fnlwgt.drop()).isLessThan(imp.get(0).drop() / 10);
            assertThat(ev.importance()).isEqualTo(lc.evaluate(v, split.test(), EvaluationOptions.defaults()
                    .importance(PermutationImportance.repeats(20).maxRows(3000).seed(7))).importance());
            for (FeatureImportance f : imp) {
                System.out.printf(Locale.ROOT, "importance %-15s auc drop %.4f [%.4f, %.4f]%s%n", f.feature(), f.drop(),
                        f.lower(), f.upper(), f.significant() ? "" : " (not significant)");
            }

            EvaluationReport report = EvaluationReport.of(ev);
            String html = report.html();
            assertThat(html).contains("permutation importance").contains("Majority-class baseline")
                    .contains("8 most important columns").doesNotContain("<script").doesNotContain("http://")
                    .doesNotContain("https://");
            assertThat(report.json()).contains("\"importance\"").contains("\"majorityBaseline\"");
            ev.diagnostics().orElseThrow().worstErrors().forEach(e -> {
                assertThat(e.values()).doesNotContainKey("income");
            });
            String out = System.getProperty("lifecycle.reports");
            if (out != null) {
                report.writeHtml(Path.of(out, "evaluation.html"));
            }
        }
    }
}
