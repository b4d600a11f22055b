package dev.lifecycle.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifecycle.api.data.ColumnRole;
import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.data.Field;
import dev.lifecycle.api.data.FieldType;
import dev.lifecycle.api.data.LabelPatch;
import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.data.Schema;
import dev.lifecycle.api.data.ScoredRow;
import dev.lifecycle.api.data.SchemaMismatchException;
import dev.lifecycle.api.model.ModelVersion;
import dev.lifecycle.core.Lifecycle;
import dev.lifecycle.core.internal.Json;
import dev.lifecycle.core.model.Trainers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Tag;

/** A messy real-looking table: ';'-separated, an ID column, integer-coded categories, skewed classes. */
@Tag("fast")
class ColumnRolesTest {
    @TempDir
    Path dir;

    /** 2,000 rows: ID;AGE;SEX;EDUCATION;LIMIT;DEFAULT with SEX and EDUCATION integer-coded, 12% positives. */
    private Path messyTable() throws IOException {
        Random rnd = new Random(3);
        List<String> lines = new ArrayList<>();
        lines.add("ID;AGE;SEX;EDUCATION;LIMIT;DEFAULT");
        for (int i = 0; i < 2000; i++) {
            int age = 20 + rnd.nextInt(50);
            int sex = 1 + rnd.nextInt(2);
            int edu = 1 + rnd.nextInt(4);
            double limit = Math.round(rnd.nextDouble() * 500_000);
            double s = (edu == 4 ? 1.0 : 0) + (sex == 2 ? 0.5 : 0) - limit / 250_000 + rnd.nextGaussian() * 0.6;
            lines.add((100_000 + i) + ";" + age + ";" + sex + ";" + edu + ";" + limit + ";" + (s > 0.7 ? 1 : 0));
        }
        Path p = dir.resolve("credit.csv");
        Files.write(p, lines, StandardCharsets.UTF_8);
        return p;
    }

    private static Csv options() {
        return Csv.forTarget("DEFAULT").delimiter(';').identifier("ID").categorical("SEX", "EDUCATION");
    }

    @Test
    void aDeclaredSchemaForAMessyTableKeepsTheIdOutOfTheFeatures() throws IOException {
        try (Lifecycle lc = Lifecycle.inMemory()) {
            DatasetVersion d = lc.datasets().importCsv("credit", messyTable(), options());
            Schema s = d.schema();
            assertThat(s.role("ID")).isEqualTo(ColumnRole.IDENTIFIER);
            assertThat(s.role("DEFAULT")).isEqualTo(ColumnRole.TARGET);
            assertThat(s.identifiers()).containsExactly("ID");
            assertThat(s.features()).extracting(Field::name).containsExactly("AGE", "SEX", "EDUCATION", "LIMIT");
            assertThat(s.field("SEX").orElseThrow().categories()).containsExactly("1", "2");
            Split split = lc.datasets().split(d, Splits.stratified(0.8, 7));
            assertThat(split.train().schema().roles()).isEqualTo(s.roles());
            assertThat(lc.datasets().pinnedSchema("credit")).isEmpty();
            lc.datasets().pinSchema("credit", s);
            assertThat(lc.datasets().pinnedSchema("credit")).contains(s);

            ModelVersion m = lc.train("credit", Trainers.logisticRegression().seed(7),
                    lc.datasets().withClassWeights(split.train(), "w"));
            assertThat(m.signature().inputs()).extracting(Field::name).doesNotContain("ID", "w");
            assertThat(m.signature().roles()).containsEntry("ID", ColumnRole.IDENTIFIER)
                    .containsEntry("w", ColumnRole.WEIGHT);
            Row row = Row.of("ID", 7, "AGE", 40.0, "EDUCATION", "4", "LIMIT", 10_000.0);
            String label = m.model().predict(row.with("SEX", "2")).label();
            for (Object two : new Object[] {2, 2.0, "2", "2.0"}) {
                assertThat(m.model().predict(row.with("SEX", two)).label()).isEqualTo(label);
            }
            assertThat(m.model().predict(row.with("SEX", "2")).identifier("ID")).isEqualTo(7.0);
            assertThatThrownBy(() -> m.model().predict(row.with("SEX", 3)))
                    .isInstanceOf(SchemaMismatchException.class).hasMessageContaining("SEX").hasMessageContaining("[1, 2]");
            assertThatThrownBy(() -> m.model().predict(row.with("SEX", "2").with("AGE", Double.POSITIVE_INFINITY)))
                    .isInstanceOf(SchemaMismatchException.class).hasMessageContaining("AGE")
                    .satisfies(e -> assertThat(((SchemaMismatchException) e).feature()).isEqualTo("AGE"));

            List<ScoredRow> scored = lc.score(m, split.test());
            assertThat(scored).hasSize(split.test().size());
            DatasetVersion hard = lc.datasets().hardExamples(split.test(), scored, 0.6);
            assertThat(hard.schema().roles()).isEqualTo(s.roles());
        }
    }

