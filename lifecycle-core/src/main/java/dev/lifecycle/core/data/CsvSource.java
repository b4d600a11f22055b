package dev.lifecycle.core.data;

import dev.lifecycle.api.data.DataImportException;
import dev.lifecycle.api.data.DataSource;
import dev.lifecycle.core.internal.FastDoubles;
import dev.lifecycle.core.internal.FieldCursor;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A {@link DataSource} over a CSV file, streamed in chunks: quoted values ({@code "a, b"}, {@code ""}
 * for a quote), a configurable delimiter, header or given names, missing-value tokens. A record with
 * more or fewer values than there are columns is an error naming the line. A UTF-8 byte order mark
 * before the first line is skipped.
 */
public final class CsvSource implements DataSource {
    private static final int CHUNK = 1 << 16;

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
        Reader reader = new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8);
        try {
            return new CsvCursor(reader);
        } catch (RuntimeException | IOException e) {
            reader.close();
            throw e;
        }
    }

    private final class CsvCursor implements FieldCursor {
        private final Reader in;
        private final List<String> columns;
        private final char[][] missingTokens;
        private final char delim;
        private final char[] buf = new char[CHUNK];
        private int pos;
        private int lim;
        private boolean eof;
        private char[] rec = new char[256];
        private int recLen;
        private int[] starts = new int[16];
        private int[] ends = new int[16];
        private boolean[] missing = new boolean[16];
        private int fields;
        private long line;
        private long nextLine = 1;

        CsvCursor(Reader in) throws IOException {
            this.in = in;
            this.delim = options.delimiter();
            this.missingTokens = options.missingTokens().stream().map(String::toCharArray).toArray(char[][]::new);
            if (fill() && buf[pos] == '\uFEFF') {
                pos++;
            }
            if (options.hasHeader()) {
                if (!readRecord()) {
                    throw new DataImportException(name(), 0, null,
                            "the file is empty; expected a header line naming the columns");
                }
                List<String> names = new ArrayList<>(fields);
                for (int i = 0; i < fields; i++) {
                    String n = text(i);
                    if (n.isEmpty()) {
                        throw new DataImportException(name(), line, null,
                                "the header has an empty column name at position " + (i + 1));
                    }
                    names.add(n);
                }
                columns = List.copyOf(names);
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
                if (fields == 1 && starts[0] == ends[0]) {
                    continue;
                }
                if (fields != columns.size()) {
                    String col = fields < columns.size() ? columns.get(fields) : null;
                    throw new DataImportException(name(), line, col, "ragged row: " + fields
                            + " values where the header has " + columns.size()
                            + (col != null ? "; the first missing value is for this column"
                                    : "; the row has " + (fields - columns.size()) + " extra value(s)")
                            + ". Check the delimiter ('" + delim + "') and quoting");
                }
                for (int i = 0; i < fields; i++) {
                    missing[i] = isMissingToken(starts[i], ends[i]);
                }
                return true;
            }
            return false;
        }

        @Override
        public Object value(int column) {
            return missing[column] ? null : text(column);
        }

        @Override
        public boolean isMissing(int column) {
            return missing[column];
        }

        @Override
        public double number(int column) {
            return FastDoubles.parse(rec, starts[column], ends[column]);
        }

        @Override
        public long line() {
            return line;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }

        private String text(int i) {
            return new String(rec, starts[i], ends[i] - starts[i]);
        }

        private boolean isMissingToken(int from, int to) {
            int n = to - from;
            for (char[] t : missingTokens) {
                if (t.length == n && Arrays.equals(rec, from, to, t, 0, n)) {
                    return true;
                }
            }
            return false;
        }

        private boolean fill() throws IOException {
            if (pos < lim) {
                return true;
            }
            if (eof) {
                return false;
            }
            int n;
            do {
                n = in.read(buf, 0, buf.length);
            } while (n == 0);
            if (n < 0) {
                eof = true;
                return false;
            }
            pos = 0;
            lim = n;
            return true;
        }

        private void append(char[] src, int from, int n) {
            if (recLen + n > rec.length) {
                rec = Arrays.copyOf(rec, Math.max(rec.length * 2, recLen + n));
            }
            System.arraycopy(src, from, rec, recLen, n);
            recLen += n;
        }

        private void append(char c) {
            if (recLen == rec.length) {
                rec = Arrays.copyOf(rec, rec.length * 2);
            }
            rec[recLen++] = c;
        }

        /** Ends the field that began at {@code start}: records its trimmed bounds. */
        private void endField(int start) {
            if (fields == starts.length) {
                starts = Arrays.copyOf(starts, fields * 2);
                ends = Arrays.copyOf(ends, fields * 2);
                missing = Arrays.copyOf(missing, fields * 2);
            }
            int s = start;
            int e = recLen;
            while (s < e && rec[s] <= ' ') {
                s++;
            }
            while (e > s && rec[e - 1] <= ' ') {
                e--;
            }
            starts[fields] = s;
            ends[fields] = e;
            fields++;
        }

        private boolean blank(int from) {
            for (int i = from; i < recLen; i++) {
                if (!Character.isWhitespace(rec[i])) {
                    return false;
                }
            }
            return true;
        }

        /** Reads one record into the field bounds; false at end of input. */
        private boolean readRecord() throws IOException {
            fields = 0;
            recLen = 0;
            line = nextLine;
            if (!fill()) {
                return false;
            }
            int fieldStart = 0;
            boolean wasQuoted = false;
            while (true) {
                if (!fill()) {
                    endField(fieldStart);
                    nextLine++;
                    return true;
                }
                int p = pos;
                int l = lim;
                char[] b = buf;
                char d = delim;
                while (p < l) {
                    char ch = b[p];
                    if (ch == d || ch == '\n' || ch == '\r' || ch == '"') {
                        break;
                    }
                    p++;
                }
                if (p > pos) {
                    append(b, pos, p - pos);
                }
                pos = p;
                if (p == l) {
                    continue;
                }
                char c = b[pos++];
                if (c == d) {
                    endField(fieldStart);
                    fieldStart = recLen;
                    wasQuoted = false;
                } else if (c == '\n' || c == '\r') {
                    if (c == '\r' && fill() && buf[pos] == '\n') {
                        pos++;
                    }
                    endField(fieldStart);
                    nextLine++;
                    return true;
                } else if (!wasQuoted && blank(fieldStart)) {
                    recLen = fieldStart;
                    wasQuoted = true;
                    readQuoted();
                } else {
                    append(c);
                }
            }
        }

        /** Reads a quoted value after its opening quote, up to and including the closing quote. */
        private void readQuoted() throws IOException {
            while (true) {
                if (!fill()) {
                    throw new DataImportException(name(), line, columnAt(fields),
                            "a quoted value is not closed before the end of the file");
                }
                char c = buf[pos++];
                if (c == '"') {
                    if (fill() && buf[pos] == '"') {
                        pos++;
                        append('"');
                    } else {
                        return;
                    }
                } else {
                    if (c == '\n') {
                        nextLine++;
                    }
                    append(c);
                }
            }
        }

        private String columnAt(int i) {
            return columns != null && i < columns.size() ? columns.get(i) : null;
        }
    }
}
