package dev.lifecycle.core.data;

import dev.lifecycle.core.internal.Codes;
import dev.lifecycle.core.internal.FastDoubles;
import dev.lifecycle.core.internal.FieldCursor;
import dev.lifecycle.core.internal.FileRange;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the records of a CSV file as UTF-8 bytes, keeping each record in the input buffer and unescaping
 * quoted values in place. Plain records of known numeric columns are split and parsed in one pass
 * ({@link #numericColumns}); others take the general path. Over the first half of a file it can
 * {@linkplain #splitRest() split off} the second half.
 */
final class ByteRecords implements FieldCursor {
    private static final int BYTES = 1 << 18;

    private final CsvFile csv;
    private final InputStream in;
    private final FileRange range;
    private boolean committed;
    private boolean readPastSplit;
    private boolean quoting;
    private final List<String> columns;
    private final MissingTokens tokens;
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
     * @param csv the file and how to read it
     * @param in its bytes, from the start
     * @param range {@code in} when it is the first half of the file, which may be split off, else null
     */
    public ByteRecords(CsvFile csv, InputStream in, FileRange range) throws IOException {
        this(csv, in, range, null);
    }

    /** @param restColumns the columns, when this reads the second half of a file; else null */
    private ByteRecords(CsvFile csv, InputStream in, FileRange range, List<String> restColumns) throws IOException {
        this.csv = csv;
        this.in = in;
        this.range = range;
        this.delim = (byte) csv.options().delimiter();
        this.tokens = new MissingTokens(csv.options().missingTokens());
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
        if (csv.options().hasHeader()) {
            if (!readRecord()) {
                throw csv.emptyFile();
            }
            List<String> names = new ArrayList<>(fields);
            for (int i = 0; i < fields; i++) {
                String n = text(i);
                if (n.isEmpty()) {
                    throw csv.emptyName(line, i);
                }
                names.add(n);
            }
            columns = List.copyOf(names);
        } else {
            columns = csv.options().columnNames();
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
            if (++rows > csv.limits().maxRows()) {
                throw csv.tooMany(line, columns);
            }
            if (fields != columns.size()) {
                throw csv.ragged(line, fields, columns, (char) delim);
            }
            for (int i = 0; i < fields; i++) {
                missing[i] = tokens.matches(buf, starts[i], ends[i]);
            }
            return true;
        }
        return false;
    }

    @Override
    public void numericColumns(boolean[] numericColumns) {
        if (numericColumns.length != columns.size() || (delim >= '0' && delim <= '9') || delim == '.'
                || delim == '-' || delim == '"' || delim == '\n' || delim == '\r' || tokens.numeric()) {
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
        if (p >= l || b[p] == '\n' || b[p] == '\r' || rows >= csv.limits().maxRows()) {
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
                } else if (p == s && tokens.matches(b, s, s)) {
                    missing[i] = true;
                } else {
                    return false;
                }
            } else {
                p = toSpecial(b, p, l, d);
                if (p >= l || (p > s && ((b[s] >= 0 && b[s] <= ' ') || (b[p - 1] >= 0 && b[p - 1] <= ' ')))) {
                    return false;
                }
                missing[i] = tokens.matches(b, s, p);
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
        FileRange rest = FileRange.open(csv.path(), range.end(), range.size());
        try {
            ByteRecords c = new ByteRecords(csv, rest, null, columns);
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
            if (lim >= csv.recordLimit()) {
                throw csv.tooLong(nextLine, columnAt(fields));
            }
            buf = Arrays.copyOf(buf, (int) Math.min((long) buf.length * 2, csv.recordLimit() + 1L));
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
        if (fields == csv.limits().maxColumns()) {
            throw csv.tooWide(nextLine, columnAt(fields));
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
                throw csv.unclosedQuote(line, columnAt(fields));
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
        return CsvFile.position(columns, i);
    }
}