package dev.lifecycle.core.data;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.data.ValidationReport;
import dev.lifecycle.core.Lifecycle;
import dev.lifecycle.testsupport.TestData;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;

/** Acceptance on UCI Adult: missing values in the profile, validation of negative ages, stratified split. */
@Tag("slow")
@Tag("realdata")
class AdultDataPhaseTest {
    static final Csv ADULT = Csv.defaults().noHeader("age", "workclass", "fnlwgt", "education", "education-num",
            "marital-status", "occupation", "relationship", "race", "sex", "capital-gain", "capital-loss",
            "hours-per-week", "native-country", "income").withTarget("income");

    static Lifecycle lc;
    static DatasetVersion adult;

    @BeforeAll
    static void importAdult() {
        lc = Lifecycle.inMemory();
        adult = lc.datasets().importCsv("adult", TestData.require("adult.data"), ADULT);
    }

    @AfterAll
    static void close() {
        if (lc != null) {
            lc.close();
        }
    }

    @Test
    void profileShowsMissingValuesInExactlyThreeColumns() {
        DatasetProfile p = lc.datasets().profile(adult);
        Map<String, Long> missing = new TreeMap<>();
        p.columns().forEach((name, c) -> {
            if (c.missing() > 0) {
                missing.put(name, c.missing());
            }
        });
        assertThat(missing).containsOnlyKeys("workclass", "occupation", "native-country");
        assertThat(missing.get("workclass")).isEqualTo(1836);
        assertThat(missing.get("occupation")).isEqualTo(countMissing("occupation"));
        assertThat(missing.get("native-country")).isEqualTo(countMissing("native-country"));
        assertThat(p.rows()).isEqualTo(32_561);
        NumericProfile age = p.numeric("age");
        assertThat(age.min()).isEqualTo(17);
        assertThat(age.max()).isEqualTo(90);
        assertThat(age.distinct()).isBetween(72L, 74L);
        assertThat(p.categorical("income").frequency(">50K")).isCloseTo(0.2408, org.assertj.core.data.Offset.offset(0.001));
        assertThat(withoutHll(DatasetProfile.fromJson(p.toJson()).toJson())).isEqualTo(withoutHll(p.toJson()));
        assertThat(withoutHll(lc.datasets().profile(adult).toJson())).as("stored with the version")
                .isEqualTo(withoutHll(p.toJson()));
    }

    /** HLL bytes list coupons in hash-table order, which a round trip may change; estimates are compared instead. */
    static String withoutHll(String json) {
        return json.replaceAll("\"hll\" : \"[^\"]*\"", "");
    }

    private static long countMissing(String column) {
        long n = 0;
        for (int r = 0; r < adult.size(); r++) {
            if (adult.string(column, r) == null) {
                n++;
            }
        }
        return n;
    }

    @Test
    void negativeAgesFailValidationWithTheirCount() {
        List<Expectation> suggested = Expectation.suggest(lc.datasets().profile(adult));
        lc.datasets().pinSchema("adult", adult.schema());
        assertThat(lc.datasets().validate(adult, suggested).passed()).isTrue();

        List<Row> rows = new ArrayList<>();
        int negatives = 0;
        for (int r = 0; r < adult.size(); r++) {
            Row row = adult.row(r);
            if (r % 100 == 7) {
                row = row.with("age", -row.number(row.indexOf("age")));
                negatives++;
            }
            rows.add(row);
        }
        DatasetVersion bad = lc.datasets().importFrom("adult", RowSource.of("adult-with-negative-ages",
                adult.schema().names(), rows), ADULT);
        ValidationReport report = lc.datasets().validate(bad, suggested);

        assertThat(report.passed()).isFalse();
        assertThat(report.failures()).hasSize(1);
        ValidationReport.Failure f = report.failures().get(0);
        assertThat(f.column()).isEqualTo("age");
        assertThat(f.failingRows()).isEqualTo(negatives);
        assertThat(f.examples()).containsExactly(7, 107, 207, 307, 407);
        assertThat(report.schemaChanges()).isEmpty();
    }

    @Test
    void stratifiedSplitKeepsThePositiveRate() {
        Split split = lc.datasets().split(adult, Splits.stratified(0.8, 42));
        double whole = positiveRate(adult);
        assertThat(split.train().size() + split.test().size()).isEqualTo(adult.size());
        assertThat(positiveRate(split.train())).isCloseTo(whole, org.assertj.core.data.Offset.offset(0.005));
        assertThat(positiveRate(split.test())).isCloseTo(whole, org.assertj.core.data.Offset.offset(0.005));
        assertThat(split.test().lineage().parents()).containsExactly(adult.id());
        assertThat(split.test().lineage().operation()).isEqualTo("split-stratified");
    }

    private static double positiveRate(DatasetVersion v) {
        int pos = 0;
        for (int r = 0; r < v.size(); r++) {
            if (">50K".equals(v.target(r))) {
                pos++;
            }
        }
        return (double) pos / v.size();
    }
}
