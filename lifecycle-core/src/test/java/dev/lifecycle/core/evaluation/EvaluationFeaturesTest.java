package dev.lifecycle.core.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lifecycle.api.data.Field;
import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.evaluation.Comparison;
import dev.lifecycle.api.evaluation.Evaluation;
import dev.lifecycle.api.evaluation.GateResult;
import dev.lifecycle.api.evaluation.GateResult.Verdict;
import dev.lifecycle.api.evaluation.SliceResult;
import dev.lifecycle.api.model.Model;
import dev.lifecycle.api.model.OutputType;
import dev.lifecycle.api.model.Prediction;
import dev.lifecycle.api.model.Signature;
import dev.lifecycle.core.internal.ColumnarDataset;
import dev.lifecycle.core.model.Trainers;
import dev.lifecycle.core.report.EvaluationReport;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;

/** Behaviour of the evaluation features on small hand-checked data. */
@Tag("fast")
class EvaluationFeaturesTest {
    private static final List<String> NY = List.of("n", "y");

    /** A regression model that predicts its input x. */
    private static final Model IDENTITY = new Model() {
        @Override
        public Signature signature() {
            return new Signature(List.of(Field.numeric("x")), "y", OutputType.REGRESSION, List.of());
        }

        @Override
        public Prediction predict(Row row) {
            return Prediction.ofValue((Double) row.get("x"));
        }

        @Override
        public boolean producesProbabilities() {
            return false;
        }
    };

    @Test
    void regressionMetricsSkipZeroTargetsForMapeAndSayHowMany() {
        ColumnarDataset data = Tables.regression(new double[] {1, 2, 5, -2}, new double[] {0, 2, 4, -1});
        Evaluation ev = Evaluations.evaluate(IDENTITY, data, "identity", EvaluationOptions.defaults());
        assertThat(ev.metrics().get("mae")).isCloseTo((1 + 0 + 1 + 1) / 4.0, within(1e-12));
        assertThat(ev.metrics().get("rmse")).isCloseTo(Math.sqrt(3 / 4.0), within(1e-12));
        assertThat(ev.metrics().get("mape")).isCloseTo((0 + 0.25 + 1) / 3, within(1e-12));
        assertThat(ev.metrics().get("mape-skipped-zero-targets")).isEqualTo(1.0);
        double mean = 5 / 4.0;
        double sst = Math.pow(0 - mean, 2) + Math.pow(2 - mean, 2) + Math.pow(4 - mean, 2) + Math.pow(-1 - mean, 2);
        assertThat(ev.metrics().get("r2")).isCloseTo(1 - 3 / sst, within(1e-12));
        assertThat(ev.metrics().get("residual-p50")).isCloseTo(0.5, within(1e-12));
        assertThat(ev.perClass()).isEmpty();

        Evaluation allZero = Evaluations.evaluate(IDENTITY, Tables.regression(new double[] {1, 2}, new double[] {0, 0}),
                "identity", EvaluationOptions.defaults());
        assertThat(allZero.metrics()).doesNotContainKeys("mape", "r2");
        assertThat(allZero.whyNot("mape")).hasValueSatisfying(w -> assertThat(w).contains("every target is 0"));
    }

    @Test
    void aModelWithoutProbabilitiesGetsNoScoreMetricsAndSaysWhy() {
        ColumnarDataset data = separable(400, 1);
        Model cart = Trainers.cart().train(data);
        Evaluation ev = Evaluations.evaluate(cart, data, "cart", EvaluationOptions.defaults());
        assertThat(ev.metrics()).containsKey("accuracy").doesNotContainKeys("auc", "log-loss", "brier", "ece");
        assertThat(ev.whyNot("auc")).hasValueSatisfying(w -> assertThat(w).contains("does not produce class probabilities"));
        assertThat(ev.diagnostics().orElseThrow().roc()).isEmpty();
    }

