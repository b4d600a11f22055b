package dev.lifecycle.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.data.ColumnRole;
import dev.lifecycle.api.data.Field;
import dev.lifecycle.api.data.Schema;
import dev.lifecycle.api.data.ValidationReport;
import dev.lifecycle.api.evaluation.ClassMetrics;
import dev.lifecycle.api.evaluation.Evaluation;
import dev.lifecycle.api.evaluation.SliceResult;
import dev.lifecycle.api.model.ModelVersion;
import dev.lifecycle.core.Lifecycle;
import dev.lifecycle.core.data.CategoricalProfile;
import dev.lifecycle.core.data.ColumnProfile;
import dev.lifecycle.core.data.Csv;
import dev.lifecycle.core.data.DatasetProfile;
import dev.lifecycle.core.data.Expectation;
import dev.lifecycle.core.data.NumericProfile;
import dev.lifecycle.core.data.Skew;
import dev.lifecycle.core.data.Split;
import dev.lifecycle.core.evaluation.EvaluationOptions;
import dev.lifecycle.core.evaluation.Slices;
import dev.lifecycle.core.model.Trainers;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;

/**
 * Acceptance on UCI Adult and ELEC2 in local[2]: for 1, 2, 3, 7 and 16 partitions the Spark profile,
 * validation report, evaluation and drift equal the in-process ones (counts, bounds, category counts,
 * validation failures and confusion matrices exactly; means, variances and metrics to rounding;
 * quantiles and distinct counts within the sketches' stated error).
 */
@Tag("spark")
@Tag("realdata")
class RealDataParityTest {
    static SparkSession spark;
    static Lifecycle lc;
    static SparkLifecycle onSpark;

    @BeforeAll
    static void start() {
        spark = SparkTests.session();
        lc = Lifecycle.inMemory();
        onSpark = SparkLifecycle.on(lc);
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
        if (lc != null) {
            lc.close();
        }
    }

    @Test
    void adultProfileValidationEvaluationAndDriftMatchInProcess() {
        DatasetVersion adult = lc.datasets().importCsv("adult", SparkTests.require("adult.data"), SparkTests.ADULT);
        List<Field> pinned = new ArrayList<>();
        for (Field f : adult.schema().fields()) {
            if (f.name().equals("race")) {
                pinned.add(Field.categorical("race", List.of("White", "Black")));
            } else if (!f.name().equals("fnlwgt")) {
                pinned.add(f.name().equals("workclass") ? new Field(f.name(), f.type(), false, f.categories()) : f);
            }
        }
        pinned.add(Field.numeric("weight"));
        lc.datasets().pinSchema("adult", new Schema(pinned, "income"));
        Recipe<List<Expectation>> expectations = () -> List.of(Expectation.range("age", 18, 80),
                Expectation.unique("fnlwgt"), Expectation.missingRateAtMost("occupation", 0.01),
                Expectation.rowCount(0, 30_000), Expectation.inSet("sex", List.of("Male")),
                Expectation.satisfies("hours-per-week <= 60", r -> ((Double) r.get("hours-per-week")) <= 60));
        ValidationReport local = lc.datasets().validate(adult, expectations.get());
        assertThat(local.failures()).hasSizeGreaterThanOrEqualTo(7);
        assertThat(local.schemaChanges()).hasSize(2);

        ModelVersion model = lc.train("adult-clf", Trainers.logisticRegression().epochs(2).seed(7), adult);
        Recipe<EvaluationOptions> options = () -> EvaluationOptions.defaults().slices(Slices.by("sex"),
                Slices.bins("age", 30, 45, 60), Slices.by("sex").cross(Slices.by("race")));
        Evaluation localEval = lc.evaluate(model, adult, options.get());
        Split split = lc.datasets().splitTimeOrdered(adult, 0.5);
        List<Skew.FeatureSkew> localDrift = Skew.compare(DatasetProfile.of(split.train()),
                DatasetProfile.of(split.test()));
        DatasetProfile localProfile = DatasetProfile.of(adult);

        for (int partitions : SparkTests.PARTITIONS) {
            Dataset<Row> frame = SparkTests.frame(spark, adult, partitions).cache();
            assertThat(frame.javaRDD().getNumPartitions()).isEqualTo(partitions);
            assertSameProfile(onSpark.profile(frame), localProfile, adult, partitions);
            ValidationReport distributed = onSpark.validate(frame, "adult", expectations);
            assertThat(distributed.rows()).isEqualTo(local.rows());
            assertThat(distributed.failures()).as("%d partitions", partitions).isEqualTo(local.failures());
            assertThat(distributed.schemaChanges()).isEqualTo(local.schemaChanges());
            assertSameEvaluation(onSpark.evaluate(model, frame, "adult", options), localEval, partitions);
            assertSameDrift(onSpark.drift(SparkTests.frame(spark, split.train(), partitions),
                    SparkTests.frame(spark, split.test(), partitions)), localDrift);
            frame.unpersist();
        }
        lc.datasets().pinSchema("adult-roles", adult.schema().withRole("fnlwgt", ColumnRole.WEIGHT));
        DatasetProfile withRoles = onSpark.profile(SparkTests.frame(spark, adult, 3), "adult-roles");
        assertThat(withRoles.roles()).containsEntry("fnlwgt", ColumnRole.WEIGHT)
                .containsEntry("income", ColumnRole.TARGET);
        assertThat(withRoles.features()).doesNotContain("fnlwgt", "income").contains("age", "sex");
        assertThat(withRoles.rows()).isEqualTo(adult.size());
    }

