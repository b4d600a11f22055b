package dev.lifecycle.core.data;

import dev.lifecycle.api.data.FieldType;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * How to read a CSV file: delimiter, header, missing-value tokens, the target column and any column
 * types that should not be inferred. Immutable; every method returns a changed copy.
 *
 * <pre>{@code
 * Csv.target("class").missing("?", "MissingValue").type("zip", FieldType.CATEGORICAL)
 * }</pre>
 */
public final class Csv {
    /** Tokens read as a missing value unless {@link #missing(String...)} says otherwise. */
    public static final Set<String> DEFAULT_MISSING = Set.of("", "?", "MissingValue");

    private final char delimiter;
    private final boolean header;
    private final String target;
    private final Set<String> missing;
    private final Map<String, FieldType> types;
    private final java.util.List<String> columnNames;

    private Csv(char delimiter, boolean header, String target, Set<String> missing, Map<String, FieldType> types,
            java.util.List<String> columnNames) {
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

    /** @return the defaults with the given target column */
    public static Csv target(String column) {
        return defaults().withTarget(column);
    }

    /** @return a copy with the given target column */
    public Csv withTarget(String column) {
        Objects.requireNonNull(column, "target column");
        return new Csv(delimiter, header, column, missing, types, columnNames);
    }

    /** @return a copy with another delimiter (a tab, ';', ...); values may still be quoted with '"' */
    public Csv delimiter(char c) {
        if (c == '"' || c == '\n' || c == '\r') {
            throw new IllegalArgumentException("The delimiter cannot be a quote or a line break");
        }
        return new Csv(c, header, target, missing, types, columnNames);
    }

    /** @return a copy for files without a header line, whose columns get these names */
    public Csv noHeader(String... names) {
        if (names.length == 0) {
            throw new IllegalArgumentException("A file without a header needs its column names");
        }
        return new Csv(delimiter, false, target, missing, types, java.util.List.of(names));
    }

    /** @return a copy where exactly these tokens (after trimming) mean a missing value */
    public Csv missing(String... tokens) {
        return new Csv(delimiter, header, target, new LinkedHashSet<>(java.util.List.of(tokens)), types, columnNames);
    }

    /** @return a copy that reads the named column as the given type instead of inferring it */
    public Csv type(String column, FieldType type) {
        Map<String, FieldType> t = new LinkedHashMap<>(types);
        t.put(Objects.requireNonNull(column, "column"), Objects.requireNonNull(type, "type"));
        return new Csv(delimiter, header, target, missing, t, columnNames);
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