    @Test
    void slicesCrossesBinsAndMinimumSizeAreComputedInOnePassAndMatchEvaluatingTheSubset() {
        ColumnarDataset data = separable(600, 2);
        PredictionSet p = noisyPredictions(data, 3);
        Evaluation ev = Evaluations.evaluate(p, data, "m", EvaluationOptions.defaults()
                .slices(Slices.by("g"), Slices.bins("x", 0.0, 0.5), Slices.by("g").cross(Slices.bins("x", 0.5)),
                        Slices.where("x > 0.9", r -> (Double) r.get("x") > 0.9))
                .minSliceSize(40));
        assertThat(ev.slices()).extracting(SliceResult::name).contains("g=g0", "g=g1", "g=g2", "x in [0, 0.5)",
                "x >= 0.5", "g=g0 & x < 0.5", "x > 0.9");
        SliceResult g1 = ev.slice("g=g1").orElseThrow();
        int[] rows = java.util.stream.IntStream.range(0, data.size()).filter(i -> "g1".equals(data.string("g", i)))
                .toArray();
        ColumnarDataset subset = data.select(rows, "sub", data.lineage());
        int[] t = new int[rows.length];
        int[] pr = new int[rows.length];
        double[] s = new double[rows.length * 2];
        for (int i = 0; i < rows.length; i++) {
            t[i] = p.truth[rows[i]];
            pr[i] = p.predicted[rows[i]];
            s[2 * i] = p.scores[2 * rows[i]];
            s[2 * i + 1] = p.scores[2 * rows[i] + 1];
        }
        Evaluation alone = Evaluations.evaluate(PredictionSet.classification(NY, t, pr, s, true), subset, "m",
                EvaluationOptions.defaults());
        assertThat(g1.rows()).isEqualTo(rows.length);
        assertThat(g1.metrics().get("accuracy")).isEqualTo(alone.accuracy());
        assertThat(g1.metrics().get("auc")).isEqualTo(alone.metrics().get("auc"));
        SliceResult tiny = ev.slice("x > 0.9").orElseThrow();
        assertThat(tiny.rows()).isLessThan(100);
        List<SliceResult> small = ev.slices().stream().filter(SliceResult::tooSmall).toList();
        assertThat(small).allSatisfy(x -> assertThat(x.metrics()).isEmpty()).allSatisfy(x ->
                assertThat(x.rows()).isLessThan(40));
        List<SliceResult> worst = Evaluations.worstSlices(ev, "accuracy", 3);
        assertThat(worst).hasSize(3);
        assertThat(worst.get(0).metrics().get("accuracy")).isLessThanOrEqualTo(worst.get(2).metrics().get("accuracy"));
    }

    @Test
    void thresholdAnalysisFindsABetterF1ThresholdWhenTheModelIsMiscalibrated() {
        ColumnarDataset data = separable(500, 4);
        int n = data.size();
        int[] truth = new int[n];
        int[] pred = new int[n];
        double[] s = new double[2 * n];
        for (int i = 0; i < n; i++) {
            truth[i] = "y".equals(data.string("y", i)) ? 1 : 0;
            double p1 = 0.2 * data.number("x", i) + 0.1;
            s[2 * i] = 1 - p1;
            s[2 * i + 1] = p1;
            pred[i] = p1 >= 0.5 ? 1 : 0;
        }
        Evaluation ev = Evaluations.evaluate(PredictionSet.classification(NY, truth, pred, s, true), data, "m",
                EvaluationOptions.defaults());
        var ta = ev.diagnostics().orElseThrow().threshold().orElseThrow();
        assertThat(ta.atDecision().get("f1")).isEqualTo(0.0);
        assertThat(ta.bestThreshold()).isBetween(0.1, 0.3);
        assertThat(ta.atBest().get("f1")).isGreaterThan(0.9);
        assertThat(ev.metrics().get("ece")).isGreaterThan(0.2);
    }

