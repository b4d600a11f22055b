package dev.lifecycle.core.data;

import dev.lifecycle.api.data.DataImportException;
import java.nio.file.Path;
import java.util.List;

/**
 * One CSV file as its record readers see it: where it is, how to read it, the limits it is held to,
 * and the typed errors naming its line and column.
 *
 * @param path the file
 * @param options how to read it
 * @param limits what it may hold
 * @param recordLimit the most bytes a record may take in this JVM (at most {@code limits.maxRecordBytes()})
 */
record CsvFile(Path path, Csv options, ImportLimits limits, int recordLimit) {

    /** @return the file's name, as errors give it */
    public String name() {
        return path.toString();
    }

    DataImportException tooLong(long line, String column) {
        if (recordLimit < limits.maxRecordBytes()) {
            long heapMb = Runtime.getRuntime().maxMemory() >> 20;
            return new DataImportException(name(), line, column, "a record is longer than " + recordLimit
                    + " bytes, the most this JVM can read safely: ImportLimits.recordBytes is " + limits.maxRecordBytes()
                    + ", but a record may take at most a sixteenth of the maximum heap (" + heapMb + " MB); check the"
                    + " quoting (an unclosed quote makes the rest of the file one record), or raise the heap to at"
                    + " least -Xmx" + (((long) limits.maxRecordBytes() * 16 >> 20) + 1) + "m to read records that long");
        }
        return new DataImportException(name(), line, column, "a record is longer than " + recordLimit
                + " bytes; check the quoting (an unclosed quote makes the rest of the file one record) or raise"
                + " ImportLimits.recordBytes");
    }

    DataImportException tooWide(long line, String column) {
        return new DataImportException(name(), line, column, "a record has more than " + limits.maxColumns()
                + " columns; check the delimiter ('" + options.delimiter() + "') or raise ImportLimits.columns");
    }

    DataImportException tooMany(long line, List<String> columns) {
        return new DataImportException(name(), line, position(columns, 0), "the file has more than " + limits.maxRows()
                + " records; import it in parts or raise ImportLimits.rows");
    }

    DataImportException ragged(long line, int fields, List<String> columns, char delim) {
        boolean missing = fields < columns.size();
        return new DataImportException(name(), line, position(columns, missing ? fields : columns.size()),
                "ragged row: " + fields + " values where the header has " + columns.size()
                + (missing ? "; the first missing value is for this column"
                        : "; the row has " + (fields - columns.size()) + " extra value(s), the first at this position")
                + ". Check the delimiter ('" + delim + "') and quoting");
    }

    DataImportException emptyFile() {
        return new DataImportException(name(), 1, position(null, 0),
                "the file is empty; expected a header line naming the columns");
    }

    DataImportException emptyName(long line, int i) {
        return new DataImportException(name(), line, position(null, i),
                "the header has an empty column name at position " + (i + 1));
    }

    DataImportException unclosedQuote(long line, String column) {
        return new DataImportException(name(), line, column, "a quoted value is not closed before the end of the file");
    }

    /**
     * @param columns the header's columns, or null while the header itself is read
     * @param i the 0-based field index
     * @return the column's name, else its 1-based position {@code #N}, noting the last named column when
     *     the field is an extra value past it
     */
    static String position(List<String> columns, int i) {
        if (columns != null && i < columns.size()) {
            return columns.get(i);
        }
        if (columns != null && !columns.isEmpty()) {
            return "#" + (i + 1) + " (extra value after \"" + columns.get(columns.size() - 1) + "\")";
        }
        return "#" + (i + 1);
    }
}
