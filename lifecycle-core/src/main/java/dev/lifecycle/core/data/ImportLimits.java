package dev.lifecycle.core.data;

import org.apiguardian.api.API;

/**
 * Bounds on what an import reads, so a hostile or broken file ends in a
 * {@link dev.lifecycle.api.data.DataImportException} naming the file, line and limit instead of
 * exhausting the host's memory.
 *
 * @param maxColumns the most columns a header (or record) may have
 * @param maxRecordBytes the most bytes one record may take (an unclosed quote makes the rest of a
 *     file one record, so this also catches that); a JVM reads at most a sixteenth of its maximum heap
 *     a record whatever this says, and the error then names the heap needed
 * @param maxRows the most records
 * @param maxFileBytes the largest file
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public record ImportLimits(int maxColumns, int maxRecordBytes, long maxRows, long maxFileBytes) {
    private static final ImportLimits DEFAULTS = new ImportLimits(10_000, 16 << 20, 1_000_000_000L, 64L << 30);

    /** Checks that every limit is positive. */
    public ImportLimits {
        if (maxColumns < 1 || maxRecordBytes < 1024 || maxRows < 1 || maxFileBytes < 1) {
            throw new IllegalArgumentException("Import limits must be positive (and records at least 1024 bytes), got "
                    + maxColumns + " columns, " + maxRecordBytes + " bytes a record, " + maxRows + " rows, "
                    + maxFileBytes + " bytes a file");
        }
    }

    /** @return 10,000 columns, 16 MiB a record, a billion rows, 64 GiB a file */
    public static ImportLimits defaults() {
        return DEFAULTS;
    }

    /** @return these limits with another column limit */
    public ImportLimits columns(int max) {
        return new ImportLimits(max, maxRecordBytes, maxRows, maxFileBytes);
    }

    /** @return these limits with another record size limit */
    public ImportLimits recordBytes(int max) {
        return new ImportLimits(maxColumns, max, maxRows, maxFileBytes);
    }

    /** @return these limits with another row limit */
    public ImportLimits rows(long max) {
        return new ImportLimits(maxColumns, maxRecordBytes, max, maxFileBytes);
    }

    /** @return these limits with another file size limit */
    public ImportLimits fileBytes(long max) {
        return new ImportLimits(maxColumns, maxRecordBytes, maxRows, max);
    }
}
