package dev.lifecycle.api.data;

import org.apiguardian.api.API;

/** The kind of values a {@link Field} holds. */
@API(status = API.Status.STABLE, since = "0.1.0")
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
