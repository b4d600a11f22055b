package dev.lifecycle.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifecycle.api.data.ColumnRole;
import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.data.Field;
import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.deployment.Deployment;
import dev.lifecycle.api.model.ModelVersion;
import dev.lifecycle.api.model.Prediction;
import dev.lifecycle.api.monitoring.Alert;
import dev.lifecycle.core.Lifecycle;
import dev.lifecycle.testsupport.TestData;
import dev.lifecycle.core.data.Csv;
import dev.lifecycle.core.data.Split;
import dev.lifecycle.core.data.Splits;
import dev.lifecycle.core.monitoring.MonitoredDeployment;
import dev.lifecycle.core.monitoring.Monitor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Tag;

/**
 * UCI Adult with {@code fnlwgt} as the example weight and a generated {@code id} as the identifier:
 * neither is a feature anywhere, predictions carry the id, the weights change the model, and class
 * weights fit like oversampling.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Tag("slow")
@Tag("realdata")
class AdultRolesTest {
    private Lifecycle lc;
    private DatasetVersion adult;
    private Split split;

    @BeforeAll
    void importWithRoles(@TempDir Path dir) throws IOException {
        Path source = TestData.require("adult.data");
        Path withId = dir.resolve("adult-with-id.csv");
        List<String> out = new ArrayList<>();
        out.add("id," + String.join(",", Adult.COLUMNS));
        int n = 0;
        for (String line : Files.readAllLines(source, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                out.add("A" + (n++) + "," + line);
            }
        }
        Files.write(withId, out, StandardCharsets.UTF_8);
        lc = Lifecycle.inMemory();
        adult = lc.datasets().importCsv("adult", withId,
                Csv.forTarget("income").identifier("id").weight("fnlwgt"));
        split = lc.datasets().split(adult, Splits.stratified(0.8, 7));
    }

    @Test
    void identifierAndWeightAreNeverFeatures() {
        assertThat(adult.schema().role("id")).isEqualTo(ColumnRole.IDENTIFIER);
        assertThat(adult.schema().role("fnlwgt")).isEqualTo(ColumnRole.WEIGHT);
        assertThat(adult.schema().features()).extracting(Field::name).doesNotContain("id", "fnlwgt", "income")
                .hasSize(13);
        assertThat(split.train().schema().roles()).isEqualTo(adult.schema().roles());
        assertThat(split.test().schema().roles()).isEqualTo(adult.schema().roles());

        ModelVersion m = lc.train("adult-roles", Trainers.logisticRegression().seed(7), split.train());
        assertThat(m.signature().inputs()).extracting(Field::name).doesNotContain("id", "fnlwgt").hasSize(13);
        assertThat(m.signature().roles()).containsEntry("id", ColumnRole.IDENTIFIER)
                .containsEntry("fnlwgt", ColumnRole.WEIGHT);
        ModelCard card = lc.modelCard(m);
        assertThat(card.toJson()).contains("\"otherColumns\"").doesNotContain("\"name\":\"id\"")
                .doesNotContain("\"name\":\"fnlwgt\"");
        assertThat(card.toHtml()).contains("Identifiers (not a feature)").contains("Example weight (not a feature)")
                .contains("Features (13)");

        List<Alert> alerts = new CopyOnWriteArrayList<>();
        Monitor monitor = Monitor.builder("adult", lc.datasets().profile(split.train())).chunkRows(64)
                .windowChunks(4).alertListener(alerts::add).build();
        assertThat(monitor.features()).doesNotContain("id", "fnlwgt", "income").hasSize(13);
        try (Deployment dep = MonitoredDeployment.wrap(lc.deploy(m), monitor)) {
            DatasetVersion test = split.test();
            for (int r = 0; r < 3000; r++) {
                Row row = test.row(r).without("income");
                Prediction p = dep.predict(row);
                assertThat(p.identifier("id")).isEqualTo(row.get("id"));
            }
            monitor.flush();
            assertThat(monitor.driftWindows()).isNotEmpty();
            assertThat(monitor.driftWindows().get(0).drift()).extracting(d -> d.feature())
                    .doesNotContain("id", "fnlwgt", "income");
        }
        assertThat(alerts).extracting(Alert::subject).doesNotContain("id", "fnlwgt", "income");
    }

    @Test
    void weightsChangeTheModel() {
        DatasetVersion unweighted = lc.datasets().withRoles(split.train(), Map.of("fnlwgt", ColumnRole.IGNORED));
        assertThat(unweighted.schema().weight()).isEmpty();
        for (dev.lifecycle.api.model.Trainer trainer : List.<dev.lifecycle.api.model.Trainer>of(
                Trainers.logisticRegression().seed(7), Trainers.cart().maxDepth(8).seed(7))) {
            ModelVersion weighted = lc.train("adult-w", trainer, split.train());
            ModelVersion plain = lc.train("adult-w", trainer, unweighted);
            int differ = 0;
            DatasetVersion test = split.test();
            for (int r = 0; r < test.size(); r++) {
                Row row = test.row(r);
                Prediction a = weighted.model().predict(row);
                Prediction b = plain.model().predict(row);
                if (Math.abs(a.score(">50K") - b.score(">50K")) > 1e-6) {
                    differ++;
                }
            }
            System.out.println("ROLES " + trainer.name() + ": weighted and unweighted scores differ on " + differ + " of "
                    + test.size() + " test rows; accuracy weighted " + lc.evaluate(weighted, test).accuracy()
                    + ", unweighted " + lc.evaluate(plain, test).accuracy());
            assertThat(differ).as(trainer.name()).isGreaterThan(test.size() / 10);
        }
    }

    @Test
    void classWeightsFitLikeOversamplingAndDoNotLeakTheLabel() {
        DatasetVersion train = lc.datasets().withRoles(split.train(), Map.of("fnlwgt", ColumnRole.FEATURE));
        DatasetVersion weighted = lc.datasets().withClassWeights(train, "w");
        assertThat(weighted.schema().weight()).contains("w");
        assertThat(weighted.schema().features()).extracting(Field::name).doesNotContain("w");
        DatasetVersion oversampled = lc.datasets().oversample(train, 7);
        var trainer = Trainers.logisticRegression().seed(7);
        ModelVersion byWeights = lc.train("adult-cw", trainer, weighted);
        ModelVersion byCopies = lc.train("adult-os", trainer, oversampled);
        DatasetVersion test = lc.datasets().withRoles(split.test(), Map.of("fnlwgt", ColumnRole.FEATURE));
        double a = lc.evaluate(byWeights, test).accuracy();
        double b = lc.evaluate(byCopies, test).accuracy();
        double onTraining = lc.evaluate(byWeights, weighted).accuracy();
        System.out.printf("ROLES class weights: test accuracy %.4f, oversampled copy %.4f, weighted model on its"
                + " training rows %.4f%n", a, b, onTraining);
        assertThat(Math.abs(a - b)).as("class weights %.4f vs oversampling %.4f", a, b).isLessThanOrEqualTo(0.01);
        assertThat(onTraining).isLessThan(0.99);
    }
}
