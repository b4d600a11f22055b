package dev.lifecycle.core.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.evaluation.ClassMetrics;
import dev.lifecycle.api.evaluation.Evaluation;
import dev.lifecycle.api.model.ModelVersion;
import dev.lifecycle.core.Lifecycle;
import dev.lifecycle.core.data.Split;
import dev.lifecycle.core.internal.FeatureEncoder;
import dev.lifecycle.core.model.Trainers;
import dev.lifecycle.core.tribuo.TribuoModel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tribuo.Example;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.evaluation.LabelEvaluation;
import org.tribuo.classification.evaluation.LabelEvaluator;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.junit.jupiter.api.Tag;

/** Our metrics agree with Tribuo's LabelEvaluator on real predictions. */
@Tag("slow")
@Tag("realdata")
class TribuoAgreementTest {

    @Test
    void adultMetricsMatchTribuo() {
        try (Lifecycle lc = Lifecycle.inMemory()) {
            agree(lc, RealData.adult(lc));
            agree(lc, RealData.adultRaw(lc));
        }
    }

    @Test
    void elec2MetricsMatchTribuo() {
        try (Lifecycle lc = Lifecycle.inMemory()) {
            agree(lc, RealData.elec2(lc));
        }
    }

    private static void agree(Lifecycle lc, DatasetVersion data) {
        Split split = lc.datasets().splitTimeOrdered(data, 0.8);
        ModelVersion mv = lc.train(data.name() + "-lr" + data.version(), Trainers.logisticRegression().seed(7), split.train());
        DatasetVersion test = split.test();
        Evaluation ours = lc.evaluate(mv, test);

        org.tribuo.Model<Label> tm = ((TribuoModel) mv.model()).tribuoModel();
        FeatureEncoder enc = new FeatureEncoder(mv.signature().inputs());
        List<Example<Label>> examples = new ArrayList<>();
        for (int i = 0; i < test.size(); i++) {
            String truth = test.target(i);
            if (truth != null) {
                FeatureEncoder.Features f = enc.encode(test.row(i));
                examples.add(new ArrayExample<>(new Label(truth), f.names, f.values));
            }
        }
        List<Prediction<Label>> preds = tm.predict(examples);
        LabelEvaluation theirs = new LabelEvaluator().evaluate(tm, preds,
                new SimpleDataSourceProvenance(test.id(), tm.getOutputIDInfo().getDomain().isEmpty() ? null
                        : new org.tribuo.classification.LabelFactory()));

        assertThat(ours.rows()).isEqualTo(examples.size());
        assertThat(ours.accuracy()).isCloseTo(theirs.accuracy(), within(1e-9));
        assertThat(ours.perClass()).hasSize(2);
        for (ClassMetrics c : ours.perClass()) {
            Label l = new Label(c.label());
            assertThat(c.precision()).as("precision of %s", c.label()).isCloseTo(theirs.precision(l), within(1e-9));
            assertThat(c.recall()).as("recall of %s", c.label()).isCloseTo(theirs.recall(l), within(1e-9));
            assertThat(c.f1()).as("F1 of %s", c.label()).isCloseTo(theirs.f1(l), within(1e-9));
            assertThat(ours.metrics().get("auc[" + c.label() + "]")).as("AUC of %s", c.label())
                    .isCloseTo(theirs.AUCROC(l), within(1e-9));
        }
        assertThat(ours.metrics().get("macro-f1")).isCloseTo(theirs.macroAveragedF1(), within(1e-9));
        assertThat(ours.metrics().get("auc")).isBetween(0.6, 1.0);
    }
}