    @Test
    void rolesSurviveAReopenOfTheStore() throws IOException {
        Path csv = messyTable();
        Path home = dir.resolve("home");
        try (Lifecycle lc = Lifecycle.open(home)) {
            DatasetVersion d = lc.datasets().importCsv("credit", csv, options().weight("LIMIT"));
            lc.train("credit", Trainers.cart().maxDepth(4).seed(1), d);
        }
        try (Lifecycle lc = Lifecycle.open(home)) {
            DatasetVersion d = lc.datasets().get("credit@1");
            assertThat(d.schema().roles()).containsEntry("ID", ColumnRole.IDENTIFIER)
                    .containsEntry("LIMIT", ColumnRole.WEIGHT);
            ModelVersion m = lc.models().get("credit", 1);
            assertThat(m.signature().roles()).isEqualTo(d.schema().roles());
            assertThat(m.model().predict(Row.of("ID", 5, "AGE", 30.0, "SEX", 1, "EDUCATION", "2")).identifier("ID"))
                    .isEqualTo(5.0);
        }
    }

    @Test
    void numbersFromTheHostForACategoricalColumnAreStoredAsTheFileWritesThem() {
        try (Lifecycle lc = Lifecycle.inMemory()) {
            List<Row> rows = List.of(Row.of("SEX", 2.0, "y", "a"), Row.of("SEX", 1, "y", "b"),
                    Row.of("SEX", "2", "y", "a"));
            DatasetVersion d = lc.datasets().importFrom("host", RowSource.of("host", List.of("SEX", "y"), rows),
                    Csv.forTarget("y").categorical("SEX"));
            assertThat(d.schema().field("SEX").orElseThrow().categories()).containsExactly("1", "2");
        }
    }

