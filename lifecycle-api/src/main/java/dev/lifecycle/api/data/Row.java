package dev.lifecycle.api.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * One input record: named values, each a number, a string, a boolean or missing ({@code null}).
 *
 * <p>Rows are immutable. Numbers are held unboxed, so building rows with {@link #builder()} and
 * reading them with {@link #number(int)} allocates nothing per value. Lookup by name is linear; a
 * {@code Deployment} compiles a per-schema encoder that remembers where each feature sits, so rows
 * built in the same column order are read positionally.
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public final class Row {
    private static final Object NUMBER = new Object();

    private final String[] names;
    private final double[] numbers;
    private final Object[] values;

    private Row(String[] names, double[] numbers, Object[] values) {
        this.names = names;
        this.numbers = numbers;
        this.values = values;
    }

    /**
     * Builds a row from alternating names and values, e.g. {@code Row.of("price", 0.05, "day", "mon")}.
     * Values may be any {@link Number}, {@link String}, {@link Boolean} or {@code null} for missing.
     *
     * @throws IllegalArgumentException when the arguments do not alternate name, value or a name repeats
     */
    public static Row of(Object... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException(
                    "Row.of takes name, value pairs; got an odd number (" + namesAndValues.length + ") of arguments");
        }
        Builder b = new Builder(namesAndValues.length / 2);
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (!(namesAndValues[i] instanceof String name)) {
                throw new IllegalArgumentException("Row.of argument " + i + " must be a column name (String), got "
                        + describe(namesAndValues[i]));
            }
            b.set(name, namesAndValues[i + 1]);
        }
        return b.build();
    }

    /** @return a builder for a row; give it the expected number of columns with {@link #builder(int)} to avoid growth */
    public static Builder builder() {
        return new Builder(8);
    }

    /** @return a builder sized for {@code columns} values */
    public static Builder builder(int columns) {
        return new Builder(columns);
    }

    /** @return the number of values in this row */
    public int size() {
        return names.length;
    }

    /** @return the column name at a position */
    public String name(int position) {
        return names[position];
    }

    /** @return the column names in the order they were set */
    public List<String> names() {
        return Collections.unmodifiableList(Arrays.asList(names));
    }

    /** @return the position of the named column, or -1 */
    public int indexOf(String name) {
        Objects.requireNonNull(name, "name");
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /** @return whether the value at a position is a number */
    public boolean isNumber(int position) {
        return values[position] == NUMBER;
    }

    /** @return whether the value at a position is missing */
    public boolean isMissing(int position) {
        return values[position] == null;
    }

    /**
     * @return the number at a position
     * @throws IllegalStateException when the value there is not a number
     */
    public double number(int position) {
        if (values[position] != NUMBER) {
            throw new IllegalStateException("Column '" + names[position] + "' holds " + describe(get(position))
                    + ", not a number");
        }
        return numbers[position];
    }

    /** @return the value at a position: a {@link Double}, {@link String}, {@link Boolean} or {@code null} */
    public Object get(int position) {
        Object v = values[position];
        return v == NUMBER ? (Object) numbers[position] : v;
    }

    /** @return the named value, or {@code null} when the column is absent or the value is missing */
    public Object get(String name) {
        int i = indexOf(name);
        return i < 0 ? null : get(i);
    }

    /** @return whether this row has a column of that name (its value may still be missing) */
    public boolean has(String name) {
        return indexOf(name) >= 0;
    }

    /**
     * @return the named number
     * @throws IllegalArgumentException naming the row's columns when there is no such column
     * @throws IllegalStateException when the value is missing or not a number
     */
    public double number(String name) {
        return number(require(name));
    }

    /**
     * @return the named string, or {@code null} when missing
     * @throws IllegalArgumentException naming the row's columns when there is no such column
     * @throws IllegalStateException when the value is a number or a boolean
     */
    public String string(String name) {
        int i = require(name);
        Object v = values[i];
        if (v == null || v instanceof String) {
            return (String) v;
        }
        throw new IllegalStateException("Column '" + name + "' holds " + describe(get(i)) + ", not a string");
    }

    /**
     * @return the named boolean
     * @throws IllegalArgumentException naming the row's columns when there is no such column
     * @throws IllegalStateException when the value is missing or not a boolean
     */
    public boolean bool(String name) {
        int i = require(name);
        if (values[i] instanceof Boolean b) {
            return b;
        }
        throw new IllegalStateException("Column '" + name + "' holds " + describe(get(i)) + ", not a boolean");
    }

    /**
     * @return whether the named value is missing
     * @throws IllegalArgumentException naming the row's columns when there is no such column
     */
    public boolean isMissing(String name) {
        return isMissing(require(name));
    }

    private int require(String name) {
        int i = indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("The row has no column '" + name + "'; it has " + names());
        }
        return i;
    }

    /** @return a copy of this row with one value replaced or added */
    public Row with(String name, Object value) {
        Builder b = new Builder(names.length + 1);
        boolean replaced = false;
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(name)) {
                b.set(name, value);
                replaced = true;
            } else {
                b.copy(names[i], numbers[i], values[i]);
            }
        }
        if (!replaced) {
            b.set(name, value);
        }
        return b.build();
    }

    /** @return a copy of this row without the named column */
    public Row without(String name) {
        Objects.requireNonNull(name, "name");
        Builder b = new Builder(names.length);
        for (int i = 0; i < names.length; i++) {
            if (!names[i].equals(name)) {
                b.copy(names[i], numbers[i], values[i]);
            }
        }
        return b.build();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Row other) || other.names.length != names.length) {
            return false;
        }
        for (int i = 0; i < names.length; i++) {
            int j = other.indexOf(names[i]);
            if (j < 0 || !Objects.equals(get(i), other.get(j))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = 0;
        for (int i = 0; i < names.length; i++) {
            h += names[i].hashCode() ^ Objects.hashCode(get(i));
        }
        return h;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Row{");
        for (int i = 0; i < names.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(names[i]).append('=').append(get(i));
        }
        return sb.append('}').toString();
    }

    static String describe(Object value) {
        return value == null ? "null" : value.getClass().getSimpleName() + " '" + value + "'";
    }

    /** Collects the values of one row. Not thread-safe; build a fresh builder per row. */
    @API(status = API.Status.STABLE, since = "0.1.0")
    public static final class Builder {
        private final List<String> names;
        private double[] numbers;
        private Object[] values;

        private Builder(int expected) {
            int n = Math.max(1, expected);
            names = new ArrayList<>(n);
            numbers = new double[n];
            values = new Object[n];
        }

        /** Sets a number. */
        public Builder set(String name, double value) {
            int i = slot(name);
            numbers[i] = value;
            values[i] = NUMBER;
            return this;
        }

        /**
         * Sets a value of any supported type: a {@link Number}, {@link String}, {@link Boolean} or
         * {@code null} for missing.
         *
         * @throws IllegalArgumentException for any other type
         */
        public Builder set(String name, Object value) {
            if (value instanceof Number n) {
                return set(name, n.doubleValue());
            }
            if (value != null && !(value instanceof String) && !(value instanceof Boolean)) {
                throw new IllegalArgumentException("Column '" + name + "': unsupported value " + describe(value)
                        + "; use a Number, String, Boolean or null");
            }
            int i = slot(name);
            values[i] = value;
            return this;
        }

        /** Marks a value as missing. */
        public Builder missing(String name) {
            return set(name, (Object) null);
        }

        private void copy(String name, double number, Object value) {
            int i = slot(name);
            numbers[i] = number;
            values[i] = value;
        }

        private int slot(String name) {
            Objects.requireNonNull(name, "column name");
            if (names.contains(name)) {
                throw new IllegalArgumentException("Column '" + name + "' is set twice in one row");
            }
            int i = names.size();
            names.add(name);
            if (i == values.length) {
                numbers = Arrays.copyOf(numbers, i * 2);
                values = Arrays.copyOf(values, i * 2);
            }
            return i;
        }

        /** @return the immutable row */
        public Row build() {
            int n = names.size();
            return new Row(names.toArray(new String[0]), Arrays.copyOf(numbers, n), Arrays.copyOf(values, n));
        }
    }
}
