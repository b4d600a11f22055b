package dev.lifecycle.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.data.FieldType;
import dev.lifecycle.api.model.ModelVersion;
import dev.lifecycle.api.model.Prediction;
import dev.lifecycle.api.model.Run;
import dev.lifecycle.api.model.RunStatus;
import dev.lifecycle.api.store.JournalEntry;
import dev.lifecycle.core.Lifecycle;
import dev.lifecycle.core.data.Csv;
import dev.lifecycle.core.internal.Json;
import dev.lifecycle.core.model.Trainers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads a directory store written by Lifecycle 0.1 (store format 1), kept under
 * {@code src/test/resources/fixtures/store-format-1}: every later build must read it, so a change to the
 * file layout, the journal, a manifest, a persisted JSON name or a binary codec that old stores cannot
 * follow fails here. The store holds one imported dataset, a logistic regression and a CART version of
 * one model, an alias moved from the first to the second, and the runs that trained them;
 * {@code expected.json} next to it holds what this build computed from it (digests and predictions).
 *
 * <p>Never regenerate the fixture to make this test pass: add a new fixture for a new format instead.
 * To write one: {@code -Dtest=StoreFormatFixtureTest#writeFixture -Dlifecycle.fixture.write=DIR}.
 */
@Tag("fast")
class StoreFormatFixtureTest {
    private static final String FIXTURE = "fixtures/store-format-1";
    private static final int ROWS = 40;
    private static final String[] COLORS = {"red", "green", "blue"};

    @Test
    void aStoreWrittenByFormatOneReadsBackWhole(@TempDir Path tmp) throws IOException {
        Path home = copyFixture(tmp.resolve("store"));
        JsonNode expected = Json.MAPPER.readTree(Files.readAllBytes(fixture().resolve("expected.json")));
        try (Lifecycle lc = Lifecycle.open(home)) {
            assertThat(lc.datasets().names()).containsExactly("fixture");
            assertThat(lc.datasets().dataset("fixture").versions()).containsExactly(1);
            DatasetVersion data = lc.datasets().get("fixture", 1);
            assertThat(data.digest()).isEqualTo(expected.get("dataset").get("digest").asText());
            assertThat(data.size()).isEqualTo(ROWS);
            assertThat(data.schema().target()).isEqualTo("label");
            assertThat(data.schema().fields()).extracting(f -> f.name() + ":" + f.type()).containsExactly(
                    "x1:NUMERIC", "x2:NUMERIC", "color:CATEGORICAL", "label:CATEGORICAL");
            assertThat(data.schema().field("color").orElseThrow().categories()).containsExactlyInAnyOrder(COLORS);
            assertThat(data.lineage().operation()).isEqualTo("import");
            for (int i = 0; i < ROWS; i++) {
                assertThat(data.number("x1", i)).isEqualTo(x1(i));
                assertThat(data.number("x2", i)).isEqualTo(x2(i));
                assertThat(data.string("color", i)).isEqualTo(COLORS[i % 3]);
                assertThat(data.target(i)).isEqualTo(label(i));
            }

            assertThat(lc.models().versions("fixture-clf")).containsExactly(1, 2);
            ModelVersion lr = lc.models().get("fixture-clf", 1);
            ModelVersion cart = lc.models().get("fixture-clf", 2);
            JsonNode models = expected.get("models");
            for (ModelVersion v : List.of(lr, cart)) {
                JsonNode e = models.get(Integer.toString(v.version()));
                assertThat(v.trainer()).isEqualTo(e.get("trainer").asText());
                assertThat(v.parameters()).isEqualTo(Json.MAPPER.convertValue(e.get("parameters"),
                        new com.fasterxml.jackson.core.type.TypeReference<java.util.Map<String, String>>() {
                        }));
                assertThat(v.seed()).isEqualTo(7);
                assertThat(v.dataset()).isEqualTo("fixture@1");
                assertThat(v.format()).isEqualTo(e.get("format").asText());
                assertThat(v.digest()).isEqualTo(e.get("digest").asText());
                assertThat(v.signature().labels()).containsExactly("no", "yes");
                JsonNode predictions = e.get("predictions");
                for (int i = 0; i < ROWS; i++) {
                    Prediction p = v.model().predict(data.row(i).without("label"));
                    JsonNode ep = predictions.get(i);
                    assertThat(p.label()).as("%s row %d", v.id(), i).isEqualTo(ep.get("label").asText());
                    double[] scores = p.scores();
                    for (int k = 0; k < scores.length; k++) {
                        assertThat(scores[k]).isCloseTo(ep.get("scores").get(k).asDouble(), within(1e-12));
                    }
                }

                Run run = lc.runs().get(v.run());
                assertThat(run.status()).isEqualTo(RunStatus.FINISHED);
                assertThat(run.trainer()).isEqualTo(v.trainer());
                assertThat(run.parameters()).containsAllEntriesOf(v.parameters());
                assertThat(run.inputs()).contains("fixture@1");
                assertThat(run.seed()).isEqualTo(7);
                assertThat(lc.runs().metricKeys(run.id())).contains("train.rows");
                assertThat(lc.runs().metric(run.id(), "train.rows")).extracting(p -> p.value()).containsExactly(40.0);
            }

            assertThat(lc.models().aliasVersion("fixture-clf", "champion")).contains(2);
            assertThat(lc.models().alias("fixture-clf", "champion")).map(ModelVersion::version).contains(2);
            List<JournalEntry> moves = lc.models().aliasHistory("fixture-clf", "champion");
            assertThat(moves).extracting(JournalEntry::reason).containsExactly("first champion", "cart wins");
            assertThat(moves).extracting(JournalEntry::actor).containsOnly("fixture-writer");
        }
    }

    @Test
    void theFixtureStaysSmall() throws IOException {
        long bytes;
        try (Stream<Path> files = Files.walk(fixture())) {
            bytes = files.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sum();
        }
        assertThat(bytes).as("bytes in %s", FIXTURE).isPositive().isLessThan(1_000_000);
    }

    /** Writes the fixture store and its expectations into {@code -Dlifecycle.fixture.write=DIR}. */
    @Test
    @EnabledIfSystemProperty(named = "lifecycle.fixture.write", matches = ".+")
    void writeFixture() throws IOException {
        Path out = Path.of(System.getProperty("lifecycle.fixture.write"));
        Path home = out.resolve("store");
        Files.createDirectories(out);
        Path csv = Files.createTempFile("fixture", ".csv");
        StringBuilder sb = new StringBuilder("x1,x2,color,label\n");
        for (int i = 0; i < ROWS; i++) {
            sb.append(x1(i)).append(',').append(x2(i)).append(',')
                    .append(COLORS[i % 3]).append(',').append(label(i)).append('\n');
        }
        Files.writeString(csv, sb, StandardCharsets.UTF_8);
        ObjectNode expected = Json.MAPPER.createObjectNode();
        try (Lifecycle lc = Lifecycle.builder().directory(home).actor("fixture-writer").build()) {
            DatasetVersion data = lc.datasets().importCsv("fixture", csv, Csv.forTarget("label"));
            expected.putObject("dataset").put("digest", data.digest());
            ModelVersion lr = lc.train("fixture-clf", Trainers.logisticRegression().epochs(3).seed(7), data);
            ModelVersion cart = lc.train("fixture-clf", Trainers.cart().maxDepth(3).seed(7), data);
            lc.models().setAlias("fixture-clf", "champion", lr, "first champion");
            lc.models().setAlias("fixture-clf", "champion", cart, "cart wins");
            ObjectNode models = expected.putObject("models");
            for (ModelVersion v : List.of(lr, cart)) {
                ObjectNode m = models.putObject(Integer.toString(v.version()));
                m.put("trainer", v.trainer()).put("format", v.format()).put("digest", v.digest());
                m.set("parameters", Json.MAPPER.valueToTree(v.parameters()));
                ArrayNode predictions = m.putArray("predictions");
                for (int i = 0; i < ROWS; i++) {
                    Prediction p = v.model().predict(data.row(i).without("label"));
                    ObjectNode pn = predictions.addObject().put("label", p.label());
                    ArrayNode scores = pn.putArray("scores");
                    for (double s : p.scores()) {
                        scores.add(s);
                    }
                }
            }
        } finally {
            Files.deleteIfExists(csv);
        }
        Files.write(out.resolve("expected.json"),
                Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(expected));
    }

    private static double x1(int i) {
        return i * 0.25;
    }

    private static double x2(int i) {
        return i * 37 % 11;
    }

    private static String label(int i) {
        return x1(i) + x2(i) > 9 ? "yes" : "no";
    }

    private static Path fixture() {
        try {
            var url = StoreFormatFixtureTest.class.getClassLoader().getResource(FIXTURE + "/expected.json");
            assertThat(url).as("test resource %s", FIXTURE).isNotNull();
            return Path.of(url.toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path copyFixture(Path to) throws IOException {
        Path from = fixture().resolve("store");
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        return to;
    }
}
