package dev.lifecycle.core.tribuo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.data.FieldType;
import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.model.Model;
import dev.lifecycle.api.model.ModelVersion;
import dev.lifecycle.api.model.Prediction;
import dev.lifecycle.api.model.Trainer;
import dev.lifecycle.core.Lifecycle;
import dev.lifecycle.testsupport.TestData;
import dev.lifecycle.core.data.Csv;
import dev.lifecycle.core.data.RowSource;
import dev.lifecycle.core.model.Trainers;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.tribuo.classification.Label;
import org.tribuo.protos.core.ModelProto;
import org.tribuo.regression.Regressor;
import org.junit.jupiter.api.Tag;

/**
 * The compiled XGBoost path against xgboost4j's own batch predict of the same stored model: same labels,
 * probabilities (or values) within 1e-6, on every row of Adult and ELEC2 and on random models and rows.
 */
@Tag("slow")
@Tag("realdata")
@net.jqwik.api.Tag("slow")
@net.jqwik.api.Tag("realdata")
class XgboostCompiledEqualityTest {
    private static final double TOLERANCE = 1e-6;
    private static final String[] ADULT = {"age", "workclass", "fnlwgt", "education", "education-num",
        "marital-status", "occupation", "relationship", "race", "sex", "capital-gain", "capital-loss",
        "hours-per-week", "native-country", "income"};

    @Test
    void adultEveryRow() {
        try (Lifecycle lc = Lifecycle.inMemory()) {
            DatasetVersion data = lc.datasets().importCsv("adult", TestData.require("adult.data"),
                    Csv.forTarget("income").noHeader(ADULT).type("fnlwgt", FieldType.TEXT));
            assertSameAsNative(lc.train("adult", Trainers.xgboost().trees(100).maxDepth(6).seed(3), data), rows(data));
        }
    }

    @Test
    void elec2EveryRow() {
        try (Lifecycle lc = Lifecycle.inMemory()) {
            DatasetVersion data = lc.datasets().importCsv("elec2", TestData.require("electricity.csv"),
                    Csv.forTarget("class").type("class", FieldType.CATEGORICAL));
            assertSameAsNative(lc.train("elec2", Trainers.xgboost().trees(100).maxDepth(6).seed(4), data), rows(data));
        }
    }

    @Test
    void elec2RegressionEveryRow() {
        try (Lifecycle lc = Lifecycle.inMemory()) {
            DatasetVersion data = lc.datasets().importCsv("elec2r", TestData.require("electricity.csv"),
                    Csv.forTarget("nswdemand").type("nswdemand", FieldType.NUMERIC).type("class", FieldType.CATEGORICAL));
            assertSameAsNative(lc.train("elec2r", Trainers.xgboostRegression().trees(60).maxDepth(6).seed(5), data),
                    rows(data));
        }
    }

    /** Random data (numbers, a categorical with missing values), random models (depth 1-8, 1-300 trees), random rows. */
    @Property(tries = 25)
    void randomModelsAndRows(@ForAll @IntRange(min = 1, max = 8) int depth,
            @ForAll @IntRange(min = 1, max = 300) int trees, @ForAll @IntRange(min = 2, max = 4) int classes,
            @ForAll boolean regression, @ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<String> columns = List.of("a", "b", "c", "color", "target");
        String[] colors = {"red", "green", "blue", "grey"};
        List<Row> train = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            train.add(randomRow(r, colors, true, classes, regression));
        }
        List<Row> test = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            test.add(randomRow(r, colors, false, classes, regression));
        }
        try (Lifecycle lc = Lifecycle.inMemory()) {
            DatasetVersion data = lc.datasets().importFrom("random", RowSource.of("random", columns, train),
                    regression ? Csv.forTarget("target").type("target", FieldType.NUMERIC) : Csv.forTarget("target").type("target", FieldType.CATEGORICAL));
            Trainer t = regression ? Trainers.xgboostRegression().trees(trees).maxDepth(depth).seed(seed)
                    : Trainers.xgboost().trees(trees).maxDepth(depth).seed(seed);
            assertSameAsNative(lc.train("random", t, data), test);
        }
    }

    private static Row randomRow(SplittableRandom r, String[] colors, boolean withTarget, int classes,
            boolean regression) {
        double a = r.nextGaussian();
        double b = r.nextInt(5);
        double c = r.nextDouble() < 0.2 ? 0.0 : r.nextDouble(-3, 3);
        String color = r.nextDouble() < 0.25 ? null : colors[r.nextInt(colors.length)];
        Row.Builder row = Row.builder(5).set("a", a).set("b", b).set("c", c).set("color", color);
        double z = a + 0.5 * b - c + (color == null ? 1 : color.length() * 0.2) + r.nextGaussian() * 0.5;
        if (regression) {
            row.set("target", z);
        } else {
            int k = Math.floorMod((int) Math.floor(z), classes);
            row.set("target", "k" + k);
        }
        return row.build();
    }

    private static List<Row> rows(DatasetVersion data) {
        List<Row> rows = new ArrayList<>(data.size());
        for (int i = 0; i < data.size(); i++) {
            rows.add(data.row(i));
        }
        return rows;
    }

    @SuppressWarnings("unchecked")
    private static void assertSameAsNative(ModelVersion mv, List<Row> rows) {
        Model compiled = mv.model();
        assertThat(compiled).isInstanceOf(CompiledTreeModel.class);
        byte[] bytes = new TribuoProtobufFormat().write(compiled);
        org.tribuo.Model<?> raw;
        try {
            raw = org.tribuo.Model.deserialize(ModelProto.parseFrom(bytes));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        Model nativeModel = raw.validate(Regressor.class)
                ? new TribuoRegressionModel((org.tribuo.Model<Regressor>) raw, compiled.signature())
                : new TribuoModel((org.tribuo.Model<Label>) raw, compiled.signature());
        List<Prediction> expected = nativeModel.predictAll(rows);
        List<Prediction> actual = compiled.predictAll(rows);
        for (int i = 0; i < rows.size(); i++) {
            Prediction e = expected.get(i);
            Prediction a = actual.get(i);
            Prediction one = compiled.predict(rows.get(i));
            if (e.label() == null) {
                assertThat(a.value()).as("row %d", i).isCloseTo(e.value(), org.assertj.core.data.Offset.offset(TOLERANCE));
                assertThat(one.value()).isEqualTo(a.value());
                continue;
            }
            assertThat(a.label()).as("label of row %d (%s vs %s)", i, a.scores(), e.scores()).isEqualTo(e.label());
            for (int k = 0; k < e.scores().length; k++) {
                assertThat(a.scores()[k]).as("score %d of row %d", k, i)
                        .isCloseTo(e.scores()[k], org.assertj.core.data.Offset.offset(TOLERANCE));
            }
            assertThat(one.scores()).isEqualTo(a.scores());
        }
    }
}
