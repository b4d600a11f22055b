package dev.lifecycle.core.loop;

import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.data.Field;
import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.data.Schema;
import dev.lifecycle.api.model.ModelVersion;
import dev.lifecycle.core.Lifecycle;
import dev.lifecycle.core.data.RowSource;
import java.util.ArrayList;
import java.util.List;

/**
 * The champion's recipe as the loop rebuilds it: the schema its training data was read with (the
 * dataset's pinned schema when one is pinned, else the training version's own: types, category domains,
 * column roles), never re-inferred from the served rows.
 */
final class Recipe {
    private final Schema schema;

    private Recipe(Schema schema) {
        this.schema = schema;
    }

    /**
     * @return the recipe of a version: its training data's pinned or recorded schema; from its signature
     *     when that data is not in the store
     */
    static Recipe of(Lifecycle lc, ModelVersion v, String target) {
        Schema s = null;
        if (v.dataset() != null) {
            try {
                DatasetVersion d = lc.datasets().get(v.dataset());
                s = lc.datasets().pinnedSchema(d.name()).orElse(d.schema());
            } catch (RuntimeException e) {
                s = null; // not in this store: the signature still knows the inputs
            }
        }
        if (s == null || s.indexOf(target) < 0) {
            List<Field> fields = new ArrayList<>(v.signature().inputs());
            fields.add(Field.categorical(target, v.signature().labels()));
            s = new Schema(fields, target);
        } else if (!target.equals(s.target())) {
            s = s.withTarget(target);
        }
        return new Recipe(s);
    }

    Schema schema() {
        return schema;
    }

    /** @return a row with exactly the recipe's columns, in its order; absent ones missing */
    Row conform(Row row) {
        List<String> names = schema.names();
        Row.Builder b = Row.builder(names.size());
        for (String n : names) {
            int pos = row.indexOf(n);
            b.set(n, pos < 0 ? null : row.get(pos));
        }
        return b.build();
    }

    /** Registers labelled rows as a version of {@code name}, read with the recipe's schema. */
    DatasetVersion dataset(Lifecycle lc, String name, String description, List<Row> rows) {
        List<Row> conformed = new ArrayList<>(rows.size());
        for (Row r : rows) {
            conformed.add(conform(r));
        }
        return lc.datasets().importFrom(name, RowSource.of(description, schema.names(), conformed), schema);
    }
}