    @Test
    void gatesReportEveryCheckAndTreatAMissingOrFailedBaselineAsTold() {
        ColumnarDataset data = separable(300, 5);
        Evaluation ev = Evaluations.evaluate(noisyPredictions(data, 6), data, "cand", EvaluationOptions.defaults()
                .slices(Slices.by("g")));
        Evaluation better = Evaluations.evaluate(noisyPredictions(data, 0), data, "champ", EvaluationOptions.defaults());
        Gate gate = Gate.create().atLeast("accuracy", 0.5).atMost("log-loss", 0.01).noWorseThanBaseline("accuracy", 0.0)
                .eachSliceAtLeast("accuracy", 0.3);

        GateResult vsNothing = gate.check(ev, Baseline.fromRun(better, false));
        assertThat(vsNothing.passed()).isFalse();
        assertThat(vsNothing.checks()).hasSize(6);
        assertThat(vsNothing.checks().get(0).verdict()).isEqualTo(Verdict.PASS);
        assertThat(vsNothing.checks().get(1).verdict()).isEqualTo(Verdict.FAIL);
        assertThat(vsNothing.checks().get(1).reason()).contains("log-loss", "above the maximum 0.0100");
        assertThat(vsNothing.checks().get(2).verdict()).isEqualTo(Verdict.FAIL);
        assertThat(vsNothing.checks().get(2).reason()).contains("failed", "never used as a baseline");
        assertThat(gate.skipWhenNoBaseline().check(ev, Baseline.unusable("no champion yet")).checks().get(2).verdict())
                .isEqualTo(Verdict.SKIPPED);

        GateResult vsBetter = Gate.create().noWorseThanBaseline("accuracy", 0.01).check(ev, Baseline.of(better));
        assertThat(vsBetter.passed()).isFalse();
        assertThat(vsBetter.checks().get(0).reason()).contains("cand", "champ");
        GateResult vsSelf = Gate.create().relativeToBaseline("accuracy", 0.0).check(ev, Baseline.of(ev));
        assertThat(vsSelf.passed()).isTrue();

        Evaluation otherData = Evaluations.evaluate(noisyPredictions(separable(300, 9), 0), separable(300, 9)
                .as("other", 1, data.lineage()), "champ", EvaluationOptions.defaults());
        assertThat(Gate.create().noWorseThanBaseline("accuracy", 0).check(ev, Baseline.of(otherData)).checks().get(0)
                .reason()).contains("same data");
        assertThat(Gate.create().atLeast("auc", 0.5).check(ClassificationEvaluator.summarize("m", "d",
                ev.confusion())).checks().get(0).reason()).contains("no scores");
    }

    @Test
    void comparisonGivesDeltasWithIntervalsAndMcNemar() {
        ColumnarDataset data = separable(500, 7);
        PredictionSet good = noisyPredictions(data, 0);
        PredictionSet bad = noisyPredictions(data, 8);
        Comparison c = Evaluations.compare(bad, "old", good, "new", data, EvaluationOptions.defaults().bootstrap(100, 3));
        Comparison.MetricDelta acc = c.delta("accuracy").orElseThrow();
        assertThat(acc.delta()).isPositive();
        assertThat(acc.lower()).isPositive();
        assertThat(acc.probabilityBetter()).isGreaterThan(0.95);
        assertThat(c.mcNemar().orElseThrow().pValue()).isLessThan(0.01);
        assertThat(c.delta("log-loss").orElseThrow().higherIsBetter()).isFalse();

        Comparison same = Evaluations.compare(good, "a", good, "b", data, EvaluationOptions.defaults());
        assertThat(same.delta("accuracy").orElseThrow().delta()).isZero();
        assertThat(same.mcNemar().orElseThrow().pValue()).isEqualTo(1.0);
        assertThatThrownBy(() -> Evaluations.compare(good, "a", noisyPredictions(separable(100, 1), 0), "b", data,
                EvaluationOptions.defaults())).hasMessageContaining("same rows");
    }

    @Test
    void mcNemarUsesTheExactTestForFewDiscordantRows() {
        int[] truth = {1, 1, 1, 1, 0, 0, 0, 0, 1, 0};
        int[] a = {1, 1, 1, 1, 0, 0, 0, 0, 1, 0};
        int[] b = {0, 0, 0, 1, 0, 0, 0, 0, 1, 0};
        Comparison.McNemar m = Evaluations.mcNemar(PredictionSet.classification(NY, truth, a, null, false),
                PredictionSet.classification(NY, truth, b, null, false));
        assertThat(m.exact()).isTrue();
        assertThat(m.championOnlyCorrect()).isEqualTo(3);
        assertThat(m.pValue()).isCloseTo(0.25, within(1e-12));
    }

