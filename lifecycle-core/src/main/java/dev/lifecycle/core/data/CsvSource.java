package dev.lifecycle.core.data;

import dev.lifecycle.api.data.DataImportException;
import dev.lifecycle.api.data.DataSource;
import dev.lifecycle.core.internal.FileRange;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apiguardian.api.API;

/**
 * A {@link DataSource} over a CSV file, streamed in chunks: quoted values ({@code "a, b"}, {@code ""}
 * for a quote), a configurable delimiter, header or given names, missing-value tokens. A record with
 * more or fewer values than there are columns is an error naming the line. A UTF-8 byte order mark
 * before the first line is skipped. Every error names the line and the column: its name, else its
 * position {@code #N} (in the header, or past the last column for an extra value).
 *
 * <p>Files are read as bytes (delimiter, quotes and line breaks are ASCII, so they cannot occur
 * inside a multi-byte UTF-8 character) and parsed in place; only text values are decoded. A
 * delimiter outside ASCII is read through a character decoder instead.
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public final class CsvSource implements DataSource {
    private final Path file;
    private final Csv options;
    private final ImportLimits limits;
    private final CsvFile csv;

    /** @param file the CSV file; @param options how to read it */
    public CsvSource(Path file, Csv options) {
        this(file, options, ImportLimits.defaults());
    }

    /** @param file the CSV file; @param options how to read it; @param limits what it may hold */
    public CsvSource(Path file, Csv options, ImportLimits limits) {
        this.file = file;
        this.options = options;
        this.limits = java.util.Objects.requireNonNull(limits, "limits");
        this.csv = new CsvFile(file, options, limits, (int) Math.min(limits.maxRecordBytes(), heapRecordBytes()));
    }

    /**
     * @return the most bytes a record may take in this JVM: a sixteenth of the maximum heap, since a
     *     record's buffer, its copy while growing and its decoded values all live at once
     */
    static long heapRecordBytes() {
        return Math.max(1 << 20, Math.min(Integer.MAX_VALUE - 16L, Runtime.getRuntime().maxMemory() / 16));
    }

    @Override
    public String name() {
        return file.toString();
    }

    @Override
    public Cursor open() throws IOException {
        long size = Files.size(file);
        if (size > limits.maxFileBytes()) {
            throw new DataImportException(name(), 0, null, "the file has " + size + " bytes, more than the limit of "
                    + limits.maxFileBytes() + "; raise ImportLimits.fileBytes or import it in parts");
        }
        Encodings.requireUtf8Text(file, options.delimiter());
        if (options.delimiter() < 0x80) {
            FileRange range = Files.size(file) >= FileRange.minSplitBytes() ? FileRange.firstHalf(file) : null;
            InputStream in = range != null ? range : Files.newInputStream(file);
            try {
                return new ByteRecords(csv, in, range != null && range.end() < range.size() ? range : null);
            } catch (RuntimeException | IOException e) {
                in.close();
                throw e;
            }
        }
        Reader reader = new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8);
        try {
            return new CharRecords(csv, reader);
        } catch (RuntimeException | IOException e) {
            reader.close();
            throw e;
        }
    }
}
