package dev.lifecycle.core.tribuo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.data.FieldType;
import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.model.Model;
import dev.lifecycle.api.model.ModelVersion;
import dev.lifecycle.api.model.Prediction;
import dev.lifecycle.core.Lifecycle;
import dev.lifecycle.testsupport.TestData;
import dev.lifecycle.core.data.Csv;
import dev.lifecycle.core.data.RowSource;
import dev.lifecycle.core.deployment.InProcessDeployment;
import dev.lifecycle.core.model.Trainers;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Per-prediction contributions: Tree SHAP on the compiled XGBoost trees and coefficient × value for linear models. */
class ContributionsTest {
    private static final String[] ADULT = {"age", "workclass", "fnlwgt", "education", "education-num",
        "marital-status", "occupation", "relationship", "race", "sex", "capital-gain", "capital-loss",
        "hours-per-week", "native-country", "income"};

    @Test
    void xgboostContributionsOfEveryAdultRowSumToItsMargin() {
        try (Lifecycle lc = Lifecycle.inMemory()) {
            DatasetVersion data = lc.datasets().importCsv("adult", TestData.require("adult.data"),
                    Csv.forTarget("income").noHeader(ADULT));
            ModelVersion v = lc.train("adult-xgb", Trainers.xgboost().trees(100).maxDepth(6).seed(3), data);
            Model m = v.model();
            assertThat(m).isInstanceOf(CompiledTreeModel.class);
            double worst = 0;
            int rows = 5000;
            double[] meanAbs = new double[1];
            for (int i = 0; i < rows; i++) {
                Row row = data.row(i).without("income");
                Explanation e = Contributions.of(m, row, ">50K");
                Prediction p = m.predict(row);
                assertThat(e.label()).isEqualTo(">50K");
                if (i < 200) {
                    Explanation predicted = Contributions.of(m, row);
                    assertThat(predicted.label()).isEqualTo(p.label());
                    assertThat(predicted.total()).isCloseTo(predicted.margin(), offset(1e-5));
                }
                assertThat(e.method()).isEqualTo("tree-shap");
                // the margins are the model's own: Tribuo's XGBoost is a two-class softmax, whose output is served
                Explanation other = Contributions.of(m, row, "<=50K");
                assertThat(other.total()).isCloseTo(other.margin(), offset(1e-5));
                assertThat(1 / (1 + Math.exp(other.margin() - e.margin()))).isCloseTo(p.score(">50K"), offset(1e-6));
                worst = Math.max(worst, Math.abs(e.total() - e.margin()));
                assertThat(e.total()).as("row %d", i).isCloseTo(e.margin(), offset(1e-5));
                double byColumn = e.bias() + e.contributions().values().stream().mapToDouble(Double::doubleValue).sum();
                assertThat(byColumn).isCloseTo(e.margin(), offset(1e-5));
                assertThat(e.contributions().keySet()).isSubsetOf(List.of(ADULT)).doesNotContain("income");
                meanAbs[0] += Math.abs(e.contributions().getOrDefault("relationship", 0.0));
            }
            Explanation pos = Contributions.of(m, data.row(0).without("income"), ">50K");
            System.out.printf(Locale.ROOT, "xgboost tree-shap on %d adult rows: max |bias + sum - margin| = %.3g; "
                    + "row 0 top columns %s; mean |relationship| %.4f%n", rows, worst, pos.top(4),
                    meanAbs[0] / rows);
        }
    }

    /** Per-feature values, not only their sum: the same rows through xgboost4j's own predictContrib. */
    @Test
    @SuppressWarnings("unchecked")
    void everyContributionMatchesXgboostsNativePredContribs() throws Exception {
        try (Lifecycle lc = Lifecycle.inMemory()) {
            DatasetVersion data = lc.datasets().importCsv("adult", TestData.require("adult.data"),
                    Csv.forTarget("income").noHeader(ADULT));
            Model m = lc.train("adult-xgb", Trainers.xgboost().trees(30).maxDepth(5).seed(2), data).model();
            org.tribuo.Model<?> raw = org.tribuo.Model.deserialize(org.tribuo.protos.core.ModelProto.parseFrom(
                    new TribuoProtobufFormat().write(m)));
            var booster = ((org.tribuo.common.xgboost.XGBoostModel<?>) raw).getInnerModels().get(0);
            org.tribuo.ImmutableFeatureMap fmap = raw.getFeatureIDMap();
            var encoder = new dev.lifecycle.core.internal.FeatureEncoder(m.signature().inputs());
            var outputs = (org.tribuo.ImmutableOutputInfo<org.tribuo.classification.Label>) raw.getOutputIDInfo();
            int features = fmap.size();
            double worst = 0;
            int compared = 0;
            for (int i = 0; i < 400; i++) {
                Row row = data.row(i).without("income");
                var f = encoder.encode(row);
                List<Integer> cols = new ArrayList<>();
                List<Float> vals = new ArrayList<>();
                for (int j = 0; j < f.names.length; j++) {
                    int id = fmap.getID(f.names[j]);
                    if (id >= 0) {
                        cols.add(id);
                        vals.add((float) f.values[j]);
                    }
                }
                int[] order = java.util.stream.IntStream.range(0, cols.size()).boxed()
                        .sorted(java.util.Comparator.comparingInt(cols::get)).mapToInt(Integer::intValue).toArray();
                int[] colIndex = new int[order.length];
                float[] values = new float[order.length];
                for (int j = 0; j < order.length; j++) {
                    colIndex[j] = cols.get(order[j]);
                    values[j] = vals.get(order[j]);
                }
                var dm = new ml.dmlc.xgboost4j.java.DMatrix(new long[] {0, order.length}, colIndex, values,
                        ml.dmlc.xgboost4j.java.DMatrix.SparseType.CSR, features);
                float[] nat = booster.predictContrib(dm, 0)[0];
                dm.dispose();
                for (String label : m.signature().labels()) {
                    int g = outputs.getID(new org.tribuo.classification.Label(label));
                    Explanation e = Contributions.of(m, row, label);
                    int base = g * (features + 1);
                    for (int id = 0; id < features; id++) {
                        double ours = e.features().getOrDefault(fmap.get(id).getName(), 0.0);
                        worst = Math.max(worst, Math.abs(ours - nat[base + id]));
                        assertThat(ours).as("row %d label %s feature %s", i, label, fmap.get(id).getName())
                                .isCloseTo(nat[base + id], offset(1e-4));
                        compared++;
                    }
                    assertThat(e.bias()).isCloseTo(nat[base + features], offset(1e-4));
                }
            }
            System.out.printf(Locale.ROOT, "tree-shap vs xgboost4j predictContrib: %d contributions, max |diff| %.3g%n",
                    compared, worst);
        }
    }

