package dev.lifecycle.core.data;

import dev.lifecycle.api.data.DataImportException;
import dev.lifecycle.api.data.DataSource;
import dev.lifecycle.core.internal.Codes;
import dev.lifecycle.core.internal.FastDoubles;
import dev.lifecycle.core.internal.FieldCursor;
import dev.lifecycle.core.internal.FileRange;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
    private static final int CHUNK = 1 << 16;
    private static final int BYTES = 1 << 18;

    private final Path file;
    private final Csv options;
    private final ImportLimits limits;
    private final int recordLimit;

    /** @param file the CSV file; @param options how to read it */
    public CsvSource(Path file, Csv options) {
        this(file, options, ImportLimits.defaults());
    }

    /** @param file the CSV file; @param options how to read it; @param limits what it may hold */
    public CsvSource(Path file, Csv options, ImportLimits limits) {
        this.file = file;
        this.options = options;
        this.limits = java.util.Objects.requireNonNull(limits, "limits");
        this.recordLimit = (int) Math.min(limits.maxRecordBytes(), heapRecordBytes());
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
                return new ByteCursor(in, range != null && range.end() < range.size() ? range : null);
            } catch (RuntimeException | IOException e) {
                in.close();
                throw e;
            }
        }
        Reader reader = new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8);
        try {
            return new CharCursor(reader);
        } catch (RuntimeException | IOException e) {
            reader.close();
            throw e;
        }
    }

    private DataImportException tooLong(long line, String column) {
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

    private DataImportException tooWide(long line, String column) {
        return new DataImportException(name(), line, column, "a record has more than " + limits.maxColumns()
                + " columns; check the delimiter ('" + options.delimiter() + "') or raise ImportLimits.columns");
    }

    private DataImportException tooMany(long line, List<String> columns) {
        return new DataImportException(name(), line, position(columns, 0), "the file has more than " + limits.maxRows()
                + " records; import it in parts or raise ImportLimits.rows");
    }

    private DataImportException ragged(long line, int fields, List<String> columns, char delim) {
        boolean missing = fields < columns.size();
        return new DataImportException(name(), line, position(columns, missing ? fields : columns.size()),
                "ragged row: " + fields + " values where the header has " + columns.size()
                + (missing ? "; the first missing value is for this column"
                        : "; the row has " + (fields - columns.size()) + " extra value(s), the first at this position")
                + ". Check the delimiter ('" + delim + "') and quoting");
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

    /**
     * Reads UTF-8 bytes and keeps each record in the input buffer, unescaping quoted values in place.
     * Over the first half of a file it can {@linkplain #splitRest() split off} the second half.
     */
    private final class ByteCursor implements FieldCursor {
        private final InputStream in;
        private final FileRange range;
        private boolean committed;
        private boolean readPastSplit;
        private boolean quoting;
        private final List<String> columns;
        private final byte[][] missingTokens;
        private final long tokenLengths;
        private final boolean[] oneByteTokens = new boolean[256];
        private final byte delim;
        private byte[] buf = new byte[BYTES];
        private int pos;
        private int lim;
        private boolean eof;
        private boolean afterCr;
        private int recStart;
        private int w;
        private int fieldStart;
        private int[] starts = new int[16];
        private int[] ends = new int[16];
        private boolean[] missing = new boolean[16];
        private int fields;
        private long line;
        private long nextLine = 1;
        private long rows;
        /** Per column whether it is numeric, once {@link #numericColumns} said so and the fast path may run. */
        private boolean[] numeric;
        private double[] parsed = new double[16];
        /** Whether the current record was read by {@link #fastNext()}, so {@link #parsed} holds its numbers. */
        private boolean fast;

        /**
         * @param range {@code in} when it is the first half of the file, which may be split off, else null
         */
        ByteCursor(InputStream in, FileRange range) throws IOException {
            this(in, range, null);
        }

        /** @param restColumns the columns, when this reads the second half of a file; else null */
        private ByteCursor(InputStream in, FileRange range, List<String> restColumns) throws IOException {
            this.in = in;
            this.range = range;
            this.delim = (byte) options.delimiter();
            this.missingTokens = options.missingTokens().stream().map(t -> t.getBytes(StandardCharsets.UTF_8))
                    .toArray(byte[][]::new);
            long lengths = 0;
            for (byte[] t : missingTokens) {
                lengths |= t.length < 63 ? 1L << t.length : 1L << 63;
                if (t.length == 1) {
                    oneByteTokens[t[0] & 0xFF] = true;
                }
            }
            this.tokenLengths = lengths;
            if (restColumns != null) {
                columns = restColumns;
                return;
            }
            while (lim < 3) {
                int n = in.read(buf, lim, buf.length - lim);
                if (n < 0) {
                    eof = true;
                    break;
                }
                lim += n;
            }
            if (lim >= 3 && buf[0] == (byte) 0xEF && buf[1] == (byte) 0xBB && buf[2] == (byte) 0xBF) {
                pos = 3;
            }
            if (options.hasHeader()) {
                if (!readRecord()) {
                    throw new DataImportException(name(), 1, position(null, 0),
                            "the file is empty; expected a header line naming the columns");
                }
                List<String> names = new ArrayList<>(fields);
                for (int i = 0; i < fields; i++) {
                    String n = text(i);
                    if (n.isEmpty()) {
                        throw new DataImportException(name(), line, position(null, i),
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
            if (numeric != null && !afterCr && fastNext()) {
                return true;
            }
            fast = false;
            while (readRecord()) {
                if (fields == 1 && starts[0] == ends[0]) {
                    continue;
                }
                if (++rows > limits.maxRows()) {
                    throw tooMany(line, columns);
                }
                if (fields != columns.size()) {
                    throw ragged(line, fields, columns, (char) delim);
                }
                for (int i = 0; i < fields; i++) {
                    missing[i] = isMissingToken(starts[i], ends[i]);
                }
                return true;
            }
            return false;
        }

        @Override
        public void numericColumns(boolean[] numericColumns) {
            if (numericColumns.length != columns.size() || (delim >= '0' && delim <= '9') || delim == '.'
                    || delim == '-' || delim == '"' || delim == '\n' || delim == '\r' || numericTokens()) {
                return;
            }
            numeric = numericColumns.clone();
            if (parsed.length < numeric.length) {
                parsed = new double[numeric.length];
            }
            if (starts.length < numeric.length) {
                starts = Arrays.copyOf(starts, numeric.length);
                ends = Arrays.copyOf(ends, numeric.length);
                missing = Arrays.copyOf(missing, numeric.length);
            }
        }

        /**
         * @return the first position from {@code p} (below {@code l}) holding the delimiter, a line end or a
         *     quote, or {@code l}: eight bytes at a time, then byte by byte
         */
        private static int toSpecial(byte[] b, int p, int l, byte d) {
            int wordEnd = l - 8;
            while (p <= wordEnd) {
                long v = FastDoubles.word(b, p);
                long hit = FastDoubles.matches(v, d) | FastDoubles.matches(v, (byte) '\n')
                        | FastDoubles.matches(v, (byte) '\r') | FastDoubles.matches(v, (byte) '"');
                if (hit != 0) {
                    return p + (Long.numberOfTrailingZeros(hit) >>> 3);
                }
                p += 8;
            }
            while (p < l) {
                byte c = b[p];
                if (c == d || c == '\n' || c == '\r' || c == '"') {
                    break;
                }
                p++;
            }
            return p;
        }

        /** @return whether a missing-value token could be read as a number by {@link #fastNext()} */
        private boolean numericTokens() {
            for (byte[] t : missingTokens) {
                boolean digits = t.length > 0;
                for (byte c : t) {
                    digits &= (c >= '0' && c <= '9') || c == '.' || c == '-';
                }
                if (digits) {
                    return true;
                }
            }
            return false;
        }

        /**
         * Reads the next record in one pass when it is plain: wholly in the buffer, ending in a line break,
         * with exactly one value per column, no quotes, no blanks to trim, and every numeric column's value
         * either {@code [-]digits[.digits]} of at most 15 digits (exact with one division, as
         * {@link FastDoubles#scaled} says) or an empty missing value. Values are bounded and marked missing
         * as {@link #readRecord()} and {@link #next()} would, numbers parsed as {@link FastDoubles#parse}
         * would; any other record leaves the cursor as it was and returns false, for the general path.
         */
        private boolean fastNext() {
            byte[] b = buf;
            int p = pos;
            int l = lim;
            boolean[] num = numeric;
            int n = num.length;
            if (p >= l || b[p] == '\n' || b[p] == '\r' || rows >= limits.maxRows()) {
                return false;
            }
            byte d = delim;
            for (int i = 0; i < n; i++) {
                int s = p;
                if (num[i]) {
                    if (p >= l) {
                        return false;
                    }
                    boolean negative = b[p] == '-';
                    if (negative) {
                        p++;
                    }
                    long mantissa = 0;
                    int digits = 0;
                    int dot = -1;
                    for (; p < l; p++) {
                        int digit = b[p] - '0';
                        if (digit >= 0 && digit <= 9) {
                            mantissa = mantissa * 10 + digit;
                            digits++;
                        } else if (digit == '.' - '0' && dot < 0) {
                            dot = p;
                        } else {
                            break;
                        }
                    }
                    if (p >= l) {
                        return false;
                    }
                    if (digits > 0 && digits <= 15) {
                        double v = FastDoubles.scaled(mantissa, dot < 0 ? 0 : p - dot - 1);
                        parsed[i] = negative ? -v : v;
                        missing[i] = false;
                    } else if (p == s && isMissingToken(s, s)) {
                        missing[i] = true;
                    } else {
                        return false;
                    }
                } else {
                    p = toSpecial(b, p, l, d);
                    if (p >= l || (p > s && ((b[s] >= 0 && b[s] <= ' ') || (b[p - 1] >= 0 && b[p - 1] <= ' ')))) {
                        return false;
                    }
                    missing[i] = isMissingToken(s, p);
                }
                starts[i] = s;
                ends[i] = p;
                byte c = b[p];
                if (i < n - 1) {
                    if (c != d) {
                        return false;
                    }
                    p++;
                } else if (c == '\n') {
                    p++;
                } else if (c == '\r' && p + 1 < l && b[p + 1] == '\n') {
                    p += 2;
                } else {
                    return false;
                }
            }
            rows++;
            line = nextLine++;
            fields = n;
            pos = p;
            fast = true;
            return true;
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
            return fast && numeric[column] ? parsed[column] : FastDoubles.parse(buf, starts[column], ends[column]);
        }

        @Override
        public int code(int column, Codes codes) {
            return codes.code(buf, starts[column], ends[column]);
        }

        @Override
        public long line() {
            return line;
        }

        @Override
        public FieldCursor splitRest() throws IOException {
            if (range == null || committed || range.end() == range.size()) {
                return null;
            }
            FileRange rest = FileRange.open(file, range.end(), range.size());
            try {
                ByteCursor c = new ByteCursor(rest, null, columns);
                if (numeric != null) {
                    c.numericColumns(numeric);
                }
                committed = true;
                return c;
            } catch (IOException | RuntimeException e) {
                rest.close();
                throw e;
            }
        }

        @Override
        public boolean readPastSplit() {
            return readPastSplit;
        }

        @Override
        public void rejoin() {
            if (committed && range.extendToEnd()) {
                eof = false;
            }
        }

        @Override
        public void close() throws IOException {
            in.close();
        }

        private String text(int i) {
            return new String(buf, starts[i], ends[i] - starts[i], StandardCharsets.UTF_8);
        }

        private boolean isMissingToken(int from, int to) {
            int n = to - from;
            if ((tokenLengths & (1L << Math.min(n, 63))) == 0) {
                return false;
            }
            if (n <= 1) {
                return n == 0 || oneByteTokens[buf[from] & 0xFF];
            }
            for (byte[] t : missingTokens) {
                if (t.length == n && Arrays.equals(buf, from, to, t, 0, n)) {
                    return true;
                }
            }
            return false;
        }

        /**
         * Reads more input once everything read is consumed ({@code pos == lim}), first moving the
         * current record ({@code [recStart, w)}) to the front of the buffer, growing it if the record
         * fills it. False at the end of the input.
         */
        private boolean more() throws IOException {
            if (eof) {
                return false;
            }
            int shift = recStart;
            if (shift > 0) {
                System.arraycopy(buf, recStart, buf, 0, w - recStart);
                for (int i = 0; i < fields; i++) {
                    starts[i] -= shift;
                    ends[i] -= shift;
                }
                fieldStart -= shift;
                recStart = 0;
                w -= shift;
            }
            pos = w;
            lim = w;
            if (lim == buf.length) {
                if (lim >= recordLimit) {
                    throw tooLong(nextLine, columnAt(fields));
                }
                buf = Arrays.copyOf(buf, (int) Math.min((long) buf.length * 2, recordLimit + 1L));
            }
            int n;
            do {
                n = in.read(buf, lim, buf.length - lim);
                if (n < 0 && range != null && (!committed || quoting) && range.extendToEnd()) {
                    readPastSplit = committed;
                    n = 0;
                }
            } while (n == 0);
            if (n < 0) {
                eof = true;
                return false;
            }
            lim += n;
            return true;
        }

        /** Ends the field that began at {@code fieldStart}: records its trimmed bounds. */
        private void endField() {
            if (fields == limits.maxColumns()) {
                throw tooWide(nextLine, columnAt(fields));
            }
            if (fields == starts.length) {
                starts = Arrays.copyOf(starts, fields * 2);
                ends = Arrays.copyOf(ends, fields * 2);
                missing = Arrays.copyOf(missing, fields * 2);
            }
            byte[] b = buf;
            int s = fieldStart;
            int e = w;
            while (s < e && b[s] >= 0 && b[s] <= ' ') {
                s++;
            }
            while (e > s && b[e - 1] >= 0 && b[e - 1] <= ' ') {
                e--;
            }
            starts[fields] = s;
            ends[fields] = e;
            fields++;
        }

        private boolean blank(int from, int to) {
            for (int i = from; i < to; i++) {
                byte b = buf[i];
                if (b < 0) {
                    return new String(buf, from, to - from, StandardCharsets.UTF_8).chars()
                            .allMatch(Character::isWhitespace);
                }
                if (!Character.isWhitespace(b)) {
                    return false;
                }
            }
            return true;
        }

        /** Reads one record into the field bounds; false at end of input. */
        private boolean readRecord() throws IOException {
            fields = 0;
            line = nextLine;
            recStart = pos;
            w = pos;
            if (pos == lim && !more()) {
                return false;
            }
            if (afterCr) {
                afterCr = false;
                if (buf[pos] == '\n') {
                    pos++;
                    recStart = pos;
                    w = pos;
                    if (pos == lim && !more()) {
                        return false;
                    }
                }
            }
            fieldStart = w;
            boolean wasQuoted = false;
            while (true) {
                if (pos == lim && !more()) {
                    endField();
                    nextLine++;
                    return true;
                }
                byte[] b = buf;
                int p = pos;
                int l = lim;
                byte d = delim;
                p = toSpecial(b, p, l, d);
                int n = p - pos;
                if (w != pos && n > 0) {
                    System.arraycopy(b, pos, b, w, n);
                }
                w += n;
                pos = p;
                if (p == l) {
                    continue;
                }
                byte c = b[pos++];
                if (c == d) {
                    endField();
                    fieldStart = w;
                    wasQuoted = false;
                } else if (c == '\n' || c == '\r') {
                    afterCr = c == '\r';
                    endField();
                    nextLine++;
                    return true;
                } else if (!wasQuoted && blank(fieldStart, w)) {
                    w = fieldStart;
                    wasQuoted = true;
                    readQuoted();
                } else {
                    b[w++] = c;
                }
            }
        }

        /** Reads a quoted value after its opening quote, up to and including the closing quote. */
        private void readQuoted() throws IOException {
            quoting = true;
            while (true) {
                if (pos == lim && !more()) {
                    throw new DataImportException(name(), line, columnAt(fields),
                            "a quoted value is not closed before the end of the file");
                }
                byte c = buf[pos++];
                if (c == '"') {
                    if ((pos < lim || more()) && buf[pos] == '"') {
                        pos++;
                        buf[w++] = '"';
                    } else {
                        quoting = false;
                        return;
                    }
                } else {
                    if (c == '\n') {
                        nextLine++;
                    }
                    buf[w++] = c;
                }
            }
        }

        private String columnAt(int i) {
            return position(columns, i);
        }
    }

    private final class CharCursor implements FieldCursor {
        private final Reader in;
        private final List<String> columns;
        private final char[][] missingTokens;
        private final char delim;
        private final char[] buf = new char[CHUNK];
        private int pos;
        private int lim;
        private boolean eof;
        private char[] rec = new char[256];
        private long rows;
        private int recLen;
        private int[] starts = new int[16];
        private int[] ends = new int[16];
        private boolean[] missing = new boolean[16];
        private int fields;
        private long line;
        private long nextLine = 1;

        CharCursor(Reader in) throws IOException {
            this.in = in;
            this.delim = options.delimiter();
            this.missingTokens = options.missingTokens().stream().map(String::toCharArray).toArray(char[][]::new);
            if (fill() && buf[pos] == '\uFEFF') {
                pos++;
            }
            if (options.hasHeader()) {
                if (!readRecord()) {
                    throw new DataImportException(name(), 1, position(null, 0),
                            "the file is empty; expected a header line naming the columns");
                }
                List<String> names = new ArrayList<>(fields);
                for (int i = 0; i < fields; i++) {
                    String n = text(i);
                    if (n.isEmpty()) {
                        throw new DataImportException(name(), line, position(null, i),
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
                if (++rows > limits.maxRows()) {
                    throw tooMany(line, columns);
                }
                if (fields != columns.size()) {
                    throw ragged(line, fields, columns, delim);
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
        public int code(int column, Codes codes) {
            return codes.code(text(column));
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
            if (recLen + n > recordLimit / 2) {
                throw tooLong(nextLine, columnAt(fields));
            }
            if (recLen + n > rec.length) {
                rec = Arrays.copyOf(rec, Math.max(rec.length * 2, recLen + n));
            }
            System.arraycopy(src, from, rec, recLen, n);
            recLen += n;
        }

        private void append(char c) {
            if (recLen == rec.length) {
                if (recLen >= recordLimit / 2) {
                    throw tooLong(nextLine, columnAt(fields));
                }
                rec = Arrays.copyOf(rec, rec.length * 2);
            }
            rec[recLen++] = c;
        }

        /** Ends the field that began at {@code start}: records its trimmed bounds. */
        private void endField(int start) {
            if (fields == limits.maxColumns()) {
                throw tooWide(nextLine, columnAt(fields));
            }
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
            return position(columns, i);
        }
    }
}
