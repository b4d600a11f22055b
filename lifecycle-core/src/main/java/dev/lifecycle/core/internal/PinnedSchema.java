package dev.lifecycle.core.internal;

import dev.lifecycle.api.data.ColumnRole;
import dev.lifecycle.api.data.Field;
import dev.lifecycle.api.data.FieldType;
import dev.lifecycle.api.data.Schema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Reads data the way a pinned schema says: the declared type of every column (never inferred) and
 * category domains that keep every category of the schema, even when the rows lack some, so a model
 * retrained on a short window knows the same categories as the one it replaces. Values outside the
 * schema's domain are added to it, never rejected: the rows were served and labelled, so they are real.
 */
public final class PinnedSchema {
    private PinnedSchema() {
    }

    /** @return the declared types of the schema's columns that {@code columns} has */
    public static Map<String, FieldType> types(Schema schema, List<String> columns) {
        Map<String, FieldType> out = new LinkedHashMap<>();
        for (Field f : schema.fields()) {
            if (columns.contains(f.name())) {
                out.put(f.name(), f.type());
            }
        }
        return out;
    }

    /** @return the roles (other than feature and target) of the schema's columns that {@code columns} has */
    public static Map<String, ColumnRole> roles(Schema schema, List<String> columns) {
        Map<String, ColumnRole> out = new LinkedHashMap<>();
        for (Map.Entry<String, ColumnRole> e : schema.roles().entrySet()) {
            if (columns.contains(e.getKey())) {
                out.put(e.getKey(), e.getValue());
            }
        }
        return out;
    }

    /**
     * @return the data with the category domains of {@code schema} merged into its own (sorted, as
     *     every stored dictionary is) and the codes of its categorical columns rewritten to match
     */
    public static ColumnarDataset widen(ColumnarDataset data, Schema schema) {
        List<Field> fields = new ArrayList<>(data.schema().fields());
        List<Column> columns = new ArrayList<>(data.columns());
        boolean changed = false;
        for (int i = 0; i < fields.size(); i++) {
            Field have = fields.get(i);
            Field pinned = schema.field(have.name()).orElse(null);
            if (pinned == null || have.type() != FieldType.CATEGORICAL || pinned.type() != FieldType.CATEGORICAL
                    || have.categories().containsAll(pinned.categories())) {
                continue;
            }
            TreeSet<String> union = new TreeSet<>(have.categories());
            union.addAll(pinned.categories());
            List<String> domain = List.copyOf(union);
            Column.Coded col = (Column.Coded) columns.get(i);
            int[] remap = new int[col.dictionary().size()];
            for (int c = 0; c < remap.length; c++) {
                remap[c] = java.util.Collections.binarySearch(domain, col.dictionary().get(c));
            }
            int[] codes = new int[col.codes().length];
            for (int r = 0; r < codes.length; r++) {
                int c = col.codes()[r];
                codes[r] = c < 0 ? -1 : remap[c];
            }
            columns.set(i, new Column.Coded(codes, domain));
            fields.set(i, new Field(have.name(), have.type(), have.nullable() || pinned.nullable(), domain));
            changed = true;
        }
        if (!changed) {
            return data;
        }
        return new ColumnarDataset(data.name(), data.version(), withFields(data.schema(), fields), data.lineage(),
                columns);
    }

    /** The one place this class makes a schema: the same columns (and roles) with other field details. */
    private static Schema withFields(Schema schema, List<Field> fields) {
        return new Schema(fields, schema.target(), schema.roles());
    }
}
