package dev.lifecycle.core.store;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.lifecycle.api.store.JournalEntry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Journal lines: one JSON object a change, {@code {"ref":…,"old":…,"new":…,"actor":…,"reason":…,
 * "time":…,"seq":…}}, and the streaming reader that replays them without holding the file in memory.
 */
final class JournalCodec {
    /** Longest journal line accepted; longer means damage (refs and reasons are short). */
    static final int MAX_LINE = 1 << 20;
    private static final int CHUNK = 1 << 20;
    private static final byte[] REF_START = "{\"ref\":\"".getBytes(StandardCharsets.US_ASCII);
    /** Plain streaming JSON (no data binding): opening a store does not need the object mapper. */
    static final JsonFactory JSON = new JsonFactory();
    private static final byte[] OLD = ",\"old\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NEW = ",\"new\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ACTOR = ",\"actor\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] REASON = ",\"reason\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TIME = ",\"time\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SEQ = ",\"seq\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);

    private JournalCodec() {
    }

    /** What a reader does with each complete line. */
    interface LineHandler {
        /**
         * @param bytes the buffer holding the line (without its newline)
         * @param offset where the line starts in {@code bytes}
         * @param length its length
         * @param position where the line starts in the file
         */
        void line(byte[] bytes, int offset, int length, long position);
    }

