package dev.lifecycle.core.data;

import dev.lifecycle.api.data.DataImportException;
import dev.lifecycle.api.data.DataSource;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A {@link DataSource} over a CSV file, streamed: quoted values ({@code "a, b"}, {@code ""} for a
 * quote), a configurable delimiter, header or given names, missing-value tokens. A record with more
 * or fewer values than there are columns is an error naming the line.
 */
public final class CsvSource implements DataSource {
    private final Path file;
    private final Csv options;

    /** @param file the CSV file; @param options how to read it */
    public CsvSource(Path file, Csv options) {
        this.file = file;
        this.options = options;
    }

    @Override
    public String name() {
        return file.toString();
    }

    @Override
    public Cursor open() throws IOException {
        BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        try {
            return new CsvCursor(reader);
        } catch (RuntimeException | IOException e) {
            reader.close();
            throw e;
        }
    }

    private final class CsvCursor implements Cursor {
        private final Reader in;
        private final List<String> columns;
        private final Set<String> missing;
        private final char delim;
        private final StringBuilder field = new StringBuilder();
        private final List<String> record = new ArrayList<>();
        private String[] values;
        private long line;
        private long nextLine = 1;
        private int peeked = -2;

        CsvCursor(Reader in) throws IOException {
            this.in = in;
            this.missing = options.missingTokens();
            this.delim = options.delimiter();
            int first = in.read();
            if (first != '\uFEFF') { // a UTF-8 byte order mark (as Excel writes) is not part of the first value
                peeked = first;
            }
            if (options.hasHeader()) {
                if (!readRecord()) {
                    throw new DataImportException(name(), 0, null,
                            "the file is empty; expected a header line naming the columns");
                }
                columns = List.copyOf(trimmed(record));
                for (int i = 0; i < columns.size(); i++) {
                    if (columns.get(i).isEmpty()) {
                        throw new DataImportException(name(), line, null,
                                "the header has an empty column name at position " + (i + 1));
                    }
                }
            } else {
                columns = options.columnNames();
            }
        }

        @Override
        public List<String> columns() {
            return columns;
        }

        @Override
        public boolean next() throws IOException {
            while (readRecord()) {
                if (record.size() == 1 && record.get(0).isBlank()) {
                    continue;
                }
                if (record.size() != columns.size()) {
                    String col = record.size() < columns.size() ? columns.get(record.size()) : null;
                    throw new DataImportException(name(), line, col, "ragged row: " + record.size()
                            + " values where the header has " + columns.size()
                            + (col != null ? "; the first missing value is for this column"
                                    : "; the row has " + (record.size() - columns.size()) + " extra value(s)")
                            + ". Check the delimiter ('" + delim + "') and quoting");
                }
                if (values == null) {
                    values = new String[columns.size()];
                }
                for (int i = 0; i < values.length; i++) {
                    String v = record.get(i).trim();
                    values[i] = missing.contains(v) ? null : v;
                }
                return true;
            }
            return false;
        }

        @Override
        public Object value(int column) {
            return values[column];
        }

        @Override
        public long line() {
            return line;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }

        private int read() throws IOException {
            if (peeked != -2) {
                int c = peeked;
                peeked = -2;
                return c;
            }
            return in.read();
        }

        /** Reads one record into {@link #record}; false at end of input. */
        private boolean readRecord() throws IOException {
            record.clear();
            field.setLength(0);
            line = nextLine;
            int c = read();
            if (c == -1) {
                return false;
            }
            boolean quoted = false;
            boolean wasQuoted = false;
            while (true) {
                if (quoted) {
                    if (c == -1) {
                        throw new DataImportException(name(), line, columnAt(record.size()),
                                "a quoted value is not closed before the end of the file");
                    }
                    if (c == '"') {
                        int d = read();
                        if (d == '"') {
                            field.append('"');
                        } else {
                            quoted = false;
                            c = d;
                            continue;
                        }
                    } else {
                        if (c == '\n') {
                            nextLine++;
                        }
                        field.append((char) c);
                    }
                } else if (c == -1 || c == '\n' || c == '\r') {
                    if (c == '\r') {
                        int d = read();
                        if (d != '\n') {
                            peeked = d;
                        }
                    }
                    record.add(field.toString());
                    nextLine++;
                    return true;
                } else if (c == delim) {
                    record.add(field.toString());
                    field.setLength(0);
                    wasQuoted = false;
                } else if (c == '"' && !wasQuoted && field.toString().isBlank()) {
                    field.setLength(0);
                    quoted = true;
                    wasQuoted = true;
                } else {
                    field.append((char) c);
                }
                c = read();
            }
        }

        private String columnAt(int i) {
            return columns != null && i < columns.size() ? columns.get(i) : null;
        }
    }

    private static List<String> trimmed(List<String> values) {
        List<String> out = new ArrayList<>(values.size());
        for (String v : values) {
            out.add(v.trim());
        }
        return out;
    }
}
