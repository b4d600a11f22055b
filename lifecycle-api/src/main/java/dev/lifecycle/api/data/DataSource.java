package dev.lifecycle.api.data;

import java.io.IOException;
import java.util.List;
import org.apiguardian.api.API;

/**
 * SPI: where rows come from (a CSV file, a JDBC query, an iterator supplied by the host).
 *
 * <p>A source is read through {@link #open()}, which may be called more than once; each call starts
 * a new pass from the first record. Values are handed over as they were read (strings for text
 * formats, or typed values), and the importer infers or checks types.
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public interface DataSource {

    /** @return a human-readable name used in lineage and error messages, e.g. the file path */
    String name();

    /**
     * Starts a pass over the records.
     *
     * @throws IOException when the source cannot be read
     * @throws DataImportException when the source is malformed (e.g. empty or without a header)
     */
    Cursor open() throws IOException;

    /** A forward-only pass over the records of a source. */
    @API(status = API.Status.STABLE, since = "0.1.0")
    interface Cursor extends AutoCloseable {
        /** @return the column names, in record order */
        List<String> columns();

        /**
         * Advances to the next record.
         *
         * @return false at the end
         * @throws DataImportException when the record is malformed (e.g. has the wrong number of values)
         */
        boolean next() throws IOException;

        /**
         * @return the value of a column of the current record: a {@link String}, {@link Number},
         *     {@link Boolean}, or {@code null} when missing
         */
        Object value(int column);

        /** @return the 1-based line or record number of the current record, for error messages */
        long line();

        @Override
        void close() throws IOException;
    }
}
