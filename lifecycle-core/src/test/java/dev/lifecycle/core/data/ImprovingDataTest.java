package dev.lifecycle.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifecycle.api.data.DatasetDiff;
import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.data.Field;
import dev.lifecycle.api.data.LabelPatch;
import dev.lifecycle.api.data.LineageGraph;
import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.data.Schema;
import dev.lifecycle.api.data.ScoredRow;
import dev.lifecycle.api.data.ValidationReport;
import dev.lifecycle.core.Lifecycle;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;

/** Relabelling, diff and lineage; rebalancing; hard examples; schema changes; skew. */
@Tag("fast")
class ImprovingDataTest {

    @Test
    void relabelDiffAndWalkTheLineageBackToTheImport() {
        try (Lifecycle lc = Lifecycle.inMemory()) {
            DatasetVersion imported = ProfileAndSplitPropertiesTest.data(lc, 200, 3);
            Split split = lc.datasets().split(imported, Splits.random(0.75, 9));
            DatasetVersion train = split.train();
            LabelPatch patch = LabelPatch.of(
                    new LabelPatch.Change(4, flip(train.target(4)), "annotator disagreed", "ana"),
                    new LabelPatch.Change(10, "maybe", "new class after review", "bo")).extendingDomain();

            DatasetVersion relabelled = lc.datasets().relabel(train, patch);

            assertThat(relabelled.name()).isEqualTo(train.name());
            assertThat(relabelled.version()).isEqualTo(train.version() + 1);
            assertThat(relabelled.target(4)).isEqualTo(flip(train.target(4)));
            assertThat(relabelled.target(10)).isEqualTo("maybe");
            assertThat(relabelled.target(5)).isEqualTo(train.target(5));
            assertThat(train.target(10)).isNotEqualTo("maybe");
            assertThat(lc.datasets().labelPatch(relabelled)).isEqualTo(patch);

            DatasetDiff diff = lc.datasets().diff(train, relabelled);
            assertThat(diff.rowsAdded()).isZero();
            assertThat(diff.rowsRemoved()).isZero();
            assertThat(diff.rowsChanged()).isEqualTo(2);
            assertThat(diff.labelChanges()).extracting(DatasetDiff.LabelChange::toRow).containsExactly(4, 10);
            assertThat(diff.labelChanges().get(1).after()).isEqualTo("maybe");
            assertThat(diff.columnChanges()).extracting(DatasetDiff.ColumnChange::statistic).contains("count[maybe]");
            assertThat(diff.columnChanges()).extracting(DatasetDiff.ColumnChange::column).containsOnly("label");

            DatasetDiff fromWhole = lc.datasets().diff(imported, train);
            assertThat(fromWhole.rowsRemoved()).isEqualTo(split.test().size());
            assertThat(fromWhole.rowsAdded()).isZero();

            LineageGraph graph = lc.datasets().lineage(relabelled);
            assertThat(graph.root()).isEqualTo(relabelled.id());
            assertThat(graph.edges()).containsExactly(
                    new LineageGraph.Edge(train.id(), relabelled.id(), "relabel"),
                    new LineageGraph.Edge(imported.id(), train.id(), "split-random"));
            assertThat(graph.sources()).extracting(LineageGraph.Node::id).containsExactly(imported.id());
            assertThat(graph.node(imported.id()).orElseThrow().lineage().source()).isEqualTo("generated");
            assertThat(graph.node(relabelled.id()).orElseThrow().lineage().details()).containsEntry("changes", "2");
        }
    }

    private static String flip(String label) {
        return label.equals("yes") ? "no" : "yes";
    }

    @Test
    void rebalancesMinesHardExamplesAndWeighsClasses() {
        try (Lifecycle lc = Lifecycle.inMemory()) {
            DatasetVersion data = ProfileAndSplitPropertiesTest.data(lc, 400, 5);
            Map<String, Long> counts = lc.datasets().profile(data).categorical("label").counts();
            long yes = counts.get("yes");
            long no = counts.get("no");

            DatasetVersion under = lc.datasets().undersample(data, 1);
            assertThat(lc.datasets().profile(under).categorical("label").counts()).containsOnly(
                    Map.entry("yes", Math.min(yes, no)), Map.entry("no", Math.min(yes, no)));
            DatasetVersion over = lc.datasets().oversample(data, 1);
            assertThat(lc.datasets().profile(over).categorical("label").counts()).containsOnly(
                    Map.entry("yes", Math.max(yes, no)), Map.entry("no", Math.max(yes, no)));
            assertThat(lc.datasets().oversample(data, 1).digest()).isEqualTo(over.digest());
            assertThat(over.lineage().operation()).isEqualTo("oversample");

            Map<String, Double> w = lc.datasets().classWeights(data);
            assertThat(w.get("yes") * yes).isCloseTo(w.get("no") * no, org.assertj.core.data.Offset.offset(1e-9));
            DatasetVersion weighted = lc.datasets().withClassWeights(data, "weight");
            assertThat(weighted.number("weight", 0)).isEqualTo(w.get(data.target(0)));

            List<ScoredRow> scored = new ArrayList<>();
            for (int r = 0; r < data.size(); r++) {
                boolean wrong = r % 10 == 0;
                scored.add(new ScoredRow(r, wrong ? flip(data.target(r)) : data.target(r), r % 10 == 5 ? 0.51 : 0.99));
            }
            DatasetVersion hard = lc.datasets().hardExamples(data, scored, 0.6);
            assertThat(hard.size()).isEqualTo(80);
            assertThat(hard.row(1)).isEqualTo(data.row(5));
            assertThat(hard.lineage().parents()).containsExactly(data.id());
        }
    }

