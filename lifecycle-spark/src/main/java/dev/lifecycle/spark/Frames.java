package dev.lifecycle.spark;

import dev.lifecycle.api.data.Field;
import dev.lifecycle.api.data.FieldType;
import dev.lifecycle.api.data.Schema;
import dev.lifecycle.core.data.DatasetRegistry;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lifecycle.api.data.DatasetVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** Conversions between Spark rows and the core's rows, schemas and parts. */
final class Frames {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Frames() {
    }

    /**
     * @param hint a schema whose types decide string columns (TEXT stays TEXT; otherwise CATEGORICAL)
     *     and whose column roles the frame's columns keep
     * @return the core schema of a frame
     */
    static Schema schemaOf(StructType struct, String target, Optional<Schema> hint) {
        return schemaOf(struct, target, hint, hint.map(Schema::roles).orElse(java.util.Map.of()));
    }

    /**
     * @param roles column roles (identifier, weight, ...) to keep for the frame's columns that have them
     * @return the core schema of a frame
     */
    static Schema schemaOf(StructType struct, String target, Optional<Schema> hint,
            java.util.Map<String, dev.lifecycle.api.data.ColumnRole> roles) {
        List<Field> fields = new ArrayList<>();
        java.util.Map<String, dev.lifecycle.api.data.ColumnRole> kept = new java.util.TreeMap<>();
        for (StructField f : struct.fields()) {
            FieldType type = typeOf(f, hint.flatMap(h -> h.field(f.name())).map(Field::type).orElse(null));
            fields.add(new Field(f.name(), type, f.nullable(), List.of()));
            var role = roles.get(f.name());
            if (role != null && !f.name().equals(target)
                    && (role != dev.lifecycle.api.data.ColumnRole.WEIGHT || type == FieldType.NUMERIC)) {
                kept.put(f.name(), role);
            }
        }
        return new Schema(fields, target, kept);
    }

    private static FieldType typeOf(StructField f, FieldType hinted) {
        DataType t = f.dataType();
        if (t instanceof NumericType) {
            return FieldType.NUMERIC;
        }
        if (t instanceof BooleanType) {
            return FieldType.BOOLEAN;
        }
        if (t instanceof StringType) {
            return hinted == FieldType.TEXT ? FieldType.TEXT : FieldType.CATEGORICAL;
        }
        throw new IllegalArgumentException("Column '" + f.name() + "' is " + t.simpleString() + "; Lifecycle reads"
                + " numbers, strings and booleans. Cast it first (col(\"" + f.name() + "\").cast(\"double\") or"
                + " .cast(\"string\")) or drop it");
    }

    /** Compiled once per partition: the column names, read positionally from each Spark row. */
    static final class RowReader {
        private final String[] names;
        private final int[] positions;

        RowReader(StructType struct, List<String> columns) {
            names = columns.toArray(new String[0]);
            positions = new int[names.length];
            for (int i = 0; i < names.length; i++) {
                positions[i] = struct.fieldIndex(names[i]);
            }
        }

        dev.lifecycle.api.data.Row read(Row r) {
            dev.lifecycle.api.data.Row.Builder b = dev.lifecycle.api.data.Row.builder(names.length);
            for (int i = 0; i < names.length; i++) {
                int p = positions[i];
                if (r.isNullAt(p)) {
                    b.missing(names[i]);
                    continue;
                }
                Object v = r.get(p);
                if (v instanceof Number n) {
                    b.set(names[i], n.doubleValue());
                } else {
                    b.set(names[i], v);
                }
            }
            return b.build();
        }
    }

    /** @return the core's in-memory version of one partition's rows, or empty when the partition has none */
    static Optional<DatasetVersion> part(String name, Schema schema, StructType struct, Iterator<Row> rows) {
        if (!rows.hasNext()) {
            return Optional.empty();
        }
        RowReader reader = new RowReader(struct, schema.names());
        Iterable<dev.lifecycle.api.data.Row> once = () -> new Iterator<>() {
            @Override
            public boolean hasNext() {
                return rows.hasNext();
            }

            @Override
            public dev.lifecycle.api.data.Row next() {
                return reader.read(rows.next());
            }
        };
        return Optional.of(DatasetRegistry.part(name, schema, once));
    }

    static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static <T> T fromJson(String json, Class<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
