package dev.lifecycle.core.store;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.lifecycle.core.internal.Digests;
import dev.lifecycle.core.internal.RefState;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;

/**
 * The refs as of a journal position, so opening replays only the journal after it: opening time and
 * memory follow the number of live refs, not the length of the history. The file is a JSON header,
 * one {@code ["ref","value"]} line per ref, and a trailer with the SHA-256 of everything before it;
 * it is replaced atomically. The header also holds the SHA-256 of the last journal line it covers, so
 * a journal truncated or replaced under the checkpoint is noticed instead of silently trusted.
 *
 * @param offset the journal position the refs are as of (just after a complete line)
 * @param sequence the sequence number of the last change covered
 * @param lastLineStart where the last covered journal line starts
 * @param lastLineSha256 the SHA-256 of that line, newline included (empty when offset is 0)
 * @param bytes the checkpoint file's size
 */
record Checkpoint(long offset, long sequence, long lastLineStart, String lastLineSha256, long bytes) {

    /** A checkpoint that is torn or damaged: ignored, the journal is replayed from the start. */
    static final class Unreadable extends IOException {
        private static final long serialVersionUID = 1L;

        Unreadable(String message) {
            super(message);
        }
    }

    /** Writes the refs of {@code state} as of a journal position, atomically replacing the file. */
    static Checkpoint write(Path file, Path tmpDir, RefState state, long offset, long lastLineStart,
            String lastLineSha256) throws IOException {
        Path temp = tmpDir.resolve("checkpoint-" + UUID.randomUUID() + ".tmp");
        MessageDigest sha = sha256();
        try {
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                OutputStream raw = java.nio.channels.Channels.newOutputStream(ch);
                BufferedOutputStream buffered = new BufferedOutputStream(raw, 1 << 16);
                DigestOutputStream out = new DigestOutputStream(buffered, sha);
                try (JsonGenerator g = JournalCodec.JSON.createGenerator(out)) {
                    g.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
                    g.setRootValueSeparator(null);
                    g.writeStartObject();
                    g.writeNumberField("format", 1);
                    g.writeNumberField("offset", offset);
                    g.writeNumberField("sequence", state.sequence());
                    g.writeNumberField("lastLineStart", lastLineStart);
                    g.writeStringField("lastLineSha256", lastLineSha256);
                    g.writeNumberField("refs", state.size());
                    g.writeEndObject();
                    g.writeRaw('\n');
                    for (Map.Entry<String, String> e : state.all().entrySet()) {
                        g.writeStartArray();
                        g.writeString(e.getKey());
                        g.writeString(e.getValue());
                        g.writeEndArray();
                        g.writeRaw('\n');
                    }
                }
                out.on(false);
                out.write(("{\"sha256\":\"" + HexFormat.of().formatHex(sha.digest()) + "\"}\n")
                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                out.flush();
                ch.force(true);
            }
            long size = Files.size(temp);
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return new Checkpoint(offset, state.sequence(), lastLineStart, lastLineSha256, size);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * Loads the refs of a checkpoint into an empty state.
     *
     * @return the checkpoint, or null when there is none
     * @throws Unreadable when the file is torn or damaged
     */
    static Checkpoint read(Path file, RefState into) throws IOException {
        MessageDigest sha = sha256();
        long size;
        try {
            size = Files.size(file);
        } catch (NoSuchFileException e) {
            return null;
        }
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            DigestInputStream din = new DigestInputStream(in, sha);
            byte[] line = new byte[JournalCodec.MAX_LINE];
            int n = readLine(din, line);
            if (n < 0) {
                throw new Unreadable("it is empty");
            }
            if (n > line.length) {
                throw new Unreadable("its header is too long");
            }
            Map<String, Object> header = header(line, n);
            if (!Long.valueOf(1).equals(header.get("format"))) {
                throw new Unreadable("its header is not a format-1 checkpoint header");
            }
            long offset = number(header, "offset");
            long sequence = number(header, "sequence");
            long lastLineStart = number(header, "lastLineStart");
            String lastSha = header.get("lastLineSha256") instanceof String t ? t : "";
            long count = number(header, "refs");
            if (offset < 0 || sequence < 0 || lastLineStart < 0 || count < 0) {
                throw new Unreadable("its header misses fields");
            }
            for (long i = 0; i < count; i++) {
                n = readLine(din, line);
                if (n < 0) {
                    throw new Unreadable("it ends after " + i + " of " + count + " refs");
                }
                if (n > line.length) {
                    throw new Unreadable("ref line " + i + " is too long");
                }
                try (JsonParser p = JournalCodec.JSON.createParser(line, 0, n)) {
                    if (p.nextToken() != JsonToken.START_ARRAY || p.nextToken() != JsonToken.VALUE_STRING) {
                        throw new Unreadable("ref line " + i + " is not [name, value]");
                    }
                    String name = p.getText();
                    if (p.nextToken() != JsonToken.VALUE_STRING) {
                        throw new Unreadable("ref line " + i + " has no value");
                    }
                    into.load(name, p.getText(), 0);
                }
            }
            din.on(false);
            String expected = HexFormat.of().formatHex(sha.digest());
            n = readLine(din, line);
            if (n < 0 || n > line.length || !new String(line, 0, n, java.nio.charset.StandardCharsets.US_ASCII)
                    .equals("{\"sha256\":\"" + expected + "\"}")) {
                throw new Unreadable("its trailer does not match its content");
            }
            into.loadSequence(sequence);
            return new Checkpoint(offset, sequence, lastLineStart, lastSha, size);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new Unreadable("it is not JSON: " + e.getOriginalMessage());
        }
    }

    /** @return the header's top-level numbers and strings (other values are left out) */
    private static Map<String, Object> header(byte[] line, int n) throws IOException {
        Map<String, Object> out = new java.util.HashMap<>();
        try (JsonParser p = JournalCodec.JSON.createParser(line, 0, n)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new Unreadable("its header is not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                if (t == JsonToken.VALUE_NUMBER_INT) {
                    out.put(field, p.getLongValue());
                } else if (t == JsonToken.VALUE_STRING) {
                    out.put(field, p.getText());
                } else {
                    p.skipChildren();
                }
            }
        }
        return out;
    }

    private static long number(Map<String, Object> header, String field) {
        return header.get(field) instanceof Long l ? l : -1;
    }

    /** @return the SHA-256 (hex) of a journal range, or "" when empty */
    static String sha256Of(FileChannel journal, long from, long to) throws IOException {
        if (to <= from) {
            return "";
        }
        if (to - from > JournalCodec.MAX_LINE + 1) {
            throw new IOException("a journal line of " + (to - from) + " bytes");
        }
        ByteBuffer buf = ByteBuffer.allocate((int) (to - from));
        long pos = from;
        while (buf.hasRemaining()) {
            int n = journal.read(buf, pos);
            if (n < 0) {
                break;
            }
            pos += n;
        }
        return Digests.sha256Hex(java.util.Arrays.copyOf(buf.array(), buf.position()));
    }

    /** Reads one line into {@code line}; @return its length, -1 at the end, or more than the buffer when too long */
    private static int readLine(InputStream in, byte[] line) throws IOException {
        int n = 0;
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                return n;
            }
            if (n < line.length) {
                line[n] = (byte) b;
            }
            n++;
        }
        return n == 0 ? -1 : Integer.MAX_VALUE;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
