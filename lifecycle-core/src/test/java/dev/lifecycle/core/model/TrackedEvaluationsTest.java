package dev.lifecycle.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.evaluation.DecisionThreshold;
import dev.lifecycle.api.evaluation.Evaluation;
import dev.lifecycle.api.model.ModelVersion;
import dev.lifecycle.api.model.Run;
import dev.lifecycle.core.Lifecycle;
import dev.lifecycle.core.data.Split;
import dev.lifecycle.core.data.Splits;
import dev.lifecycle.core.evaluation.EvaluationOptions;
import dev.lifecycle.core.evaluation.Slices;
import dev.lifecycle.core.evaluation.ThresholdRule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance (issue 18): evaluations stored and attached to runs and versions, runs compared by test AUC
 * after closing and reopening a directory store, and a model card with intervals, slices, fairness,
 * threshold, column roles and limitations.
 */
class TrackedEvaluationsTest {

    @Test
    void runsAreComparedByTestAucAfterReopeningAndTheCardShowsWhatADataScientistNeeds(@TempDir Path home)
            throws Exception {
        Map<String, Double> aucs = new LinkedHashMap<>();
        String lrId;
        String cartRun = null;
        EvaluationOptions options = EvaluationOptions.defaults().positiveLabel(">50K").bootstrap(200, 7)
                .slices(Slices.by("sex"), Slices.by("race")).minSliceSize(100).fairness("sex")
                .fairnessCross("sex", "race").minGroupSize(100);
        try (Lifecycle lc = Lifecycle.open(home)) {
            DatasetVersion adult = Adult.load(lc);
            Split first = lc.datasets().split(adult, Splits.stratified(0.6, 7));
            Split rest = lc.datasets().split(first.test(), Splits.stratified(0.5, 7));
            List<dev.lifecycle.api.model.Trainer> trainers = List.of(Trainers.logisticRegression().seed(7),
                    Trainers.logisticRegression().epochs(1).learningRate(2.0).seed(7),
                    Trainers.logisticRegression().epochs(2).minibatch(16).seed(7), Trainers.cart().maxDepth(6));
            for (dev.lifecycle.api.model.Trainer t : trainers) {
                ModelVersion m = lc.train("adult-clf", t, first.train());
                Evaluation test = lc.evaluate(m, rest.test(), options);
                lc.track(m, "test", test);
                if (test.metrics().containsKey("auc")) {
                    aucs.put(m.run(), test.metrics().get("auc"));
                } else {
                    cartRun = m.run(); // CART gives no probabilities, so no AUC: left out of the AUC order
                }
            }
            ModelVersion lr = lc.models().get("adult-clf", 1);
            lrId = lr.run();
            DecisionThreshold t = lc.chooseThreshold(lr, rest.train(), ">50K", ThresholdRule.maxF1());
            lc.models().setThreshold(lr, t, "max F1 on " + rest.train().id());
            lc.track(lr, "test-at-threshold", lc.evaluate(lr, rest.test(), options));
            lc.models().describe("adult-clf", 1, "Ranks census rows by the chance of an income above 50K for a"
                    + " marketing study; not for decisions about individuals.", "card");
            assertThatThrownBy(() -> lc.track(lr, "test", lc.evaluate(lc.models().get("adult-clf", 2), rest.test())))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("adult-clf@2");
        }
        try (Lifecycle lc = Lifecycle.open(home)) {
            List<Run> byAuc = lc.runs().find(RunQuery.all().orderBy("test.auc", true));
            List<String> expected = new ArrayList<>(aucs.keySet());
            expected.sort(Comparator.comparing(aucs::get, Comparator.reverseOrder()));
            assertThat(byAuc).extracting(Run::id).containsExactlyElementsOf(expected).doesNotContain(cartRun);
            assertThat(lc.runs().get(cartRun).metric("test.accuracy")).isPresent();
            for (Run r : byAuc) {
                System.out.printf(Locale.ROOT, "RUN %s %s %s: test.auc %.4f test.accuracy %.4f test.f1 %.4f%n", r.id(),
                        r.trainer(), r.parameters().getOrDefault("epochs", r.parameters().getOrDefault("maxDepth", "")),
                        r.metric("test.auc").orElseThrow(), r.metric("test.accuracy").orElseThrow(),
                        r.metric("test.f1").orElseThrow());
                assertThat(r.metric("test.auc").orElseThrow()).isEqualTo(aucs.get(r.id()));
                assertThat(r.artifacts()).containsKey("evaluation.test");
            }
            Evaluation stored = lc.runs().evaluation(lrId, "test").orElseThrow();
            assertThat(stored.metrics().get("auc")).isEqualTo(aucs.get(lrId));
            assertThat(stored.intervals().get("auc").lower()).isLessThan(stored.metrics().get("auc"));
            assertThat(stored.fairnessFor("sex").orElseThrow().interval("disparate-impact-ratio")).isPresent();
            assertThat(stored.fairnessFor("sex & race").orElseThrow().insufficient()).isNotEmpty();
            assertThat(stored.slice("race=Other").orElseThrow().tooSmall()).isTrue();
            ModelVersion lr = lc.models().get("adult-clf", 1);
            Map<String, Evaluation> tracked = lc.models().evaluations("adult-clf", 1);
            assertThat(tracked).containsOnlyKeys("test", "test-at-threshold");
            assertThat(lc.models().history("adult-clf")).anySatisfy(e -> assertThat(e.reason())
                    .startsWith("track evaluation 'test' of adult-clf@1"));

            ModelCard card = lc.modelCard(lr);
            assertThat(card.threshold()).isNotNull();
            assertThat(card.evaluations()).containsOnlyKeys("test", "test-at-threshold");
            assertThat(card.metrics()).doesNotContainKey("test.auc").containsKey("train.rows");
            assertThat(card.limitations()).anySatisfy(l -> assertThat(l).contains("race=Other"))
                    .anySatisfy(l -> assertThat(l).contains("Disparate impact across 'sex'"))
                    .anySatisfy(l -> assertThat(l).contains("threshold"));
            String html = card.toHtml();
            assertThat(html).contains("Served decision threshold", "Evaluation 'test'", "95% interval (bootstrap, 200)",
                    "Fairness across 'sex &amp; race'", "insufficient (fewer than 100 rows)", "Limitations",
                    "too few rows to judge").doesNotContain("<script", "http://", "https://", "<link");
            Path out = Path.of("target", "model-card");
            Files.createDirectories(out);
            Files.writeString(out.resolve("adult-card.html"), html);
            Files.writeString(out.resolve("adult-card.json"), card.toJson());
            System.out.println("CARD " + out.resolve("adult-card.html").toAbsolutePath());
            card.limitations().forEach(l -> System.out.println("LIMITATION " + l));
        }
    }
}
