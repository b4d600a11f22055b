package dev.lifecycle.core.internal;

import dev.lifecycle.api.data.DataSource;

/**
 * A cursor over text records that can answer without allocating a string per value; the importer
 * uses it when a source offers it.
 */
public interface FieldCursor extends DataSource.Cursor {

    /** @return whether the value of a column of the current record is a missing-value token */
    boolean isMissing(int column);

    /**
     * @return the value of a column parsed as a number (see {@link FastDoubles})
     * @throws NumberFormatException when it is not one
     */
    double number(int column);

    /** @return the dictionary code of the (present) value of a column */
    int code(int column, Codes codes);
}
