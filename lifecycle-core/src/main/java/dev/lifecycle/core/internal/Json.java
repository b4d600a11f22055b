package dev.lifecycle.core.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** The one Jackson mapper used for records Lifecycle writes: sorted keys, so equal records give equal bytes. */
public final class Json {
    /** Shared, thread-safe mapper. */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(com.fasterxml.jackson.databind.MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .addMixIn(dev.lifecycle.api.data.Schema.class, NoEmptyRoles.class)
            .addMixIn(dev.lifecycle.api.model.Signature.class, NoEmptyRoles.class)
            .addMixIn(dev.lifecycle.api.data.LabelPatch.class, NoDefaultDomain.class)
            .build();

    /** Leaves out empty column roles, so schemas and signatures without roles keep their bytes and digests. */
    private abstract static class NoEmptyRoles {
        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY)
        abstract java.util.Map<String, dev.lifecycle.api.data.ColumnRole> roles();
    }

    /** Leaves out {@code extendsDomain: false}, so patches keep their bytes. */
    private abstract static class NoDefaultDomain {
        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_DEFAULT)
        abstract boolean extendsDomain();
    }

    private Json() {
    }

    /** @return the UTF-8 JSON of a value */
    public static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** @return the value read from UTF-8 JSON */
    public static <T> T read(byte[] json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + type.getSimpleName() + " from JSON: "
                    + new String(json, 0, Math.min(json.length, 200), StandardCharsets.UTF_8), e);
        }
    }
}
