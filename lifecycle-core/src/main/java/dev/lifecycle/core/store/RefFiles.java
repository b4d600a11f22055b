package dev.lifecycle.core.store;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.lifecycle.api.store.JournalEntry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Second copies of the refs whose history nothing else can rebuild (aliases): {@code refs/<name>} holds
 * the ref's last value and the journal sequence of that change, written after the journal line. The
 * journal stays the source of truth; these files are read only by repair when the journal was lost.
 */
final class RefFiles {
    private static final System.Logger LOG = System.getLogger(RefFiles.class.getName());

    /** One ref file: the value (null when the ref was deleted) as of a journal sequence. */
    record Saved(String ref, String value, long sequence) {
    }

    private RefFiles() {
    }

    /** @return whether a ref gets a ref file (alias moves: no object or manifest records them) */
    static boolean kept(String ref) {
        return ref.contains("/aliases/");
    }

    /** Writes the ref file of a committed change; a failure is logged, the change stays committed. */
    static void write(Path root, Path tmp, JournalEntry e) {
        Path target = root.resolve("refs").resolve(e.ref());
        Path temp = tmp.resolve("ref-" + UUID.randomUUID() + ".tmp");
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(128);
            try (JsonGenerator g = JournalCodec.JSON.createGenerator(out)) {
                g.writeStartObject();
                g.writeStringField("ref", e.ref());
                g.writeStringField("value", e.newValue());
                g.writeNumberField("seq", e.sequence());
                g.writeEndObject();
            }
            out.write('\n');
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(out.toByteArray());
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            Files.createDirectories(target.getParent());
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException ex) {
            LOG.log(System.Logger.Level.WARNING, "Cannot write the ref file {0} (the change is committed in the"
                    + " journal; only a repair after losing the journal would miss it): {1}", target, ex);
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // removed with the stale temporaries
            }
        }
    }

    /** @return every readable ref file under {@code refs/}, and the names of unreadable ones in {@code bad} */
    static List<Saved> readAll(Path root, List<String> bad) throws IOException {
        Path dir = root.resolve("refs");
        List<Saved> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                if (!Files.isRegularFile(p)) {
                    continue;
                }
                String name = dir.relativize(p).toString().replace(p.getFileSystem().getSeparator(), "/");
                Saved s = read(p, name);
                if (s == null) {
                    bad.add(name);
                } else {
                    out.add(s);
                }
            }
        }
        return out;
    }

    private static Saved read(Path p, String name) {
        try {
            byte[] bytes = Files.readAllBytes(p);
            if (bytes.length > 64 << 10) {
                return null;
            }
            String ref = null;
            String value = null;
            long seq = -1;
            try (JsonParser parser = JournalCodec.JSON.createParser(bytes)) {
                if (parser.nextToken() != JsonToken.START_OBJECT) {
                    return null;
                }
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String f = parser.currentName();
                    JsonToken t = parser.nextToken();
                    switch (f) {
                        case "ref" -> ref = t == JsonToken.VALUE_STRING ? parser.getText() : null;
                        case "value" -> value = t == JsonToken.VALUE_STRING ? parser.getText() : null;
                        case "seq" -> seq = t == JsonToken.VALUE_NUMBER_INT ? parser.getLongValue() : -1;
                        default -> parser.skipChildren();
                    }
                }
            }
            if (!name.equals(ref) || seq < 1) {
                return null;
            }
            dev.lifecycle.core.internal.RefNames.checkRef(ref);
            return new Saved(ref, value, seq);
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }
}
