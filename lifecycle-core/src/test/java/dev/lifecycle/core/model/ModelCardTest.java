package dev.lifecycle.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.model.ModelVersion;
import dev.lifecycle.core.Lifecycle;
import dev.lifecycle.core.data.Split;
import dev.lifecycle.core.internal.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;

@Tag("fast")
class ModelCardTest {

    @Test
    void cardCoversDataTrainingMetricsIntendedUseAndLineageAsJsonAndSelfContainedHtml() throws Exception {
        try (Lifecycle lc = Lifecycle.inMemory()) {
            DatasetVersion data = Fixtures.classification(lc, "toy", 400, 11);
            Split split = lc.datasets().splitTimeOrdered(data, 0.75);
            ModelVersion v = lc.train("toy-clf", Trainers.logisticRegression().epochs(3).seed(4), split.train());
            lc.models().describe("toy-clf", 1, "Flags <toy> rows for review by a person; never decides alone.", "why");
            lc.models().setAlias("toy-clf", "champion", v, "first");
            ModelCard card = lc.modelCard(v, lc.evaluate(v, split.test()));

            JsonNode json = Json.MAPPER.readTree(card.toJson());
            assertThat(json.at("/model/id").asText()).isEqualTo("toy-clf@1");
            assertThat(json.at("/model/aliases/0").asText()).isEqualTo("champion");
            assertThat(json.at("/intendedUse").asText()).startsWith("Flags <toy> rows");
            assertThat(json.at("/data/training").asText()).isEqualTo(split.train().id());
            assertThat(json.at("/data/target/yes").asDouble() + json.at("/data/target/no").asDouble()).isEqualTo(300);
            assertThat(json.at("/training/parameters/epochs").asText()).isEqualTo("3");
            assertThat(json.at("/training/environment/java.version").asText()).isNotEmpty();
            assertThat(json.at("/evaluations/" + split.test().id().replace("~", "~0").replace("/", "~1")
                    + "/metrics/accuracy/value").isNumber()).isTrue();
            assertThat(json.at("/columnRoles/TARGET/0").asText()).isEqualTo(v.signature().target());
            assertThat(json.at("/limitations").size()).isPositive();
            assertThat(json.at("/lineage/datasets/1/id").asText()).isEqualTo(data.id());
            assertThat(json.at("/lineage/sources/0").asText()).isEqualTo("generated toy");

            String html = card.toHtml();
            assertThat(html).contains("Intended use", "Data", "Training", "Metrics", "Lineage", "toy-clf@1",
                    "Flags &lt;toy&gt; rows").doesNotContain("<script", "http://", "https://", "<link");
            Path out = Path.of(System.getProperty("java.io.tmpdir"), "lifecycle-model-card.html");
            Files.writeString(out, html);
        }
    }
}
