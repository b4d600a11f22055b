package dev.lifecycle.api.data;

import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * The result of validating a dataset version against its pinned schema and a set of expectations.
 *
 * @param dataset the id ({@code name@version}) of the validated version
 * @param rows the number of rows checked
 * @param failures every expectation that failed, with counts and example rows
 * @param schemaChanges columns added, removed or retyped relative to the pinned schema
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public record ValidationReport(String dataset, int rows, List<Failure> failures, List<SchemaChange> schemaChanges) {

    /** Validates and copies the arguments. */
    public ValidationReport {
        Objects.requireNonNull(dataset, "dataset");
        failures = List.copyOf(failures);
        schemaChanges = List.copyOf(schemaChanges);
    }

    /** @return whether nothing failed and the schema did not change */
    public boolean passed() {
        return failures.isEmpty() && schemaChanges.isEmpty();
    }

    /** @return the failure of the expectation with this description, if it failed */
    public java.util.Optional<Failure> failure(String expectation) {
        return failures.stream().filter(f -> f.expectation().equals(expectation)).findFirst();
    }

    /**
     * One failed expectation.
     *
     * @param expectation what was expected, e.g. {@code age in [0.0, 120.0]}
     * @param column the column concerned, or {@code null} for a whole-dataset expectation
     * @param failingRows how many rows break it (for whole-dataset expectations: 1 when it fails)
     * @param examples up to five positions of failing rows
     * @param detail the observed value behind the failure, e.g. {@code missing rate 0.12}
     */
    @API(status = API.Status.STABLE, since = "0.1.0")
    public record Failure(String expectation, String column, long failingRows, List<Integer> examples,
            String detail) {
        /** Copies the examples. */
        public Failure {
            Objects.requireNonNull(expectation, "expectation");
            Objects.requireNonNull(detail, "detail");
            examples = List.copyOf(examples);
        }
    }

    /**
     * A difference between the pinned schema and the validated version.
     *
     * @param column the column
     * @param kind added, removed or retyped
     * @param pinned the pinned type, or {@code null} when added
     * @param actual the type in the version, or {@code null} when removed
     */
    @API(status = API.Status.STABLE, since = "0.1.0")
    public record SchemaChange(String column, Kind kind, FieldType pinned, FieldType actual) {
        /** Checks that the components are present. */
        public SchemaChange {
            Objects.requireNonNull(column, "column");
            Objects.requireNonNull(kind, "kind");
        }

        /** The kind of schema change. */
        @API(status = API.Status.STABLE, since = "0.1.0")
        public enum Kind {
            /** The version has a column the pinned schema does not. */
            ADDED,
            /** The version lacks a pinned column. */
            REMOVED,
            /** The column has another type than pinned. */
            RETYPED
        }
    }
}
