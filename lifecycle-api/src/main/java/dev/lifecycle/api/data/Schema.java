package dev.lifecycle.api.data;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The ordered columns of a dataset and, for supervised data, which column is the target.
 *
 * @param fields the columns in order; names are unique
 * @param target the name of the target column, or {@code null} for unlabelled data
 */
public record Schema(List<Field> fields, String target) {

    /** Validates and copies the arguments. */
    public Schema {
        fields = List.copyOf(Objects.requireNonNull(fields, "fields"));
        Map<String, Field> seen = new HashMap<>();
        for (Field f : fields) {
            if (seen.put(f.name(), f) != null) {
                throw new IllegalArgumentException("Column '" + f.name() + "' appears twice in the schema");
            }
        }
        if (target != null && !seen.containsKey(target)) {
            throw new IllegalArgumentException(
                    "Target column '" + target + "' is not in the schema; columns are " + names(fields));
        }
    }

    /** @return a schema of these fields without a target */
    public static Schema of(List<Field> fields) {
        return new Schema(fields, null);
    }

    /** @return the field with this name */
    public Optional<Field> field(String name) {
        for (Field f : fields) {
            if (f.name().equals(name)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /** @return the position of the named field, or -1 */
    public int indexOf(String name) {
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /** @return the target field, if this schema has one */
    public Optional<Field> targetField() {
        return target == null ? Optional.empty() : field(target);
    }

    /** @return every field except the target, in order: the inputs a model sees */
    public List<Field> features() {
        List<Field> out = new ArrayList<>(fields.size());
        for (Field f : fields) {
            if (!f.name().equals(target)) {
                out.add(f);
            }
        }
        return out;
    }

    /** @return the column names in order */
    public List<String> names() {
        return names(fields);
    }

    /** @return this schema with the given target column */
    public Schema withTarget(String targetName) {
        return new Schema(fields, targetName);
    }

    private static List<String> names(List<Field> fields) {
        List<String> out = new ArrayList<>(fields.size());
        for (Field f : fields) {
            out.add(f.name());
        }
        return out;
    }
}