    @Test
    void elec2ProfileEvaluationAndDriftMatchInProcess() {
        DatasetVersion elec = lc.datasets().importCsv("elec2", SparkTests.require("electricity.csv"),
                Csv.forTarget("class"));
        ModelVersion model = lc.train("elec2-clf", Trainers.logisticRegression().epochs(2).seed(7), elec);
        Recipe<EvaluationOptions> options = () -> EvaluationOptions.defaults().slices(Slices.bins("period", 0.25, 0.5,
                0.75));
        Evaluation localEval = lc.evaluate(model, elec, options.get());
        Split split = lc.datasets().splitTimeOrdered(elec, 0.4);
        List<Skew.FeatureSkew> localDrift = Skew.compare(DatasetProfile.of(split.train()),
                DatasetProfile.of(split.test()));
        assertThat(localDrift).anyMatch(Skew.FeatureSkew::skewed);
        DatasetProfile localProfile = DatasetProfile.of(elec);
        ValidationReport local = lc.datasets().validate(elec, List.of(Expectation.range("nswprice", 0, 0.5)));
        assertThat(local.failures()).hasSize(1);

        for (int partitions : new int[] {1, 3, 16}) {
            Dataset<Row> frame = SparkTests.frame(spark, elec, partitions).cache();
            assertSameProfile(onSpark.profile(frame), localProfile, elec, partitions);
            assertSameEvaluation(onSpark.evaluate(model, frame, "elec2", options), localEval, partitions);
            assertThat(onSpark.validate(frame, "elec2", () -> List.of(Expectation.range("nswprice", 0, 0.5)))
                    .failures()).isEqualTo(local.failures());
            assertSameDrift(onSpark.drift(SparkTests.frame(spark, split.train(), partitions),
                    SparkTests.frame(spark, split.test(), partitions)), localDrift);
            frame.unpersist();
        }
    }

    static void assertSameProfile(DatasetProfile spark, DatasetProfile local, DatasetVersion data, int partitions) {
        assertThat(spark.rows()).isEqualTo(local.rows());
        assertThat(spark.columns().keySet()).containsExactlyElementsOf(local.columns().keySet());
        for (ColumnProfile l : local.columns().values()) {
            String as = l.column() + " with " + partitions + " partitions";
            ColumnProfile s = spark.column(l.column());
            assertThat(s.count()).as(as).isEqualTo(l.count());
            assertThat(s.missing()).as(as).isEqualTo(l.missing());
            if (l instanceof CategoricalProfile c) {
                assertThat(s).as(as).isEqualTo(c);
                continue;
            }
            NumericProfile a = (NumericProfile) s;
            NumericProfile b = (NumericProfile) l;
            assertThat(a.min()).as(as).isEqualTo(b.min());
            assertThat(a.max()).as(as).isEqualTo(b.max());
            assertThat(a.mean()).as(as).isCloseTo(b.mean(), within(1e-9 * Math.max(1, Math.abs(b.mean()))));
            assertThat(a.variance()).as(as).isCloseTo(b.variance(), within(1e-9 * Math.max(1, b.variance())));
            double hll = 3 * 1.04 / Math.sqrt(1 << 12);
            assertThat((double) a.distinct()).as(as).isCloseTo(b.distinct(), within(hll * b.distinct() + 1));
            double[] sorted = present(data, l.column());
            for (double q : new double[] {0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99}) {
                double x = a.quantile(q);
                double below = lowerRank(sorted, x);
                double atOrBelow = upperRank(sorted, x);
                assertThat(q).as("%s: quantile %s = %s has true rank [%s, %s]", as, q, x, below, atOrBelow)
                        .isBetween(below - a.rankError(), atOrBelow + a.rankError());
            }
        }
    }

