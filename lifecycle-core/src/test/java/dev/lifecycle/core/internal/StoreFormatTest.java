package dev.lifecycle.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.lifecycle.api.data.ColumnRole;
import dev.lifecycle.api.data.Field;
import dev.lifecycle.api.data.FieldType;
import dev.lifecycle.api.data.LabelPatch;
import dev.lifecycle.api.data.Lineage;
import dev.lifecycle.api.data.Schema;
import dev.lifecycle.api.model.OutputType;
import dev.lifecycle.api.model.Signature;
import dev.lifecycle.api.store.ObjectId;
import dev.lifecycle.api.store.StoreFormatException;
import dev.lifecycle.core.data.Expectation;
import dev.lifecycle.core.store.MemoryStore;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Format versions of stored documents and binary codecs, and the pinned JSON names of persisted api records. */
@Tag("fast")
class StoreFormatTest {
    private static final Schema SCHEMA = new Schema(List.of(Field.numeric("x"), Field.categorical("c", List.of("a", "b")),
            Field.categorical("y", List.of("no", "yes"))), "y", Map.of());
    private static final Schema WITH_ROLES = SCHEMA.withRole("c", ColumnRole.IDENTIFIER);

    @Test
    void storedDocumentsLeadWithTheirFormatVersionAndReadBack() {
        ModelManifest m = new ModelManifest("m", 3, "tribuo-protobuf", "ab", new Signature(SCHEMA.features(), "y",
                OutputType.CLASSIFICATION, List.of("no", "yes"), null), "cart", Map.of("depth", "3"), 7, "d@1",
                "2026-01-01T00:00:00Z", null);
        byte[] bytes = Json.writeStored(m);
        assertThat(new String(bytes, StandardCharsets.UTF_8)).startsWith("{\"formatVersion\":1,\"created\":");
        assertThat(Json.formatVersion(bytes)).isEqualTo(1);
        assertThat(Json.read(bytes, ModelManifest.class)).isEqualTo(m);
        assertThat(new String(Json.writeStored(Map.of()), StandardCharsets.UTF_8)).isEqualTo("{\"formatVersion\":1}");
    }

    @Test
    void documentsWithoutAVersionAreFormatOne() {
        byte[] legacy = Json.write(new LoopRecord("m", 1, 2, "drift", "d@2", 10, "m@1", "m@2", 0.8, 0.9, 5, "PROMOTED",
                "", "2026-01-01T00:00:00Z"));
        assertThat(Json.formatVersion(legacy)).isEqualTo(1);
        assertThat(Json.read(legacy, LoopRecord.class).challenger()).isEqualTo("m@2");
    }