    static byte[] encode(JournalEntry e) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(160);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("ref", e.ref());
            g.writeStringField("old", e.oldValue());
            g.writeStringField("new", e.newValue());
            g.writeStringField("actor", e.actor());
            g.writeStringField("reason", e.reason());
            g.writeStringField("time", e.time().toString());
            g.writeNumberField("seq", e.sequence());
            g.writeEndObject();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        out.write('\n');
        return out.toByteArray();
    }

    /**
     * Decodes a line; a line without {@code seq} (written before sequences) gets {@code previous + 1}.
     *
     * @throws IllegalArgumentException saying what is wrong with the line
     */
    static JournalEntry decode(byte[] bytes, int offset, int length, long previous) {
        return decode(bytes, offset, length, previous, true);
    }

    /**
     * Decodes a line for replay: the time is checked to be a string but not parsed (replay does not
     * need it), and left null.
     */
    static JournalEntry decodeForReplay(byte[] bytes, int offset, int length, long previous) {
        JournalEntry fast = decodeCanonical(bytes, offset, length);
        return fast != null ? fast : decode(bytes, offset, length, previous, false);
    }

    /**
     * Reads a line in exactly the shape {@link #encode} writes, without a JSON parser: the replay of a
     * long legacy journal spends its time here.
     *
     * @return the entry (time left null), or null when the line has another shape (escapes in the ref
     *     or values, other field order, no seq, bad bytes), so the full parser decides
     */
    static JournalEntry decodeCanonical(byte[] b, int offset, int length) {
        int end = offset + length;
        int i = offset;
        if (!at(b, i, end, REF_START)) {
            return null;
        }
        i += REF_START.length;
        int refEnd = plainString(b, i, end);
        if (refEnd < 0) {
            return null;
        }
        String ref = new String(b, i, refEnd - i, StandardCharsets.ISO_8859_1);
        i = refEnd + 1;
        if (!at(b, i, end, OLD)) {
            return null;
        }
        i += OLD.length;
        String old;
        if (at(b, i, end, NULL)) {
            old = null;
            i += NULL.length;
        } else if (i < end && b[i] == '"') {
            int e = plainString(b, i + 1, end);
            if (e < 0) {
                return null;
            }
            old = new String(b, i + 1, e - i - 1, StandardCharsets.ISO_8859_1);
            i = e + 1;
        } else {
            return null;
        }
        if (!at(b, i, end, NEW)) {
            return null;
        }
        i += NEW.length;
        String neu;
        if (at(b, i, end, NULL)) {
            neu = null;
            i += NULL.length;
        } else if (i < end && b[i] == '"') {
            int e = plainString(b, i + 1, end);
            if (e < 0) {
                return null;
            }
            neu = new String(b, i + 1, e - i - 1, StandardCharsets.ISO_8859_1);
            i = e + 1;
        } else {
            return null;
        }
        if (!at(b, i, end, ACTOR) || (i = skipStringOrNull(b, i + ACTOR.length, end)) < 0) {
            return null;
        }
        if (!at(b, i, end, REASON) || (i = skipStringOrNull(b, i + REASON.length, end)) < 0) {
            return null;
        }
        if (!at(b, i, end, TIME) || (i = skipString(b, i + TIME.length, end)) < 0) {
            return null;
        }
        if (!at(b, i, end, SEQ)) {
            return null;
        }
        i += SEQ.length;
        long seq = 0;
        int digits = 0;
        while (i < end && b[i] >= '0' && b[i] <= '9' && digits < 18) {
            seq = seq * 10 + (b[i++] - '0');
            digits++;
        }
        if (digits == 0 || i != end - 1 || b[i] != '}' || !validRef(ref)) {
            return null;
        }
        return new JournalEntry(ref, old, neu, null, null, null, seq);
    }

    private static boolean at(byte[] b, int i, int end, byte[] literal) {
        if (end - i < literal.length) {
            return false;
        }
        for (int k = 0; k < literal.length; k++) {
            if (b[i + k] != literal[k]) {
                return false;
            }
        }
        return true;
    }

    /** @return the index of the closing quote of a string of printable ASCII without escapes, or -1 */
    private static int plainString(byte[] b, int i, int end) {
        for (; i < end; i++) {
            byte c = b[i];
            if (c == '"') {
                return i;
            }
            if (c < 0x20 || c == '\\') { // negative bytes (non-ASCII) too: the full parser decodes UTF-8
                return -1;
            }
        }
        return -1;
    }

    /** @return the index after a JSON string that starts (after its opening quote) at {@code i}, or -1 */
    private static int skipString(byte[] b, int i, int end) {
        for (; i < end; i++) {
            byte c = b[i];
            if (c == '"') {
                return i + 1;
            }
            if (c == '\\') {
                i++;
            } else if (c >= 0 && c < 0x20) {
                return -1;
            }
        }
        return -1;
    }

    private static int skipStringOrNull(byte[] b, int i, int end) {
        if (at(b, i, end, NULL)) {
            return i + NULL.length;
        }
        return i < end && b[i] == '"' ? skipString(b, i + 1, end) : -1;
    }

    private static JournalEntry decode(byte[] bytes, int offset, int length, long previous, boolean withTime) {
        String ref = null;
        String old = null;
        String neu = null;
        String actor = null;
        String reason = null;
        String time = null;
        long seq = -1;
        try (JsonParser p = JSON.createParser(bytes, offset, length)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not a JSON object");
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken v = p.nextToken();
                switch (field) {
                    case "ref" -> ref = text(p, v);
                    case "old" -> old = text(p, v);
                    case "new" -> neu = text(p, v);
                    case "actor" -> actor = text(p, v);
                    case "reason" -> reason = text(p, v);
                    case "time" -> time = text(p, v);
                    case "seq" -> seq = v == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : -2;
                    default -> p.skipChildren();
                }
            }
            if (t != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw new IllegalArgumentException("not one complete JSON object");
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON (" + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()) + ")");
        }
        if (ref == null || time == null) {
            throw new IllegalArgumentException("no " + (ref == null ? "ref" : "time"));
        }
        if (seq == -2) {
            throw new IllegalArgumentException("its seq is not an integer");
        }
        Instant at = null;
        if (withTime) {
            try {
                at = Instant.parse(time);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("its time '" + time + "' is not an instant");
            }
        }
        if (!validRef(ref)) {
            try {
                dev.lifecycle.core.internal.RefNames.checkRef(ref);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("its ref is invalid: " + e.getMessage());
            }
        }
        return new JournalEntry(ref, old, neu, actor, reason, at, seq < 0 ? previous + 1 : seq);
    }

    /** The rule of RefNames.checkRef without a regex, for replay speed; false sends the ref to the full check. */
    private static boolean validRef(String ref) {
        int segment = 0;
        boolean onlyDots = true;
        for (int i = 0; i < ref.length(); i++) {
            char c = ref.charAt(i);
            if (c == '/') {
                if (segment == 0 || onlyDots && segment <= 2) {
                    return false;
                }
                segment = 0;
                onlyDots = true;
            } else if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-'
                    || c == '.') {
                onlyDots &= c == '.';
                segment++;
            } else {
                return false;
            }
        }
        return segment > 0 && !(onlyDots && segment <= 2);
    }

    private static String text(JsonParser p, JsonToken v) throws IOException {
        if (v == JsonToken.VALUE_NULL) {
            return null;
        }
        if (v != JsonToken.VALUE_STRING) {
            throw new IllegalArgumentException("field " + p.currentName() + " is not a string");
        }
        return p.getText();
    }

    /** @return whether the line certainly belongs to a ref outside {@code prefix} (a cheap filter) */
    static boolean certainlyOutside(byte[] bytes, int offset, int length, byte[] prefix) {
        if (length < REF_START.length + prefix.length) {
            return false;
        }
        for (int i = 0; i < REF_START.length; i++) {
            if (bytes[offset + i] != REF_START[i]) {
                return false;
            }
        }
        int at = offset + REF_START.length;
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[at + i] != prefix[i]) {
                return true;
            }
        }
        return false;
    }

    /**
     * Reads the complete lines of a file between two positions in bounded chunks.
     *
     * @return the position after the last complete line read (a torn tail is left unread)
     * @throws LineTooLongException when a line exceeds {@link #MAX_LINE}
     */
    static long readLines(FileChannel ch, long from, long to, LineHandler handler) throws IOException {
        byte[] buf = new byte[(int) Math.min(CHUNK, Math.max(1024, to - from))];
        int filled = 0;
        long bufStart = from;
        long pos = from;
        while (pos < to) {
            if (filled == buf.length) {
                if (buf.length >= MAX_LINE + 1) {
                    throw new LineTooLongException(bufStart);
                }
                buf = java.util.Arrays.copyOf(buf, Math.min(MAX_LINE + 1, buf.length * 2));
            }
            ByteBuffer bb = ByteBuffer.wrap(buf, filled, (int) Math.min(buf.length - filled, to - pos));
            int n = ch.read(bb, pos);
            if (n <= 0) {
                break;
            }
            pos += n;
            int scanFrom = filled;
            filled += n;
            int start = 0;
            for (int i = scanFrom; i < filled; i++) {
                if (buf[i] == '\n') {
                    handler.line(buf, start, i - start, bufStart + start);
                    start = i + 1;
                }
            }
            if (start > 0) {
                System.arraycopy(buf, start, buf, 0, filled - start);
                filled -= start;
                bufStart += start;
            }
        }
        return bufStart;
    }

    /** A journal line longer than any Lifecycle writes: the file is damaged or not a journal. */
    static final class LineTooLongException extends IOException {
        private static final long serialVersionUID = 1L;
        final long position;

        LineTooLongException(long position) {
            super("a line longer than " + MAX_LINE + " bytes starts at byte " + position);
            this.position = position;
        }
    }
}
