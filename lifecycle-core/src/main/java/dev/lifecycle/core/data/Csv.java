package dev.lifecycle.core.data;

import dev.lifecycle.api.data.ColumnRole;
import dev.lifecycle.api.data.FieldType;
import dev.lifecycle.api.data.Schema;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * How to read a CSV file: delimiter, header, missing-value tokens, the target column, any column
 * types that should not be inferred and the {@link ColumnRole roles} of columns that are not
 * features. Immutable; every method returns a changed copy.
 *
 * <pre>{@code
 * Csv.forTarget("class").delimiter(';').missing("?", "MissingValue")
 *         .identifier("customer_id").categorical("SEX", "EDUCATION").weight("w")
 * }</pre>
 *
 * <p>Value convention for categorical columns whose values look numeric (e.g. integer codes declared
 * {@link #categorical categorical}): the category is the text as the file writes it ({@code "2"}).
 * Rows from the host that give a {@link Number} for such a column are stored in the same form
 * (shortest text: {@code 2.0} becomes {@code "2"}), and at predict a model accepts {@code 2},
 * {@code 2.0}, {@code "2"} or {@code "2.0"} for the category {@code "2"}. No other value is coerced.
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public final class Csv {
    /** Tokens read as a missing value unless {@link #missing(String...)} says otherwise. */
    public static final Set<String> DEFAULT_MISSING = Set.of("", "?", "MissingValue");

    private final char delimiter;
    private final boolean header;
    private final String target;
    private final Set<String> missing;
    private final Map<String, FieldType> types;
    private final java.util.List<String> columnNames;
    private final Map<String, ColumnRole> roles;

    private Csv(char delimiter, boolean header, String target, Set<String> missing, Map<String, FieldType> types,
            java.util.List<String> columnNames) {
        this(delimiter, header, target, missing, types, columnNames, Map.of());
    }

    private Csv(char delimiter, boolean header, String target, Set<String> missing, Map<String, FieldType> types,
            java.util.List<String> columnNames, Map<String, ColumnRole> roles) {
        this.roles = Map.copyOf(roles);
        this.delimiter = delimiter;
        this.header = header;
        this.target = target;
        this.missing = Set.copyOf(missing);
        this.types = Map.copyOf(types);
        this.columnNames = columnNames == null ? null : java.util.List.copyOf(columnNames);
    }

    /** @return comma-separated with a header line, default missing tokens, no target */
    public static Csv defaults() {
        return new Csv(',', true, null, DEFAULT_MISSING, Map.of(), null);
    }

    /** @return the defaults with the given target column ({@code withTarget} sets it on other settings) */
    public static Csv forTarget(String column) {
        return defaults().withTarget(column);
    }

    /** @return a copy with the given target column */
    public Csv withTarget(String column) {
        Objects.requireNonNull(column, "target column");
        checkTargetRole(column);
        return new Csv(delimiter, header, column, missing, types, columnNames, roles);
    }

    /** @return a copy with another delimiter (a tab, ';', ...); values may still be quoted with '"' */
    public Csv delimiter(char c) {
        if (c == '"' || c == '\n' || c == '\r') {
            throw new IllegalArgumentException("The delimiter cannot be a quote or a line break");
        }
        return new Csv(c, header, target, missing, types, columnNames, roles);
    }

    /** @return a copy for files without a header line, whose columns get these names */
    public Csv noHeader(String... names) {
        if (names.length == 0) {
            throw new IllegalArgumentException("A file without a header needs its column names");
        }
        return new Csv(delimiter, false, target, missing, types, java.util.List.of(names), roles);
    }

    /** @return a copy where exactly these tokens (after trimming) mean a missing value */
    public Csv missing(String... tokens) {
        return new Csv(delimiter, header, target, new LinkedHashSet<>(java.util.List.of(tokens)), types, columnNames,
                roles);
    }

    /** @return a copy that reads the named column as the given type instead of inferring it */
    public Csv type(String column, FieldType type) {
        Map<String, FieldType> t = new LinkedHashMap<>(types);
        t.put(Objects.requireNonNull(column, "column"), Objects.requireNonNull(type, "type"));
        if (roles.get(column) == ColumnRole.WEIGHT && type != FieldType.NUMERIC) {
            throw new IllegalArgumentException("Column '" + column + "' is the weight column and must be NUMERIC, not "
                    + type);
        }
        return new Csv(delimiter, header, target, missing, t, columnNames, roles);
    }

    /**
     * @return a copy that reads these columns as CATEGORICAL, e.g. integer-coded categories such as
     *     {@code SEX} = 1, 2 that would otherwise be inferred as numbers
     */
    public Csv categorical(String... columns) {
        Csv c = this;
        for (String col : columns) {
            c = c.type(col, FieldType.CATEGORICAL);
        }
        return c;
    }

    /**
     * @return a copy that gives a column a role; {@code FEATURE} undoes an earlier role and
     *     {@code TARGET} is the same as {@link #withTarget}
     */
    public Csv role(String column, ColumnRole role) {
        Objects.requireNonNull(column, "column");
        Objects.requireNonNull(role, "role");
        if (role == ColumnRole.TARGET) {
            Map<String, ColumnRole> r = new LinkedHashMap<>(roles);
            r.remove(column);
            return new Csv(delimiter, header, target, missing, types, columnNames, r).withTarget(column);
        }
        if (column.equals(target)) {
            throw new IllegalArgumentException("Column '" + column + "' is the target; it cannot also be " + role
                    + ". Choose another target first");
        }
        Map<String, ColumnRole> r = new LinkedHashMap<>(roles);
        if (role == ColumnRole.FEATURE) {
            r.remove(column);
        } else {
            if (role == ColumnRole.WEIGHT) {
                r.forEach((k, v) -> {
                    if (v == ColumnRole.WEIGHT && !k.equals(column)) {
                        throw new IllegalArgumentException("Column '" + k + "' is already the weight column; a"
                                + " dataset has at most one");
                    }
                });
                FieldType declared = types.get(column);
                if (declared != null && declared != FieldType.NUMERIC) {
                    throw new IllegalArgumentException("Column '" + column + "' is declared " + declared
                            + "; a weight column must be NUMERIC");
                }
            }
            r.put(column, role);
        }
        return new Csv(delimiter, header, target, missing, types, columnNames, r);
    }

    /** @return a copy where these columns are identifiers: kept with every row and prediction, never features */
    public Csv identifier(String... columns) {
        Csv c = this;
        for (String col : columns) {
            c = c.role(col, ColumnRole.IDENTIFIER);
        }
        return c;
    }

    /** @return a copy where these columns are kept but used by nothing */
    public Csv ignore(String... columns) {
        Csv c = this;
        for (String col : columns) {
            c = c.role(col, ColumnRole.IGNORED);
        }
        return c;
    }

    /**
     * @return a copy where this numeric column is the example weight (read as NUMERIC; trainers that
     *     honour weights use it, it is never a feature)
     */
    public Csv weight(String column) {
        return role(column, ColumnRole.WEIGHT);
    }

    /**
     * @return options that read data into this schema's shape: its target, roles and column types
     *     (categories still come from the data)
     */
    public static Csv like(Schema schema) {
        Csv c = defaults();
        for (dev.lifecycle.api.data.Field f : schema.fields()) {
            c = c.type(f.name(), f.type());
        }
        if (schema.target() != null) {
            c = c.withTarget(schema.target());
        }
        for (Map.Entry<String, ColumnRole> e : schema.roles().entrySet()) {
            c = c.role(e.getKey(), e.getValue());
        }
        return c;
    }

    /** @return the roles given to columns (those not named are features, or the target) */
    public Map<String, ColumnRole> roles() {
        return roles;
    }

    private void checkTargetRole(String column) {
        ColumnRole r = roles.get(column);
        if (r != null) {
            throw new IllegalArgumentException("Column '" + column + "' has the role " + r
                    + "; it cannot also be the target. Give it the role FEATURE first");
        }
    }

    /** @return the delimiter */
    public char delimiter() {
        return delimiter;
    }

    /** @return whether the first line names the columns */
    public boolean hasHeader() {
        return header;
    }

    /** @return the column names for a file without a header, or null */
    public java.util.List<String> columnNames() {
        return columnNames;
    }

    /** @return the target column, or null */
    public String target() {
        return target;
    }

    /** @return the missing-value tokens */
    public Set<String> missingTokens() {
        return missing;
    }

    /** @return the declared column types */
    public Map<String, FieldType> types() {
        return types;
    }
}
