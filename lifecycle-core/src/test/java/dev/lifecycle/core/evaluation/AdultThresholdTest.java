package dev.lifecycle.core.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.deployment.Deployment;
import dev.lifecycle.api.evaluation.DecisionThreshold;
import dev.lifecycle.api.evaluation.Evaluation;
import dev.lifecycle.api.model.ModelVersion;
import dev.lifecycle.api.model.Prediction;
import dev.lifecycle.api.store.JournalEntry;
import dev.lifecycle.core.Lifecycle;
import dev.lifecycle.core.data.Split;
import dev.lifecycle.core.data.Splits;
import dev.lifecycle.core.model.Trainers;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Acceptance (issue 18): on UCI Adult, a logistic regression's threshold chosen for max F1 on a validation
 * split, stored with the version, served by a deployment and used by the test evaluation, beats argmax F1.
 */
class AdultThresholdTest {
    private static final String POSITIVE = ">50K";

    @Test
    void maxF1ThresholdFromValidationIsServedAndBeatsArgmaxOnTest() {
        try (Lifecycle lc = Lifecycle.inMemory()) {
            DatasetVersion adult = RealData.adult(lc);
            Split first = lc.datasets().split(adult, Splits.stratified(0.6, 7));
            Split rest = lc.datasets().split(first.test(), Splits.stratified(0.5, 7));
            DatasetVersion validation = rest.train();
            DatasetVersion test = rest.test();
            ModelVersion lr = lc.train("adult-lr", Trainers.logisticRegression().seed(7), first.train());
            EvaluationOptions options = EvaluationOptions.defaults().positiveLabel(POSITIVE);

            Evaluation argmax = lc.evaluate(lr, test, options);
            DecisionThreshold t = lc.chooseThreshold(lr, validation, POSITIVE, ThresholdRule.maxF1());
            lc.models().setThreshold(lr, t, "max F1 on validation " + validation.id());
            Evaluation served = lc.evaluate(lr, test, options);

            // the deployment predicts the test rows at the threshold: its F1 is the evaluation's
            Deployment dep = lc.deploy(lr);
            long tp = 0;
            long fp = 0;
            long fn = 0;
            String target = test.schema().target();
            for (int i = 0; i < test.size(); i++) {
                Row r = test.row(i);
                Prediction p = dep.predict(r.without(target));
                boolean actual = POSITIVE.equals(r.get(target));
                boolean said = POSITIVE.equals(p.label());
                assertThat(said).isEqualTo(p.score(POSITIVE) >= t.threshold());
                tp += actual && said ? 1 : 0;
                fp += !actual && said ? 1 : 0;
                fn += actual && !said ? 1 : 0;
            }
            double deployedF1 = 2.0 * tp / (2.0 * tp + fp + fn);
            double argmaxF1 = argmax.metrics().get("f1");
            double servedF1 = served.metrics().get("f1");
            System.out.printf(Locale.ROOT, "ADULT THRESHOLD: %s threshold %.4f (validation %s: f1 %.4f precision %.4f"
                    + " recall %.4f); test %s (%d rows): argmax f1 %.4f recall %.4f precision %.4f accuracy %.4f;"
                    + " at threshold f1 %.4f recall %.4f precision %.4f accuracy %.4f; deployment f1 %.4f%n",
                    t.rule(), t.threshold(), validation.id(), t.atThreshold().get("f1"),
                    t.atThreshold().get("precision"), t.atThreshold().get("recall"), test.id(), test.size(), argmaxF1,
                    argmax.metrics().get("recall"), argmax.metrics().get("precision"), argmax.accuracy(), servedF1,
                    served.metrics().get("recall"), served.metrics().get("precision"), served.accuracy(), deployedF1);

            assertThat(servedF1).isGreaterThan(argmaxF1);
            assertThat(deployedF1).isCloseTo(servedF1, org.assertj.core.data.Offset.offset(1e-12));
            assertThat(served.diagnostics().orElseThrow().threshold().orElseThrow().decisionThreshold())
                    .isEqualTo(t.threshold());
            assertThat(argmax.diagnostics().orElseThrow().threshold().orElseThrow().decisionThreshold())
                    .isEqualTo(0.5);
            assertThat(((dev.lifecycle.core.deployment.InProcessDeployment) dep).routing())
                    .contains("adult-lr@1 (>50K >= " + t.threshold() + ")");

            List<JournalEntry> history = lc.models().thresholdHistory("adult-lr", lr.version());
            assertThat(history).singleElement().satisfies(e -> {
                assertThat(e.reason()).isEqualTo("max F1 on validation " + validation.id());
                assertThat(e.oldValue()).isNull();
            });
            assertThat(lc.models().threshold("adult-lr", lr.version())).contains(t);
        }
    }

    @Test
    void thresholdRulesHitTheirTargetsAndSwapPicksUpTheNewThreshold() {
        try (Lifecycle lc = Lifecycle.inMemory()) {
            DatasetVersion adult = RealData.adult(lc);
            Split split = lc.datasets().split(adult, Splits.stratified(0.7, 3));
            ModelVersion lr = lc.train("adult-lr", Trainers.logisticRegression().seed(3), split.train());
            DatasetVersion held = split.test();

            DecisionThreshold precise = lc.chooseThreshold(lr, held, POSITIVE, ThresholdRule.precisionAtLeast(0.8));
            DecisionThreshold recall = lc.chooseThreshold(lr, held, POSITIVE, ThresholdRule.recallAtLeast(0.9));
            DecisionThreshold cheap = lc.chooseThreshold(lr, held, POSITIVE, ThresholdRule.costs(1, 5));
            assertThat(precise.atThreshold().get("precision")).isGreaterThanOrEqualTo(0.8);
            assertThat(recall.atThreshold().get("recall")).isGreaterThanOrEqualTo(0.9);
            assertThat(cheap.threshold()).isLessThan(precise.threshold());
            assertThatThrownBy(() -> lc.models().setThreshold(lr, DecisionThreshold.of("yes", 0.3), "wrong label"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("adult-lr@1");

            Deployment dep = lc.deploy(lr);
            List<Row> rows = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                rows.add(held.row(i).without(held.schema().target()));
            }
            long before = dep.predictAll(rows).stream().filter(p -> POSITIVE.equals(p.label())).count();
            lc.models().setThreshold(lr, recall, "recall 0.9 for screening");
            // a deployment resolves the threshold when it serves a version, never per request
            assertThat(dep.predictAll(rows).stream().filter(p -> POSITIVE.equals(p.label())).count()).isEqualTo(before);
            dep.swap(lr, "serve the recall threshold");
            long after = dep.predictAll(rows).stream().filter(p -> POSITIVE.equals(p.label())).count();
            assertThat(after).isGreaterThan(before);
            System.out.printf(Locale.ROOT, "ADULT RULES: precision>=0.8 at %.4f (recall %.4f); recall>=0.9 at %.4f"
                    + " (precision %.4f); cost 1:5 at %.4f; positives in 500 rows argmax %d, at recall threshold %d%n",
                    precise.threshold(), precise.atThreshold().get("recall"), recall.threshold(),
                    recall.atThreshold().get("precision"), cheap.threshold(), before, after);

            lc.models().clearThreshold(lr, "back to argmax");
            assertThat(lc.models().threshold("adult-lr", 1)).isEmpty();
            assertThat(lc.models().thresholdHistory("adult-lr", 1)).extracting(JournalEntry::reason)
                    .containsExactly("recall 0.9 for screening", "back to argmax");
        }
    }
}
