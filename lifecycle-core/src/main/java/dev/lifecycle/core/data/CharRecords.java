package dev.lifecycle.core.data;

import dev.lifecycle.core.internal.Codes;
import dev.lifecycle.core.internal.FastDoubles;
import dev.lifecycle.core.internal.FieldCursor;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Reads the records of a CSV file through a character decoder, for a delimiter outside ASCII. */
final class CharRecords implements FieldCursor {
    private static final int CHUNK = 1 << 16;

    private final CsvFile csv;
    private final Reader in;
    private final List<String> columns;
    private final MissingTokens tokens;
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

    /** @param csv the file and how to read it; @param in its characters, from the start */
    public CharRecords(CsvFile csv, Reader in) throws IOException {
        this.csv = csv;
        this.in = in;
        this.delim = csv.options().delimiter();
        this.tokens = new MissingTokens(csv.options().missingTokens());
        if (fill() && buf[pos] == '\uFEFF') {
            pos++;
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
        while (readRecord()) {
            if (fields == 1 && starts[0] == ends[0]) {
                continue;
            }
            if (++rows > csv.limits().maxRows()) {
                throw csv.tooMany(line, columns);
            }
            if (fields != columns.size()) {
                throw csv.ragged(line, fields, columns, delim);
            }
            for (int i = 0; i < fields; i++) {
                missing[i] = tokens.matches(rec, starts[i], ends[i]);
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
        if (recLen + n > csv.recordLimit() / 2) {
            throw csv.tooLong(nextLine, columnAt(fields));
        }
        if (recLen + n > rec.length) {
            rec = Arrays.copyOf(rec, Math.max(rec.length * 2, recLen + n));
        }
        System.arraycopy(src, from, rec, recLen, n);
        recLen += n;
    }

    private void append(char c) {
        if (recLen == rec.length) {
            if (recLen >= csv.recordLimit() / 2) {
                throw csv.tooLong(nextLine, columnAt(fields));
            }
            rec = Arrays.copyOf(rec, rec.length * 2);
        }
        rec[recLen++] = c;
    }

    /** Ends the field that began at {@code start}: records its trimmed bounds. */
    private void endField(int start) {
        if (fields == csv.limits().maxColumns()) {
            throw csv.tooWide(nextLine, columnAt(fields));
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
                throw csv.unclosedQuote(line, columnAt(fields));
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
        return CsvFile.position(columns, i);
    }
}