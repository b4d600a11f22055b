package dev.lifecycle.api.data;

import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * One column of a {@link Schema}.
 *
 * @param name the column name, unique within its schema
 * @param type the kind of values
 * @param nullable whether missing values were seen or are allowed
 * @param categories the known values of a categorical field in dictionary order; empty otherwise
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public record Field(String name, FieldType type, boolean nullable, List<String> categories) {

    /** Validates and copies the arguments. */
    public Field {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        if (name.isBlank()) {
            throw new IllegalArgumentException("A field name must not be blank");
        }
        categories = categories == null ? List.of() : List.copyOf(categories);
        if (type != FieldType.CATEGORICAL && !categories.isEmpty()) {
            throw new IllegalArgumentException(
                    "Field '" + name + "' is " + type + " but lists categories; only CATEGORICAL fields have categories");
        }
        if (new java.util.HashSet<>(categories).size() != categories.size()) {
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (String c : categories) {
                if (!seen.add(c)) {
                    throw new IllegalArgumentException("Field '" + name + "' lists the category '" + c
                            + "' twice; categories are a dictionary and must be distinct");
                }
            }
        }
    }

    /** @return a non-nullable numeric field */
    public static Field numeric(String name) {
        return new Field(name, FieldType.NUMERIC, false, List.of());
    }

    /** @return a non-nullable categorical field with the given values in dictionary order */
    public static Field categorical(String name, List<String> categories) {
        return new Field(name, FieldType.CATEGORICAL, false, Objects.requireNonNull(categories, "categories"));
    }

    /** @return a non-nullable boolean field */
    public static Field bool(String name) {
        return new Field(name, FieldType.BOOLEAN, false, List.of());
    }

    /** @return a non-nullable text field */
    public static Field text(String name) {
        return new Field(name, FieldType.TEXT, false, List.of());
    }

    /** @return this field, allowing missing values */
    public Field asNullable() {
        return new Field(name, type, true, categories);
    }

    /** @return the dictionary code of a category, or -1 when it is not in {@link #categories()} */
    public int categoryIndex(String value) {
        return categories.indexOf(value);
    }
}