    @Test
    void relabellingToAnUnknownClassIsRefusedUnlessThePatchExtendsTheDomain() throws IOException {
        try (Lifecycle lc = Lifecycle.inMemory()) {
            DatasetVersion d = lc.datasets().importCsv("credit", messyTable(), options());
            LabelPatch maybe = LabelPatch.of(new LabelPatch.Change(3, "maybe", "unsure", "ana"));
            assertThatThrownBy(() -> lc.datasets().relabel(d, maybe)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'maybe'").hasMessageContaining("[0, 1]")
                    .hasMessageContaining("extendingDomain");
            DatasetVersion fixed = lc.datasets().relabel(d, LabelPatch.of(new LabelPatch.Change(3, "1", "checked",
                    "ana")));
            assertThat(fixed.schema().targetField().orElseThrow().categories()).containsExactly("0", "1");
            assertThat(fixed.schema().roles()).isEqualTo(d.schema().roles());
            DatasetVersion extended = lc.datasets().relabel(d, maybe.extendingDomain());
            assertThat(extended.schema().targetField().orElseThrow().categories()).containsExactly("0", "1", "maybe");
            assertThat(lc.datasets().labelPatch(extended).extendsDomain()).isTrue();
        }
    }

    @Test
    void aTrainerThatIgnoresWeightsRefusesWeightedData() throws IOException {
        try (Lifecycle lc = Lifecycle.inMemory()) {
            DatasetVersion d = lc.datasets().withClassWeights(
                    lc.datasets().importCsv("credit", messyTable(), options()), "w");
            assertThatThrownBy(() -> lc.train("rf", Trainers.randomForest().seed(1), d))
                    .hasMessageContaining("'w'").hasMessageContaining("ignores example weights");
        }
    }

    @Test
    void schemasWithoutRolesKeepTheirJsonAndRolesRoundTrip() {
        Schema plain = new Schema(List.of(Field.numeric("x"), Field.categorical("y", List.of("a"))), "y");
        assertThat(new String(Json.write(plain), StandardCharsets.UTF_8)).doesNotContain("roles");
        Schema roles = plain.withRole("x", ColumnRole.IDENTIFIER);
        assertThat(Json.read(Json.write(roles), Schema.class)).isEqualTo(roles);
        assertThat(roles.features()).isEmpty();
        assertThat(roles.withRole("x", ColumnRole.FEATURE)).isEqualTo(plain);
        assertThat(plain.withRole("y", ColumnRole.IGNORED).target()).isNull();
        assertThatThrownBy(() -> new Schema(List.of(Field.text("w")), null, Map.of("w", ColumnRole.WEIGHT)))
                .hasMessageContaining("NUMERIC");
        assertThatThrownBy(() -> Csv.forTarget("y").identifier("y")).hasMessageContaining("target");
    }

    @Test
    void profilesKeepRolesAndMonitorsWatchOnlyFeatures() throws IOException {
        try (Lifecycle lc = Lifecycle.inMemory()) {
            DatasetVersion d = lc.datasets().importCsv("credit", messyTable(), options());
            DatasetProfile p = lc.datasets().profile(d);
            assertThat(p.features()).containsExactly("AGE", "SEX", "EDUCATION", "LIMIT");
            assertThat(DatasetProfile.fromJson(p.toJson()).roles()).isEqualTo(p.roles());
            assertThat(p.roles()).containsEntry("ID", ColumnRole.IDENTIFIER).containsEntry("DEFAULT", ColumnRole.TARGET);
            try (var monitor = dev.lifecycle.core.monitoring.Monitor.builder("credit", p).build()) {
                assertThat(monitor.features()).containsExactly("AGE", "SEX", "EDUCATION", "LIMIT");
            }
        }
    }

    @Test
    void suggestedRangesComeFromTheObservedValues() throws IOException {
        try (Lifecycle lc = Lifecycle.inMemory()) {
            DatasetVersion d = lc.datasets().importCsv("credit", messyTable(), options());
            List<String> described = Expectation.suggest(lc.datasets().profile(d)).stream()
                    .map(Expectation::description).toList();
            assertThat(described).contains("AGE in [15.0, 74.0]", "ID is unique").noneMatch(s -> s.contains("Infinity"))
                    .noneMatch(s -> s.startsWith("ID in"));
            assertThat(lc.datasets().validate(d, Expectation.suggest(lc.datasets().profile(d))).passed()).isTrue();
        }
    }

    @Test
    void splitsFindTheTimeAndGroupColumnsByRole() {
        try (Lifecycle lc = Lifecycle.inMemory()) {
            List<Row> rows = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                rows.add(Row.of("t", (double) (99 - i), "customer", "c" + (i % 10), "x", i * 0.1, "y", i % 2 == 0 ? "a" : "b"));
            }
            DatasetVersion d = lc.datasets().importFrom("ts", RowSource.of("ts", List.of("t", "customer", "x", "y"), rows),
                    Csv.forTarget("y").role("t", ColumnRole.TIME).role("customer", ColumnRole.GROUP));
            assertThat(d.schema().features()).extracting(Field::name).containsExactly("x");
            Split byTime = lc.datasets().split(d, Splits.byTimeColumn(0.8));
            assertThat(byTime.test().number("t", 0)).isGreaterThanOrEqualTo(80.0);
            Split byGroup = lc.datasets().split(d, Splits.byGroupColumn(0.7, 3));
            java.util.Set<String> train = new java.util.HashSet<>();
            for (int r = 0; r < byGroup.train().size(); r++) {
                train.add(byGroup.train().string("customer", r));
            }
            for (int r = 0; r < byGroup.test().size(); r++) {
                assertThat(train).doesNotContain(byGroup.test().string("customer", r));
            }
            assertThatThrownBy(() -> lc.datasets().split(lc.datasets().withRoles(d, Map.of("t", ColumnRole.FEATURE)),
                    Splits.byTimeColumn(0.8))).hasMessageContaining("TIME");
        }
    }

    @Test
    void rowsReadByName() {
        Row r = Row.of("a", 1.5, "b", "x", "c", true, "d", null);
        assertThat(r.number("a")).isEqualTo(1.5);
        assertThat(r.string("b")).isEqualTo("x");
        assertThat(r.bool("c")).isTrue();
        assertThat(r.isMissing("d")).isTrue();
        assertThat(r.string("d")).isNull();
        assertThatThrownBy(() -> r.number("zz")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[a, b, c, d]");
        assertThatThrownBy(() -> r.number("b")).isInstanceOf(IllegalStateException.class);
        assertThat(FieldType.NUMERIC).isNotNull();
    }
}