    @Test
    void aNewerDocumentIsRefusedWithATypedErrorNamingItAndTheVersions() {
        byte[] newer = "{\"formatVersion\":2,\"name\":\"m\",\"version\":1,\"renamedField\":\"x\"}"
                .getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> Json.read(newer, ModelManifest.class)).isInstanceOfSatisfying(
                StoreFormatException.class, e -> {
                    assertThat(e.kind()).isEqualTo("model manifest");
                    assertThat(e.found()).isEqualTo(2);
                    assertThat(e.newestReadable()).isEqualTo(1);
                    assertThat(e.getMessage()).contains("model manifest", "format version 2", "up to 1",
                            "Upgrade Lifecycle");
                });
        MemoryStore store = new MemoryStore();
        ObjectId id = store.put(newer);
        assertThatThrownBy(() -> StoredObjects.manifest(store, id, DatasetManifest.class, "dataset d@1"))
                .isInstanceOf(StoreFormatException.class).hasMessageContaining("dataset manifest");
    }

    @Test
    void pinnedNamesWriteTheBytesComponentNamesWrote() throws Exception {
        ObjectMapper before = JsonMapper.builder().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .addMixIn(Schema.class, NoEmptyRoles.class).addMixIn(Signature.class, NoEmptyRoles.class)
                .addMixIn(LabelPatch.class, NoDefaultDomain.class).build();
        List<Object> values = List.of(Field.numeric("x").asNullable(), new Lineage(List.of("a@1"), "split", "f.csv",
                Map.of("seed", "7")), new LabelPatch(List.of(new LabelPatch.Change(3, "yes", "checked", "ann")), true),
                new Signature(SCHEMA.features(), "y", OutputType.CLASSIFICATION, List.of("no", "yes"), Map.of()),
                new Signature(WITH_ROLES.features(), "y", OutputType.CLASSIFICATION, List.of("no", "yes"),
                        Map.of("c", ColumnRole.IDENTIFIER)), WITH_ROLES);
        for (Object v : values) {
            assertThat(new String(Json.write(v), StandardCharsets.UTF_8)).as(v.getClass().getSimpleName())
                    .isEqualTo(before.writeValueAsString(v));
            assertThat(Json.read(Json.write(v), v.getClass())).isEqualTo(v);
        }
        // empty roles and a default extendsDomain are left out, as they always were: digests stay put
        assertThat(new String(Json.write(SCHEMA), StandardCharsets.UTF_8)).isEqualTo("{\"fields\":["
                + "{\"categories\":[],\"name\":\"x\",\"nullable\":false,\"type\":\"NUMERIC\"},"
                + "{\"categories\":[\"a\",\"b\"],\"name\":\"c\",\"nullable\":false,\"type\":\"CATEGORICAL\"},"
                + "{\"categories\":[\"no\",\"yes\"],\"name\":\"y\",\"nullable\":false,\"type\":\"CATEGORICAL\"}],"
                + "\"target\":\"y\"}");
        assertThat(new String(Json.write(new LabelPatch(List.of(), false)), StandardCharsets.UTF_8))
                .isEqualTo("{\"changes\":[]}");
    }

    /** The mix-ins of the mapper before names were pinned: only inclusion rules, names from the components. */
    private abstract static class NoEmptyRoles {
        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY)
        abstract Map<String, ColumnRole> roles();
    }

    private abstract static class NoDefaultDomain {
        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_DEFAULT)
        abstract boolean extendsDomain();
    }

    @Test
    void everyComponentOfAPersistedApiRecordHasAPinnedName() {
        for (Map.Entry<Class<?>, Class<?>> e : Json.PINNED.entrySet()) {
            Class<?> record = e.getKey();
            Class<?> mixin = e.getValue();
            RecordComponent[] components = record.getRecordComponents();
            for (RecordComponent c : components) {
                Method m;
                try {
                    m = mixin.getDeclaredMethod(c.getName());
                } catch (NoSuchMethodException x) {
                    throw new AssertionError(record.getSimpleName() + "." + c.getName() + " has no pinned JSON name in "
                            + mixin.getSimpleName() + "; add one (keeping the old name if it was renamed)");
                }
                assertThat(m.getAnnotation(JsonProperty.class)).as("%s.%s", record.getSimpleName(), c.getName())
                        .isNotNull();
            }
            Class<?>[] canonical = Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
            Constructor<?> creator;
            try {
                creator = mixin.getDeclaredConstructor(canonical);
            } catch (NoSuchMethodException x) {
                throw new AssertionError(mixin.getSimpleName() + " has no constructor matching the canonical one of "
                        + record.getSimpleName());
            }
            assertThat(Arrays.stream(creator.getParameters()).allMatch(p -> p.isAnnotationPresent(JsonProperty.class)))
                    .as("every creator parameter of %s is named", mixin.getSimpleName()).isTrue();
        }
        assertThat(Json.PINNED).containsKeys(Schema.class, Field.class, Signature.class, Lineage.class,
                LabelPatch.class, LabelPatch.Change.class);
    }

    @Test
    void persistedEnumNamesStayPut() {
        assertThat(Arrays.stream(FieldType.values()).map(Enum::name)).contains("NUMERIC", "CATEGORICAL", "BOOLEAN",
                "TEXT");
        assertThat(Arrays.stream(OutputType.values()).map(Enum::name)).contains("CLASSIFICATION", "REGRESSION");
        assertThat(Arrays.stream(ColumnRole.values()).map(Enum::name)).contains("IDENTIFIER");
    }

    @Test
    void binaryCodecsCarryAVersionAndRefuseNewerOnes() {
        dev.lifecycle.api.data.DatasetVersion part = new ColumnarDataset("d", 1, SCHEMA, new Lineage(List.of(), "test",
                null, Map.of()), List.of(new Column.Numeric(new double[] {1, Double.NaN}),
                        new Column.Coded(new int[] {0, 1}, List.of("a", "b")),
                        new Column.Coded(new int[] {0, 1}, List.of("no", "yes"))));
        byte[] tally = Expectation.notNull("x").tally(part, 0).toBytes();
        assertThat(Arrays.copyOf(tally, 4)).isEqualTo("LCXT".getBytes(StandardCharsets.US_ASCII));
        assertThat(tally[4]).isEqualTo((byte) 1);
        assertThat(Expectation.Tally.fromBytes(tally).toBytes()).isEqualTo(tally);
        byte[] newer = tally.clone();
        newer[4] = 2;
        assertThatThrownBy(() -> Expectation.Tally.fromBytes(newer)).isInstanceOf(StoreFormatException.class)
                .hasMessageContaining("expectation tally has format version 2");
        byte[] foreign = tally.clone();
        foreign[0] = 'X';
        assertThatThrownBy(() -> Expectation.Tally.fromBytes(foreign)).isInstanceOf(IllegalArgumentException.class)
                .isNotInstanceOf(StoreFormatException.class).hasMessageContaining("Not a expectation tally");

        byte[] segment = "LCM2\0\0\0\0\0".getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> MetricSegments.decode(segment, "k", new java.util.ArrayList<>()))
                .isInstanceOf(StoreFormatException.class).hasMessageContaining("metric segment has format version 2");
    }
}
