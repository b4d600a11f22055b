package dev.lifecycle.testkit;

import static dev.lifecycle.testkit.assertions.LifecycleAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.model.Model;
import dev.lifecycle.api.model.ModelVersion;
import dev.lifecycle.api.model.Prediction;
import dev.lifecycle.api.model.Signature;
import dev.lifecycle.core.Lifecycle;
import dev.lifecycle.core.data.Csv;
import dev.lifecycle.core.model.Trainers;
import dev.lifecycle.testkit.behaviour.Behaviour;
import dev.lifecycle.testkit.behaviour.BehaviourReport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Tag;

/**
 * Behavioural tests of a logistic regression on UCI Adult, and proof that a planted bug makes them
 * fail with the offending rows listed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Tag("slow")
@Tag("realdata")
class AdultBehaviourTest {
    private static final String[] COLUMNS = {"age", "workclass", "fnlwgt", "education", "education-num",
        "marital-status", "occupation", "relationship", "race", "sex", "capital-gain", "capital-loss",
        "hours-per-week", "native-country", "income"};

    private Lifecycle lc;
    private Model model;
    private List<Row> rows;

    @BeforeAll
    void train() {
        lc = Lifecycle.inMemory();
        DatasetVersion adult = lc.datasets().importCsv("adult", SharedData.require("adult.data"),
                Csv.defaults().noHeader(COLUMNS).withTarget("income"));
        ModelVersion mv = lc.train("adult-lr", Trainers.logisticRegression().epochs(3).seed(1),
                lc.datasets().splitTimeOrdered(adult, 0.8).train());
        model = mv.model();
        rows = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            rows.add(adult.row(adult.size() - 1 - i).without("income"));
        }
    }

    @AfterAll
    void close() {
        if (lc != null) {
            lc.close();
        }
    }

    @Test
    void fnlwgtChangedByOnePercentChangesUnderOnePercentOfPredictions() {
        BehaviourReport up = Behaviour.invariance(model, rows, "fnlwgt +1%", r -> scale(r, "fnlwgt", 1.01));
        BehaviourReport down = Behaviour.invariance(model, rows, "fnlwgt -1%", r -> scale(r, "fnlwgt", 0.99));
        assertThat(up).hasFailureRateAtMost(0.01);
        assertThat(down).hasFailureRateAtMost(0.01);
    }

    @Test
    void raisingEducationNeverLowersTheChanceOfHighIncome() {
        BehaviourReport report = Behaviour.directional(model, rows, "education-num + 1",
                r -> scale(r, "education-num", 1, 1), ">50K", Behaviour.Direction.NOT_DECREASING, 1e-12);
        assertThat(report).passes();
    }

    @Test
    void aPlantedBugBreaksTheDirectionalTestAndTheMessageListsTheRows() {
        Model buggy = new ScoreBug(model);
        BehaviourReport report = Behaviour.directional(buggy, rows, "education-num + 1",
                r -> scale(r, "education-num", 1, 1), ">50K", Behaviour.Direction.NOT_DECREASING, 1e-12);
        assertThatThrownBy(() -> assertThat(report).passes()).isInstanceOf(AssertionError.class)
                .hasMessageContaining("offending rows")
                .hasMessageContaining("row " + report.failures().get(0).index() + ": score of >50K moved from")
                .hasMessageContaining("education-num=");
    }

    @Test
    void aPlantedBugBreaksTheInvarianceTestAndTheMessageListsTheRows() {
        Model buggy = new LabelBug(model);
        BehaviourReport report = Behaviour.invariance(buggy, rows, "fnlwgt +1%", r -> scale(r, "fnlwgt", 1.01));
        assertThatThrownBy(() -> assertThat(report).hasFailureRateAtMost(0.01)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("invariance under fnlwgt +1% failed on")
                .hasMessageContaining("row 0: label changed from");
    }

    @Test
    void minimumFunctionality() {
        Map<Row, String> cases = new LinkedHashMap<>();
        cases.put(rows.get(0), model.predict(rows.get(0)).label());
        assertThat(Behaviour.minimumFunctionality(model, "agrees with itself", cases)).passes();
        cases.put(rows.get(1), "no such label");
        assertThatThrownBy(() -> assertThat(Behaviour.minimumFunctionality(model, "impossible", cases)).passes())
                .hasMessageContaining("expected no such label");
    }

    private static Row scale(Row r, String column, double factor) {
        return scale(r, column, factor, 0);
    }

    private static Row scale(Row r, String column, double factor, double add) {
        return r.with(column, r.number(r.indexOf(column)) * factor + add);
    }

    /** Lowers the >50K score when education is high: breaks the directional expectation. */
    private record ScoreBug(Model inner) implements Model {
        @Override
        public Signature signature() {
            return inner.signature();
        }

        @Override
        public Prediction predict(Row row) {
            Prediction p = inner.predict(row);
            double edu = row.number(row.indexOf("education-num"));
            double[] s = p.scores();
            int hi = p.labels().indexOf(">50K");
            s[hi] = s[hi] / (1 + Math.max(0, edu - 12));
            return Prediction.ofLabel(p.label(), p.labels(), s);
        }

        @Override
        public boolean producesProbabilities() {
            return false;
        }
    }

    /** Flips the label whenever fnlwgt is not a whole number: breaks invariance. */
    private record LabelBug(Model inner) implements Model {
        @Override
        public Signature signature() {
            return inner.signature();
        }

        @Override
        public Prediction predict(Row row) {
            Prediction p = inner.predict(row);
            double w = row.number(row.indexOf("fnlwgt"));
            if (w == Math.rint(w)) {
                return p;
            }
            String flipped = p.label().equals(">50K") ? "<=50K" : ">50K";
            return Prediction.ofLabel(flipped, p.labels(), p.scores());
        }

        @Override
        public boolean producesProbabilities() {
            return false;
        }
    }
}