    private static double[] present(DatasetVersion data, String column) {
        double[] v = new double[data.size()];
        int n = 0;
        for (int r = 0; r < data.size(); r++) {
            double x = data.number(column, r);
            if (!Double.isNaN(x)) {
                v[n++] = x;
            }
        }
        double[] out = Arrays.copyOf(v, n);
        Arrays.sort(out);
        return out;
    }

    private static double lowerRank(double[] sorted, double x) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return (double) lo / sorted.length;
    }

    private static double upperRank(double[] sorted, double x) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] <= x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return (double) lo / sorted.length;
    }

    static void assertSameEvaluation(Evaluation spark, Evaluation local, int partitions) {
        String as = local.model() + " with " + partitions + " partitions";
        assertThat(spark.model()).isEqualTo(local.model());
        assertThat(spark.rows()).as(as).isEqualTo(local.rows());
        assertThat(spark.confusion()).as(as).isEqualTo(local.confusion());
        assertSameMetrics(spark.metrics(), local.metrics(), as);
        assertThat(spark.notApplicable()).as(as).isEqualTo(local.notApplicable());
        assertThat(spark.perClass()).hasSameSizeAs(local.perClass());
        for (ClassMetrics c : local.perClass()) {
            ClassMetrics s = spark.forClass(c.label()).orElseThrow();
            assertThat(s.support()).as(as).isEqualTo(c.support());
            assertThat(s.f1()).as(as).isCloseTo(c.f1(), within(1e-12));
        }
        Map<String, SliceResult> slices = byName(spark.slices());
        assertThat(slices.keySet()).as(as).isEqualTo(byName(local.slices()).keySet());
        for (SliceResult l : local.slices()) {
            SliceResult s = slices.get(l.name());
            assertThat(s.rows()).as(as + " " + l.name()).isEqualTo(l.rows());
            assertThat(s.tooSmall()).isEqualTo(l.tooSmall());
            assertSameMetrics(s.metrics(), l.metrics(), as + " " + l.name());
        }
        var sd = spark.diagnostics().orElseThrow();
        var ld = local.diagnostics().orElseThrow();
        assertThat(sd.confusedPairs()).as(as).isEqualTo(ld.confusedPairs());
        assertThat(sd.worstErrors()).as(as).isEqualTo(ld.worstErrors());
        assertThat(sd.roc()).as(as).isEqualTo(ld.roc());
    }

    private static void assertSameMetrics(Map<String, Double> spark, Map<String, Double> local, String as) {
        assertThat(spark.keySet()).as(as).isEqualTo(local.keySet());
        local.forEach((k, v) -> assertThat(spark.get(k)).as(as + " " + k)
                .isCloseTo(v, within(1e-9 * Math.max(1, Math.abs(v)))));
    }

    private static Map<String, SliceResult> byName(List<SliceResult> slices) {
        return slices.stream().collect(Collectors.toMap(SliceResult::name, Function.identity(), (a, b) -> a,
                TreeMap::new));
    }

    /**
     * Jensen-Shannon distances come from exact counts and must agree to rounding; PSI reads both KLL sketches
     * at the reference deciles, so each bin share may move by the rank error on either side, which bounds the
     * change of the PSI sum.
     */
    static void assertSameDrift(List<Skew.FeatureSkew> spark, List<Skew.FeatureSkew> local) {
        assertThat(spark).extracting(Skew.FeatureSkew::column).containsExactlyElementsOf(
                local.stream().map(Skew.FeatureSkew::column).toList());
        for (int i = 0; i < local.size(); i++) {
            Skew.FeatureSkew s = spark.get(i);
            Skew.FeatureSkew l = local.get(i);
            assertThat(s.measure()).isEqualTo(l.measure());
            assertThat(s.missingRateShift()).as(l.column()).isCloseTo(l.missingRateShift(), within(1e-12));
            if (l.measure().equals("jensen-shannon")) {
                assertThat(s.distance()).as(l.column()).isCloseTo(l.distance(), within(1e-9));
                assertThat(s.skewed()).isEqualTo(l.skewed());
            } else {
                assertThat(s.distance()).as(l.column()).isCloseTo(l.distance(), within(0.05 + 0.25 * l.distance()));
            }
        }
    }
}
