package dev.lifecycle.api.data;

import org.apiguardian.api.API;

/**
 * An immutable, versioned snapshot of a dataset: schema, rows held column by column, a content
 * digest and lineage. New data is always a new version; nothing is edited in place.
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public interface DatasetVersion {

    /** @return the dataset name */
    String name();

    /** @return the version number, 1-based and gap-free per dataset name */
    int version();

    /** @return {@code name@version}, the id used in lineage and model records */
    default String id() {
        return name() + "@" + version();
    }

    /** @return the SHA-256 digest (hex) of the columnar content and schema */
    String digest();

    /** @return the schema, with its target column if any */
    Schema schema();

    /** @return where this version came from */
    Lineage lineage();

    /** @return the number of rows */
    int size();

    /** @return the row at a position, as a {@link Row} (allocates; use column access for bulk work) */
    Row row(int index);

    /**
     * @return the value of a numeric column at a row; {@code NaN} when missing
     * @throws SchemaMismatchException when the column is absent or not numeric
     */
    double number(String column, int row);

    /**
     * @return the value of a categorical, boolean or text column as a string; {@code null} when missing
     * @throws SchemaMismatchException when the column is absent
     */
    String string(String column, int row);

    /** @return the target value of a row as a string, or {@code null} when missing */
    default String target(int row) {
        String t = schema().target();
        if (t == null) {
            throw new SchemaMismatchException(null, "Dataset " + id() + " has no target column; import it with a target");
        }
        return string(t, row);
    }
}