    @Test
    void multiClassAndRegressionTreesAddUpForEveryClass() {
        SplittableRandom r = new SplittableRandom(9);
        List<Row> rows = new ArrayList<>();
        String[] colors = {"red", "green", "blue"};
        for (int i = 0; i < 600; i++) {
            double a = r.nextGaussian();
            double b = r.nextInt(5);
            String color = r.nextDouble() < 0.2 ? null : colors[r.nextInt(3)];
            double z = a + 0.4 * b + (color == null ? 1 : color.length() * 0.2) + r.nextGaussian() * 0.3;
            rows.add(Row.builder(5).set("a", a).set("b", b).set("color", color).set("k", "k" + Math.floorMod(
                    (int) Math.floor(z), 3)).set("y", z).build());
        }
        try (Lifecycle lc = Lifecycle.inMemory()) {
            DatasetVersion cls = lc.datasets().importFrom("multi", RowSource.of("multi", List.of("a", "b", "color", "k",
                    "y"), rows), Csv.forTarget("k").type("k", FieldType.CATEGORICAL).ignore("y"));
            Model m = lc.train("multi", Trainers.xgboost().trees(40).maxDepth(4).seed(1), cls).model();
            DatasetVersion reg = lc.datasets().importFrom("reg", RowSource.of("reg", List.of("a", "b", "color", "k",
                    "y"), rows), Csv.forTarget("y").type("y", FieldType.NUMERIC).ignore("k"));
            Model rm = lc.train("reg", Trainers.xgboostRegression().trees(40).maxDepth(5).seed(1), reg).model();
            for (int i = 0; i < 300; i++) {
                Row row = rows.get(i).without("k").without("y");
                double sumExp = 0;
                Prediction p = m.predict(row);
                double[] margins = new double[3];
                for (int c = 0; c < 3; c++) {
                    Explanation e = Contributions.of(m, row, "k" + c);
                    assertThat(e.total()).isCloseTo(e.margin(), offset(1e-5));
                    margins[c] = e.margin();
                    sumExp += Math.exp(e.margin());
                }
                for (int c = 0; c < 3; c++) {
                    assertThat(Math.exp(margins[c]) / sumExp).isCloseTo(p.score("k" + c), offset(1e-5));
                }
                Explanation e = Contributions.of(rm, row);
                assertThat(e.label()).isNull();
                assertThat(e.total()).isCloseTo(e.margin(), offset(1e-5));
                assertThat(e.margin()).isCloseTo(rm.predict(row).value(), offset(1e-5));
            }
        }
    }

    @Test
    void linearContributionsAreCoefficientTimesValueAndReproduceTheScores() {
        try (Lifecycle lc = Lifecycle.inMemory()) {
            DatasetVersion data = lc.datasets().importCsv("adult", TestData.require("adult.data"),
                    Csv.forTarget("income").noHeader(ADULT));
            ModelVersion v = lc.train("adult-lr", Trainers.logisticRegression().epochs(2).seed(3), data);
            Model m = v.model();
            for (int i = 0; i < 500; i++) {
                Row row = data.row(i).without("income");
                Prediction p = m.predict(row);
                Explanation a = Contributions.of(m, row, "<=50K");
                Explanation b = Contributions.of(m, row, ">50K");
                assertThat(a.method()).isEqualTo("linear");
                assertThat(a.total()).isCloseTo(a.margin(), offset(1e-9));
                double pb = 1 / (1 + Math.exp(a.margin() - b.margin()));
                assertThat(pb).as("row %d", i).isCloseTo(p.score(">50K"), offset(1e-6));
            }
            InProcessDeployment dep = (InProcessDeployment) lc.deploy(v);
            Row row = data.row(7).without("income");
            assertThat(dep.explain(row, null)).isEqualTo(Contributions.of(m, row));
            assertThat(dep.metrics().predictions()).isZero();

            ModelVersion cart = lc.train("adult-cart", Trainers.cart().seed(1), data);
            assertThatThrownBy(() -> Contributions.of(cart.model(), row))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("permutation importance");
        }
    }
}
