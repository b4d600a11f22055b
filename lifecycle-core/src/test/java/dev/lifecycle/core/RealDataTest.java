package dev.lifecycle.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.data.Field;
import dev.lifecycle.api.data.FieldType;
import dev.lifecycle.api.evaluation.Evaluation;
import dev.lifecycle.api.model.ModelVersion;
import dev.lifecycle.core.data.Csv;
import dev.lifecycle.core.data.Split;
import dev.lifecycle.core.model.Trainers;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;
import dev.lifecycle.testsupport.TestData;

/** Imports of the shared real data sets; skipped when {@code ../shared/data} is absent. */
@Tag("slow")
@Tag("realdata")
class RealDataTest {
    static final Csv ADULT = Csv.defaults().noHeader("age", "workclass", "fnlwgt", "education", "education-num",
            "marital-status", "occupation", "relationship", "race", "sex", "capital-gain", "capital-loss",
            "hours-per-week", "native-country", "income").withTarget("income");

    @Test
    void electricity() {
        Path csv = TestData.require("electricity.csv");
        try (Lifecycle lc = Lifecycle.inMemory()) {
            DatasetVersion d = lc.datasets().importCsv("elec2", csv, Csv.forTarget("class"));
            assertThat(d.size()).as("every row, including the last one without a newline").isEqualTo(45_312);
            assertThat(d.schema().names()).containsExactly("period", "nswprice", "nswdemand", "vicprice",
                    "vicdemand", "transfer", "class");
            for (String c : new String[] {"period", "nswprice", "nswdemand", "vicprice", "vicdemand", "transfer"}) {
                Field f = d.schema().field(c).orElseThrow();
                assertThat(f.type()).as(c).isEqualTo(FieldType.NUMERIC);
                assertThat(f.nullable()).as(c).isFalse();
            }
            Field target = d.schema().targetField().orElseThrow();
            assertThat(target.type()).isEqualTo(FieldType.CATEGORICAL);
            assertThat(target.categories()).containsExactly("0", "1");
            assertThat(d.number("nswprice", 0)).isEqualTo(0.056443);
            int last = d.size() - 1;
            assertThat(d.number("period", last)).isEqualTo(1.0);
            assertThat(d.number("transfer", last)).isEqualTo(0.23114);
            assertThat(d.target(last)).isEqualTo("0");
        }
    }

    @Test
    void adultImportAndLogisticRegression() {
        Path data = TestData.require("adult.data");
        try (Lifecycle lc = Lifecycle.inMemory()) {
            DatasetVersion d = lc.datasets().importCsv("adult", data, ADULT);
            assertThat(d.size()).isEqualTo(32_561);
            Field workclass = d.schema().field("workclass").orElseThrow();
            assertThat(workclass.type()).isEqualTo(FieldType.CATEGORICAL);
            assertThat(workclass.nullable()).isTrue();
            assertThat(workclass.categories()).contains("Private", "State-gov").doesNotContain("MissingValue", "?");
            assertThat(workclass.categories()).allSatisfy(c -> assertThat(c).isEqualTo(c.trim()));
            assertThat(d.schema().field("age").orElseThrow().type()).isEqualTo(FieldType.NUMERIC);
            assertThat(d.schema().field("fnlwgt").orElseThrow().type()).isEqualTo(FieldType.NUMERIC);
            assertThat(d.schema().targetField().orElseThrow().categories()).containsExactly("<=50K", ">50K");
            assertThat(d.string("workclass", 0)).isEqualTo("State-gov");
            assertThat(d.string("income", 0)).isEqualTo("<=50K");

            Split split = lc.datasets().splitTimeOrdered(d, 0.8);
            long start = System.nanoTime();
            ModelVersion m = lc.train("adult-lr", Trainers.logisticRegression().epochs(3).seed(7), split.train());
            Evaluation ev = lc.evaluate(m, split.test());
            long millis = (System.nanoTime() - start) / 1_000_000;
            System.out.printf("Adult logistic regression: accuracy %.4f on %d test rows (train+evaluate %d ms)%n",
                    ev.accuracy(), ev.rows(), millis);
            assertThat(ev.rows()).isEqualTo(split.test().size());
            assertThat(ev.accuracy()).isGreaterThan(0.80);
        }
    }
}
