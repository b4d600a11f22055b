package dev.lifecycle.core.loop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.data.Field;
import dev.lifecycle.api.data.FieldType;
import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.model.ModelVersion;
import dev.lifecycle.api.model.Prediction;
import dev.lifecycle.core.Lifecycle;
import dev.lifecycle.testsupport.TestData;
import dev.lifecycle.core.data.Csv;
import dev.lifecycle.core.model.Trainers;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;

/**
 * UCI Adult with declared types ({@code education-num} a category) streamed through the loop with labels
 * 500 rows late: retrains read the rows with the champion's schema, never inferring types again, and a
 * window that lacks a category still yields a model that serves every row.
 */
@Tag("slow")
@Tag("realdata")
class AdultLoopTest {
    private static final String[] COLUMNS = {"age", "workclass", "fnlwgt", "education", "education-num",
        "marital-status", "occupation", "relationship", "race", "sex", "capital-gain", "capital-loss",
        "hours-per-week", "native-country", "income"};
    private static final int DELAY = 500;

    private static DatasetVersion adult(Lifecycle lc) {
        return lc.datasets().importCsv("adult", TestData.require("adult.data"), Csv.forTarget("income")
                .noHeader(COLUMNS).type("education-num", FieldType.CATEGORICAL).type("fnlwgt", FieldType.TEXT));
    }

    @Test
    void adultStreamsThroughTheLoopWithDeclaredTypesAndLateLabels() {
        Logger.getLogger("org.tribuo").setLevel(Level.WARNING);
        try (Lifecycle lc = Lifecycle.builder().build()) {
            DatasetVersion all = adult(lc);
            assertThat(all.schema().field("education-num").orElseThrow().type()).isEqualTo(FieldType.CATEGORICAL);
            int train = 4000;
            DatasetVersion first = lc.datasets().derive(all, "adult-first", range(0, train), "first rows", java.util.Map.of());
            ModelVersion m = lc.train("income", Trainers.cart().maxDepth(8).seed(5), first);
            lc.models().setAlias("income", "champion", m, "first rows");
            List<Row> rows = new ArrayList<>();
            List<String> truth = new ArrayList<>();
            int end = Math.min(all.size(), 16_000);
            for (int i = train; i < end; i++) {
                Row r = all.row(i);
                rows.add(r.without("income"));
                truth.add(String.valueOf(r.get("income")));
            }
            Loop loop = Loop.builder(lc, "income", "income").trigger(Trigger.everyLabelled(2500)).history(2000)
                    .holdout(400).minImprovement(-0.02).canary(0.5, 100, 0.05)
                    .executor(Runnable::run) // iterations inside feedback: the run is the same every time
                    .build();
            long[] ids = new long[rows.size()];
            int served = 0;
            try (loop) {
                for (int i = 0; i < rows.size(); i++) {
                    if (i >= DELAY) {
                        loop.feedback(ids[i - DELAY], truth.get(i - DELAY));
                    }
                    Prediction p = loop.predict(rows.get(i));
                    ids[i] = p.id();
                    served += p.label() != null ? 1 : 0;
                }
                loop.awaitIdle();
            }
            List<LoopIteration> its = loop.iterations();
            System.out.println("Adult loop: " + rows.size() + " rows served, " + loop.labels() + " labels, "
                    + its.size() + " iterations " + its.stream().map(it -> it.index() + ":" + it.outcome()).toList()
                    + ", champion now " + loop.champion().id());
            assertThat(served).isEqualTo(rows.size());
            assertThat(its).as("retrains happen").hasSizeGreaterThanOrEqualTo(3)
                    .noneMatch(it -> it.outcome() == LoopIteration.Outcome.FAILED);
            assertThat(Loop.recorded(lc, "income")).isEqualTo(its);
            LoopIteration retrain = its.stream().filter(it -> it.dataset() != null).findFirst().orElseThrow();
            Field eduNum = lc.datasets().get(retrain.dataset()).schema().field("education-num").orElseThrow();
            assertThat(eduNum.type()).as("declared type kept").isEqualTo(FieldType.CATEGORICAL);
            assertThat(eduNum.categories()).as("the champion's domain kept")
                    .containsAll(first.schema().field("education-num").orElseThrow().categories());
        }
    }

    @Test
    void aRetrainWindowLackingACategoryStillServesEveryRow() {
        Logger.getLogger("org.tribuo").setLevel(Level.WARNING);
        try (Lifecycle lc = Lifecycle.builder().build()) {
            DatasetVersion all = adult(lc);
            DatasetVersion first = lc.datasets().derive(all, "adult-first", range(0, 3000), "first rows", java.util.Map.of());
            lc.models().setAlias("income", "champion", lc.train("income", Trainers.cart().maxDepth(6).seed(5), first),
                    "first rows");
            List<Row> withoutDoctorate = new ArrayList<>();
            List<String> truth = new ArrayList<>();
            List<Row> doctorates = new ArrayList<>();
            for (int i = 3000; i < all.size() && withoutDoctorate.size() < 3000; i++) {
                Row r = all.row(i);
                if ("Doctorate".equals(r.get("education"))) {
                    doctorates.add(r.without("income"));
                } else {
                    withoutDoctorate.add(r.without("income"));
                    truth.add(String.valueOf(r.get("income")));
                }
            }
            assertThat(doctorates).isNotEmpty();
            Loop loop = Loop.builder(lc, "income", "income").trigger(Trigger.manual()).history(2000).holdout(300)
                    .minImprovement(-1).noCanary().executor(Runnable::run).build();
            try (loop) {
                for (int i = 0; i < withoutDoctorate.size(); i++) {
                    loop.feedback(loop.predict(withoutDoctorate.get(i)).id(), truth.get(i));
                }
                LoopIteration it = loop.retrainNow("window without doctorates");
                assertThat(it.outcome()).isEqualTo(LoopIteration.Outcome.PROMOTED);
                DatasetVersion window = lc.datasets().get(it.dataset());
                assertThat(window.schema().field("education").orElseThrow().categories()).contains("Doctorate");
                for (Row r : doctorates) {
                    assertThat(loop.predict(r).label()).isNotNull();
                }
                Row unseen = doctorates.get(0).without("native-country").with("native-country", "Atlantis");
                assertThat(loop.predict(unseen).label()).as("a category no model saw: the input policy answers")
                        .isNotNull();
            }
        }
    }

    private static int[] range(int from, int to) {
        int[] out = new int[to - from];
        for (int i = 0; i < out.length; i++) {
            out[i] = from + i;
        }
        return out;
    }
}
