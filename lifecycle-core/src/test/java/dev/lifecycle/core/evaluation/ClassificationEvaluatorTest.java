package dev.lifecycle.core.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.evaluation.ClassMetrics;
import dev.lifecycle.api.evaluation.ConfusionMatrix;
import dev.lifecycle.api.evaluation.Evaluation;
import dev.lifecycle.api.model.ModelVersion;
import dev.lifecycle.api.model.Trainer;
import dev.lifecycle.core.Fixtures;
import dev.lifecycle.core.Lifecycle;
import dev.lifecycle.core.data.Csv;
import dev.lifecycle.core.data.RowSource;
import dev.lifecycle.core.data.Split;
import dev.lifecycle.core.internal.FeatureEncoder;
import dev.lifecycle.core.model.Trainers;
import dev.lifecycle.core.tribuo.TribuoModel;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.tribuo.Example;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.evaluation.LabelEvaluation;
import org.tribuo.classification.evaluation.LabelEvaluator;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.junit.jupiter.api.Tag;

/** {@link ClassificationEvaluator} agrees with Tribuo's own {@link LabelEvaluator}. */
@Tag("fast")
class ClassificationEvaluatorTest {
    private static final double EPS = 1e-9;

    /** Three overlapping classes on two numeric features. */
    private static DatasetVersion threeClasses(Lifecycle lc) {
        SplittableRandom random = new SplittableRandom(13);
        List<Row> rows = new ArrayList<>();
        String[] classes = {"a", "b", "c"};
        for (int i = 0; i < 600; i++) {
            int k = random.nextInt(3);
            rows.add(Row.of("u", k + random.nextGaussian(), "v", random.nextGaussian() * (k + 1), "cls", classes[k]));
        }
        return lc.datasets().importFrom("three", RowSource.of("rows", List.of("u", "v", "cls"), rows),
                Csv.forTarget("cls"));
    }

    @Test
    void agreesWithTribuoOnTwoClasses() {
        try (Lifecycle lc = Lifecycle.inMemory()) {
            Split split = lc.datasets().splitTimeOrdered(Fixtures.importMixed(lc, "mixed", 1000, 21), 0.7);
            compare(lc, "lr", Trainers.logisticRegression().epochs(2).seed(3), split);
            compare(lc, "cart", Trainers.cart().maxDepth(4).seed(3), split);
        }
    }

    @Test
    void agreesWithTribuoOnThreeClassesIncludingANeverPredictedClass() {
        try (Lifecycle lc = Lifecycle.inMemory()) {
            Split split = lc.datasets().splitTimeOrdered(threeClasses(lc), 0.6);
            compare(lc, "lr3", Trainers.logisticRegression().seed(5), split);
            // a stump predicts at most two of the three classes: zero denominators are 0, as in Tribuo
            Evaluation stump = compare(lc, "stump", Trainers.cart().maxDepth(1).seed(5), split);
            assertThat(stump.perClass()).anySatisfy(c -> assertThat(c.precision()).isZero());
        }
    }

    private static Evaluation compare(Lifecycle lc, String name, Trainer trainer, Split split) {
        ModelVersion mv = lc.train(name, trainer, split.train());
        DatasetVersion test = split.test();
        Evaluation ours = lc.evaluate(mv, test);

        org.tribuo.Model<Label> tribuo = ((TribuoModel) mv.model()).tribuoModel();
        FeatureEncoder encoder = new FeatureEncoder(mv.signature().inputs());
        List<Example<Label>> examples = new ArrayList<>();
        for (int r = 0; r < test.size(); r++) {
            FeatureEncoder.Features f = encoder.encode(test.row(r));
            examples.add(new ArrayExample<>(new Label(test.target(r)), f.names, f.values));
        }
        List<org.tribuo.Prediction<Label>> predictions = tribuo.predict(examples);
        for (int r = 0; r < test.size(); r++) {
            assertThat(mv.model().predict(test.row(r)).label()).as("%s row %d", name, r)
                    .isEqualTo(predictions.get(r).getOutput().getLabel());
        }
        LabelEvaluation theirs = new LabelEvaluator().evaluate(tribuo, predictions,
                new SimpleDataSourceProvenance(test.id(), new LabelFactory()));

        assertThat(ours.model()).isEqualTo(mv.id());
        assertThat(ours.dataset()).isEqualTo(test.id());
        assertThat(ours.rows()).isEqualTo(test.size());
        assertThat(ours.accuracy()).as("%s accuracy", name).isCloseTo(theirs.accuracy(), within(EPS));
        ConfusionMatrix cm = ours.confusion();
        assertThat(cm.total()).isEqualTo(test.size());
        for (ClassMetrics c : ours.perClass()) {
            Label l = new Label(c.label());
            assertThat(c.precision()).as("%s precision of %s", name, c.label()).isCloseTo(theirs.precision(l), within(EPS));
            assertThat(c.recall()).as("%s recall of %s", name, c.label()).isCloseTo(theirs.recall(l), within(EPS));
            assertThat(c.f1()).as("%s F1 of %s", name, c.label()).isCloseTo(theirs.f1(l), within(EPS));
            assertThat((double) c.support()).isEqualTo(theirs.tp(l) + theirs.fn(l));
            for (String predicted : cm.labels()) {
                assertThat((double) cm.count(c.label(), predicted))
                        .isEqualTo(theirs.confusion(new Label(predicted), l));
            }
        }
        assertThat(ours.metric("macro-f1").orElseThrow()).isCloseTo(theirs.macroAveragedF1(), within(EPS));
        assertThat(ours.metric("macro-precision").orElseThrow())
                .isCloseTo(theirs.macroAveragedPrecision(), within(EPS));
        assertThat(ours.metric("macro-recall").orElseThrow()).isCloseTo(theirs.macroAveragedRecall(), within(EPS));
        return ours;
    }

    @Test
    void summarizeHandcraftedMatrix() {
        ConfusionMatrix cm = new ConfusionMatrix(List.of("a", "b", "c"), new long[][] {{5, 1, 0}, {2, 3, 0}, {1, 0, 0}});
        Evaluation e = ClassificationEvaluator.summarize("m@1", "d@1", cm);
        assertThat(e.accuracy()).isCloseTo(8.0 / 12, within(EPS));
        ClassMetrics a = e.forClass("a").orElseThrow();
        assertThat(a.precision()).isCloseTo(5.0 / 8, within(EPS));
        assertThat(a.recall()).isCloseTo(5.0 / 6, within(EPS));
        assertThat(a.f1()).isCloseTo(2 * (5.0 / 8) * (5.0 / 6) / (5.0 / 8 + 5.0 / 6), within(EPS));
        ClassMetrics c = e.forClass("c").orElseThrow();
        assertThat(c.precision()).isZero();
        assertThat(c.recall()).isZero();
        assertThat(c.f1()).isZero();
        assertThat(c.support()).isEqualTo(1);
    }
}
