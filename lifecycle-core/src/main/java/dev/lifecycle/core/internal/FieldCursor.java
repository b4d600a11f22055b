package dev.lifecycle.core.internal;

import dev.lifecycle.api.data.DataSource;
import java.io.IOException;

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

    /**
     * Says which columns are numeric, so that the cursor may parse their values as it reads the record
     * instead of on {@link #number(int)}; it answers the same either way.
     *
     * @param numeric per column, whether it is read as a number
     */
    default void numericColumns(boolean[] numeric) {
    }

    /**
     * Splits the records after about the middle of the input off into a new cursor, to be read on
     * another thread; this cursor then ends where that one begins, unless a quoted value spans the
     * split point, in which case it reads on to the end after all and {@link #readPastSplit()} says so.
     * Line numbers of the new cursor count from its first line.
     *
     * @return null when the input cannot be split (too small, not a file, or already read past the middle)
     */
    default FieldCursor splitRest() throws IOException {
        return null;
    }

    /**
     * @return whether, after {@link #splitRest()}, this cursor read on past the split point (a quoted
     *     value spans it), so it has read every record and the split-off cursor's records are not wanted
     */
    default boolean readPastSplit() {
        return false;
    }

    /**
     * After {@link #splitRest()} and the end of this cursor's records, reads on past the split point
     * to the end of the input, as if it had never been split; line numbers go on counting.
     */
    default void rejoin() {
    }
}
