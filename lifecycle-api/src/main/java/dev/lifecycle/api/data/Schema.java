package dev.lifecycle.api.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.apiguardian.api.API;

/**
 * The ordered columns of a dataset, which column is the target and the {@link ColumnRole role} of
 * every other column. Columns not named in {@code roles} are features.
 *
 * @param fields the columns in order; names are unique
 * @param target the name of the target column, or {@code null} for unlabelled data
 * @param roles the roles of the columns that are neither features nor the target (identifier,
 *     ignored, weight, time, group); {@code FEATURE} entries are dropped, {@code null} means none
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public record Schema(List<Field> fields, String target, Map<String, ColumnRole> roles) {

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
        Map<String, ColumnRole> r = new TreeMap<>();
        String weight = null;
        for (Map.Entry<String, ColumnRole> e : (roles == null ? Map.<String, ColumnRole>of() : roles).entrySet()) {
            String col = Objects.requireNonNull(e.getKey(), "column");
            ColumnRole role = Objects.requireNonNull(e.getValue(), "role of " + col);
            Field f = seen.get(col);
            if (f == null) {
                throw new IllegalArgumentException("A role (" + role + ") is given for column '" + col
                        + "', which is not in the schema; columns are " + names(fields));
            }
            if (role == ColumnRole.FEATURE || (role == ColumnRole.TARGET && col.equals(target))) {
                continue;
            }
            if (role == ColumnRole.TARGET) {
                throw new IllegalArgumentException("Column '" + col + "' has the role TARGET but the target is "
                        + (target == null ? "not set" : "'" + target + "'") + "; name the target with withTarget");
            }
            if (col.equals(target)) {
                throw new IllegalArgumentException("Column '" + col + "' is the target and cannot also be " + role);
            }
            if (role == ColumnRole.WEIGHT) {
                if (weight != null) {
                    throw new IllegalArgumentException("Columns '" + weight + "' and '" + col + "' are both WEIGHT;"
                            + " a schema has at most one weight column");
                }
                if (f.type() != FieldType.NUMERIC) {
                    throw new IllegalArgumentException("Weight column '" + col + "' is " + f.type()
                            + "; an example weight must be NUMERIC");
                }
                weight = col;
            }
            r.put(col, role);
        }
        roles = Collections.unmodifiableMap(r);
    }

    /** A schema where every column but the target is a feature. */
    public Schema(List<Field> fields, String target) {
        this(fields, target, Map.of());
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

    /** @return the fields whose role is {@link ColumnRole#FEATURE}, in order: the inputs a model sees */
    public List<Field> features() {
        return columns(ColumnRole.FEATURE);
    }

    /**
     * @return the role of a column
     * @throws IllegalArgumentException naming the columns when there is no such column
     */
    public ColumnRole role(String column) {
        if (indexOf(column) < 0) {
            throw new IllegalArgumentException("Column '" + column + "' is not in the schema; columns are " + names());
        }
        return column.equals(target) ? ColumnRole.TARGET : roles.getOrDefault(column, ColumnRole.FEATURE);
    }

    /** @return the fields with this role, in order */
    public List<Field> columns(ColumnRole role) {
        List<Field> out = new ArrayList<>(fields.size());
        for (Field f : fields) {
            ColumnRole r = f.name().equals(target) ? ColumnRole.TARGET
                    : roles.getOrDefault(f.name(), ColumnRole.FEATURE);
            if (r == role) {
                out.add(f);
            }
        }
        return out;
    }

    /** @return the names of the identifier columns, in order */
    public List<String> identifiers() {
        return names(columns(ColumnRole.IDENTIFIER));
    }

    /** @return the example weight column, if there is one */
    public Optional<String> weight() {
        List<Field> w = columns(ColumnRole.WEIGHT);
        return w.isEmpty() ? Optional.empty() : Optional.of(w.get(0).name());
    }

    /**
     * @return this schema with a column's role changed; {@code TARGET} makes it the target, and a
     *     target given another role leaves the schema without a target
     */
    public Schema withRole(String column, ColumnRole role) {
        role(column);
        Map<String, ColumnRole> r = new TreeMap<>(roles);
        r.remove(column);
        if (role == ColumnRole.TARGET) {
            return new Schema(fields, column, r);
        }
        r.put(column, role);
        return new Schema(fields, column.equals(target) ? null : target, r);
    }

    /** @return this schema with these fields (same names, e.g. new categories) and the same target and roles */
    public Schema withFields(List<Field> newFields) {
        return new Schema(newFields, target, roles);
    }

    /** @return the column names in order */
    public List<String> names() {
        return names(fields);
    }

    /** @return this schema with the given target column (which loses any other role); other roles are kept */
    public Schema withTarget(String targetName) {
        Map<String, ColumnRole> r = new TreeMap<>(roles);
        if (targetName != null) {
            r.remove(targetName);
        }
        return new Schema(fields, targetName, r);
    }

    private static List<String> names(List<Field> fields) {
        List<String> out = new ArrayList<>(fields.size());
        for (Field f : fields) {
            out.add(f.name());
        }
        return out;
    }
}