    @Test
    void crossValidationEvaluatesEveryFoldOfASeededShuffle() {
        ColumnarDataset data = separable(300, 8);
        CrossValidation.Result r = CrossValidation.run(Trainers.logisticRegression().seed(1), data, 3, 42,
                EvaluationOptions.defaults());
        assertThat(r.folds()).hasSize(3);
        assertThat(r.folds().stream().mapToLong(Evaluation::rows).sum()).isEqualTo(300);
        assertThat(r.mean().get("accuracy")).isGreaterThan(0.8);
        assertThat(r.standardDeviation()).containsKey("accuracy");
        assertThat(CrossValidation.run(Trainers.logisticRegression().seed(1), data, 3, 42, EvaluationOptions.defaults())
                .mean()).isEqualTo(r.mean());
    }

    @Test
    void jsonReportHasAStableSchemaAndNoNonStandardNumbers() throws Exception {
        ColumnarDataset data = separable(200, 9);
        Evaluation ev = Evaluations.evaluate(noisyPredictions(data, 2), data, "m", EvaluationOptions.defaults()
                .slices(Slices.by("g")).fairness("g").bootstrap(20, 1));
        String json = EvaluationReport.of(ev).gate(Gate.create().atLeast("accuracy", 0.9).check(ev)).json();
        JsonNode root = new ObjectMapper().readTree(json);
        assertThat(root.get("schema").asText()).isEqualTo("lifecycle.evaluation/1");
        assertThat(root.fieldNames()).toIterable().containsExactly("schema", "model", "dataset", "rows", "metrics",
                "notApplicable", "intervals", "perClass", "confusion", "slices", "fairness", "importance",
                "majorityBaseline", "diagnostics", "comparison", "gate");
        assertThat(root.at("/metrics/accuracy").asDouble()).isEqualTo(ev.accuracy());
        assertThat(root.at("/diagnostics/roc").size()).isGreaterThan(2);
        assertThat(root.at("/fairness/0/attribute").asText()).isEqualTo("g");
        assertThat(json).doesNotContain("NaN").doesNotContain("Infinity");
        String html = EvaluationReport.of(ev).html();
        assertThat(html).contains("<svg", "ROC curve", "Calibration", "Slices", "Fairness").doesNotContain("http://",
                "https://", "<script");
    }

    /** Labels y when x + small group noise exceeds 0.5. */
    static ColumnarDataset separable(int n, long seed) {
        Random r = new Random(seed);
        int[] g = new int[n];
        double[] x = new double[n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            g[i] = i % 3;
            x[i] = r.nextDouble();
            y[i] = x[i] + (r.nextDouble() - 0.5) * 0.1 > 0.5 ? 1 : 0;
        }
        return Tables.classification(g, x, y, NY);
    }

    /** Probabilities from x, blurred more for larger {@code noise} and for group g2. */
    static PredictionSet noisyPredictions(ColumnarDataset data, int noise) {
        Random r = new Random(noise * 31L + 1);
        int n = data.size();
        int[] truth = new int[n];
        int[] pred = new int[n];
        double[] s = new double[2 * n];
        for (int i = 0; i < n; i++) {
            truth[i] = "y".equals(data.string("y", i)) ? 1 : 0;
            double blur = noise * 0.1 * (data.string("g", i).equals("g2") ? 2 : 1);
            double p1 = Math.min(0.999, Math.max(0.001, data.number("x", i) + (r.nextDouble() - 0.5) * blur));
            s[2 * i] = 1 - p1;
            s[2 * i + 1] = p1;
            pred[i] = p1 >= 0.5 ? 1 : 0;
        }
        return PredictionSet.classification(NY, truth, pred, s, true);
    }
}