    @Test
    void reportsSchemaChangesAgainstThePinnedSchema() {
        try (Lifecycle lc = Lifecycle.inMemory()) {
            DatasetVersion v1 = ProfileAndSplitPropertiesTest.data(lc, 50, 1);
            Schema pinned = new Schema(List.of(Field.numeric("id"), Field.numeric("user"), Field.numeric("gone"),
                    v1.schema().field("label").orElseThrow()), "label");
            lc.datasets().pinSchema("synthetic", pinned);
            List<Row> rows = new ArrayList<>();
            for (int r = 0; r < v1.size(); r++) {
                rows.add(v1.row(r).with("extra", 1.0).with("label", r == 3 ? null : v1.target(r)));
            }
            DatasetVersion v2 = lc.datasets().importFrom("synthetic",
                    RowSource.of("next", List.of("id", "user", "label", "extra"), rows), Csv.forTarget("label"));
            ValidationReport report = lc.datasets().validate(v2, List.of(Expectation.rowCount(1, 10),
                    Expectation.satisfies("id below 40", row -> row.number(row.indexOf("id")) < 40)));
            assertThat(report.schemaChanges()).containsExactlyInAnyOrder(
                    new ValidationReport.SchemaChange("user", ValidationReport.SchemaChange.Kind.RETYPED,
                            dev.lifecycle.api.data.FieldType.NUMERIC, dev.lifecycle.api.data.FieldType.CATEGORICAL),
                    new ValidationReport.SchemaChange("gone", ValidationReport.SchemaChange.Kind.REMOVED,
                            dev.lifecycle.api.data.FieldType.NUMERIC, null),
                    new ValidationReport.SchemaChange("extra", ValidationReport.SchemaChange.Kind.ADDED, null,
                            dev.lifecycle.api.data.FieldType.NUMERIC));
            assertThat(report.failure("label is not null").orElseThrow().examples()).containsExactly(3);
            assertThat(report.failure("row count in [1, 10]").orElseThrow().detail()).isEqualTo("row count 50");
            assertThat(report.failure("id below 40").orElseThrow().failingRows()).isEqualTo(10);
            assertThatThrownBy(() -> lc.datasets().relabel(v1, LabelPatch.of(new LabelPatch.Change(99, "x", "r", "a"))))
                    .isInstanceOf(IndexOutOfBoundsException.class).hasMessageContaining("synthetic@1");
        }
    }

    @Test
    void skewFlagsShiftedFeaturesOnly() {
        java.util.SplittableRandom r = new java.util.SplittableRandom(1);
        double[] train = new double[50_000];
        double[] same = new double[20_000];
        double[] shifted = new double[20_000];
        for (int i = 0; i < train.length; i++) {
            train[i] = r.nextGaussian();
        }
        for (int i = 0; i < same.length; i++) {
            same[i] = r.nextGaussian();
            shifted[i] = r.nextGaussian() + 1;
        }
        DatasetProfile training = new DatasetProfile(train.length, List.of(NumericProfile.of("x", train),
                NumericProfile.of("y", train), CategoricalProfile.of("c", repeat(List.of("a", "b"), 100))));
        DatasetProfile production = new DatasetProfile(same.length, List.of(NumericProfile.of("x", same),
                NumericProfile.of("y", shifted), CategoricalProfile.of("c", repeat(List.of("a", "a", "a", "b"), 50))));
        List<Skew.FeatureSkew> skew = Skew.compare(training, production);
        assertThat(skew).extracting(Skew.FeatureSkew::column, Skew.FeatureSkew::skewed)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("x", false),
                        org.assertj.core.groups.Tuple.tuple("y", true), org.assertj.core.groups.Tuple.tuple("c", true));
        assertThat(skew.get(0).distance()).isLessThan(0.02);
    }

    private static List<String> repeat(List<String> values, int times) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            out.addAll(values);
        }
        return out;
    }
}
