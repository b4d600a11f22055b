package dev.lifecycle.api.data;

/** The kind of values a {@link Field} holds. */
public enum FieldType {
    /** Real numbers, stored as {@code double}. */
    NUMERIC,
    /** One of a known set of string values, stored dictionary-coded. */
    CATEGORICAL,
    /** {@code true} or {@code false}. */
    BOOLEAN,
    /** Free text; not used as a model feature by the built-in trainers. */
    TEXT
}
