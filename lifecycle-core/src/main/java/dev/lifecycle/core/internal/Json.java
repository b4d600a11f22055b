package dev.lifecycle.core.internal;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
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
import dev.lifecycle.api.store.StoreFormatException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one Jackson mapper used for records Lifecycle writes: sorted keys, so equal records give equal bytes.
 *
 * <p>The persisted names of api records are pinned here by mix-ins ({@link #PINNED}), not taken from
 * record component names: renaming a component of an api record must not change what old stores read.
 * Stored documents ({@link #writeStored}) start with {@code "formatVersion"}; {@link #read} refuses a
 * newer version than {@link #FORMAT_VERSION} with a {@link StoreFormatException}. Documents without the
 * field were written before versions existed and read as version 1.
 */
public final class Json {
    /** The newest format version of stored JSON documents (manifests, runs, loop records, log segments) this build writes and reads. */
    public static final int FORMAT_VERSION = 1;
    /** The name of the version field, always the first of a stored document. */
    public static final String VERSION_FIELD = "formatVersion";

    /** The api records persisted as JSON and the mix-in that pins each one's names. */
    public static final Map<Class<?>, Class<?>> PINNED = pinned();

    /** Shared, thread-safe mapper. */
    public static final ObjectMapper MAPPER = mapper();

    private static final byte[] VERSION_PREFIX = ("{\"" + VERSION_FIELD + "\":" + FORMAT_VERSION + ",")
            .getBytes(StandardCharsets.US_ASCII);

    private static Map<Class<?>, Class<?>> pinned() {
        Map<Class<?>, Class<?>> m = new LinkedHashMap<>();
        m.put(Schema.class, SchemaNames.class);
        m.put(Field.class, FieldNames.class);
        m.put(Signature.class, SignatureNames.class);
        m.put(Lineage.class, LineageNames.class);
        m.put(LabelPatch.class, LabelPatchNames.class);
        m.put(LabelPatch.Change.class, ChangeNames.class);
        return java.util.Collections.unmodifiableMap(m);
    }

    private static ObjectMapper mapper() {
        JsonMapper.Builder b = JsonMapper.builder()
                .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        PINNED.forEach(b::addMixIn);
        return b.build();
    }

    /** Schema: empty column roles are left out, so schemas without roles keep their bytes and digests. */
    abstract static class SchemaNames {
        @JsonCreator
        SchemaNames(@JsonProperty("fields") List<Field> fields, @JsonProperty("target") String target,
                @JsonProperty("roles") Map<String, ColumnRole> roles) {
        }

        @JsonProperty("fields")
        abstract List<Field> fields();

        @JsonProperty("target")
        abstract String target();

        @JsonProperty("roles")
        @JsonInclude(JsonInclude.Include.NON_EMPTY)
        abstract Map<String, ColumnRole> roles();
    }

    abstract static class FieldNames {
        @JsonCreator
        FieldNames(@JsonProperty("name") String name, @JsonProperty("type") FieldType type,
                @JsonProperty("nullable") boolean nullable, @JsonProperty("categories") List<String> categories) {
        }

        @JsonProperty("name")
        abstract String name();

        @JsonProperty("type")
        abstract FieldType type();

        @JsonProperty("nullable")
        abstract boolean nullable();

        @JsonProperty("categories")
        abstract List<String> categories();
    }

    /** Signature: empty column roles are left out, as for schemas. */
    abstract static class SignatureNames {
        @JsonCreator
        SignatureNames(@JsonProperty("inputs") List<Field> inputs, @JsonProperty("target") String target,
                @JsonProperty("outputType") OutputType outputType, @JsonProperty("labels") List<String> labels,
                @JsonProperty("roles") Map<String, ColumnRole> roles) {
        }

        @JsonProperty("inputs")
        abstract List<Field> inputs();

        @JsonProperty("target")
        abstract String target();

        @JsonProperty("outputType")
        abstract OutputType outputType();

        @JsonProperty("labels")
        abstract List<String> labels();

        @JsonProperty("roles")
        @JsonInclude(JsonInclude.Include.NON_EMPTY)
        abstract Map<String, ColumnRole> roles();
    }

    abstract static class LineageNames {
        @JsonCreator
        LineageNames(@JsonProperty("parents") List<String> parents, @JsonProperty("operation") String operation,
                @JsonProperty("source") String source, @JsonProperty("details") Map<String, String> details) {
        }

        @JsonProperty("parents")
        abstract List<String> parents();

        @JsonProperty("operation")
        abstract String operation();

        @JsonProperty("source")
        abstract String source();

        @JsonProperty("details")
        abstract Map<String, String> details();
    }

    /** Label patch: {@code extendsDomain: false} is left out, so patches keep their bytes. */
    abstract static class LabelPatchNames {
        @JsonCreator
        LabelPatchNames(@JsonProperty("changes") List<LabelPatch.Change> changes,
                @JsonProperty("extendsDomain") boolean extendsDomain) {
        }

        @JsonProperty("changes")
        abstract List<LabelPatch.Change> changes();

        @JsonProperty("extendsDomain")
        @JsonInclude(JsonInclude.Include.NON_DEFAULT)
        abstract boolean extendsDomain();
    }

    abstract static class ChangeNames {
        @JsonCreator
        ChangeNames(@JsonProperty("row") int row, @JsonProperty("label") String label,
                @JsonProperty("reason") String reason, @JsonProperty("author") String author) {
        }

        @JsonProperty("row")
        abstract int row();

        @JsonProperty("label")
        abstract String label();

        @JsonProperty("reason")
        abstract String reason();

        @JsonProperty("author")
        abstract String author();
    }

    private Json() {
    }

    /** @return the UTF-8 JSON of a value (no format version: for digests and reports) */
    public static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /**
     * @return the UTF-8 JSON of a document kept in a store: {@link #write} with {@code "formatVersion"} as
     *     its first field
     */
    public static byte[] writeStored(Object value) {
        byte[] json = write(value);
        if (json.length < 2 || json[0] != '{') {
            throw new IllegalArgumentException(value.getClass().getSimpleName() + " is not written as a JSON object");
        }
        boolean empty = json[1] == '}';
        byte[] out = new byte[VERSION_PREFIX.length + json.length - 1 - (empty ? 1 : 0)];
        System.arraycopy(VERSION_PREFIX, 0, out, 0, VERSION_PREFIX.length - (empty ? 1 : 0));
        System.arraycopy(json, 1, out, VERSION_PREFIX.length - (empty ? 1 : 0), json.length - 1);
        return out;
    }

    /**
     * @return the value read from UTF-8 JSON
     * @throws StoreFormatException when the document has a newer format version than this build reads
     */
    public static <T> T read(byte[] json, Class<T> type) {
        int version = formatVersion(json);
        if (version > FORMAT_VERSION) {
            throw new StoreFormatException(kind(type), version, FORMAT_VERSION);
        }
        try {
            return MAPPER.readValue(json, type);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + type.getSimpleName() + " from JSON: "
                    + new String(json, 0, Math.min(json.length, 200), StandardCharsets.UTF_8), e);
        }
    }

    /**
     * @return the format version of a stored document: its leading {@code formatVersion}, 1 when it has
     *     none (written before versions existed), or 1 when it is not a JSON object (left to the reader to reject)
     */
    public static int formatVersion(byte[] json) {
        try (JsonParser p = MAPPER.getFactory().createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT || p.nextToken() != JsonToken.FIELD_NAME
                    || !VERSION_FIELD.equals(p.currentName())) {
                return 1;
            }
            return p.nextToken() == JsonToken.VALUE_NUMBER_INT ? p.getIntValue() : Integer.MAX_VALUE;
        } catch (IOException e) {
            return 1;
        }
    }

    /** @return "dataset manifest" for DatasetManifest */
    static String kind(Class<?> type) {
        return type.getSimpleName().replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(java.util.Locale.ROOT);
    }
}
