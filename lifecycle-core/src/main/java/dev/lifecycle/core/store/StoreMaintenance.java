package dev.lifecycle.core.store;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lifecycle.api.store.JournalEntry;
import dev.lifecycle.api.store.ObjectId;
import dev.lifecycle.api.store.StoreException;
import dev.lifecycle.core.internal.Digests;
import dev.lifecycle.core.internal.Json;
import dev.lifecycle.core.internal.RefState;
import dev.lifecycle.core.store.StoreReports.Damage;
import dev.lifecycle.core.store.StoreReports.GcReport;
import dev.lifecycle.core.store.StoreReports.RepairReport;
import dev.lifecycle.core.store.StoreReports.VerifyReport;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apiguardian.api.API;

/**
 * Checks, repairs and cleans a {@link FileStore} directory: {@link #verify} walks every ref to its
 * manifest and objects, {@link #repair} quarantines what is damaged and rebuilds what can be rebuilt,
 * {@link #gc} returns the space of objects no ref reaches. Also from the command line, see
 * {@link StoreTool}.
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public final class StoreMaintenance {
    /** How the command-line entry point is called, for messages. */
    static final String COMMAND = "java -cp <lifecycle-core and its dependencies> " + StoreTool.class.getName();
    private static final System.Logger LOG = System.getLogger(StoreMaintenance.class.getName());
    static final Pattern VERSION_REF = Pattern.compile("(datasets|models)/([A-Za-z0-9._-]+)/versions/(\\d+)");
    static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
    static final int MAX_JSON_SCAN = 64 << 20;

    private StoreMaintenance() {
    }

    /**
     * Checks a store without changing it: every journal line follows from those before it, every ref
     * that names an object reaches an intact one, every version's manifest names that version and its
     * columns or model bytes are present and intact. Works on a store that no longer opens.
     *
     * @return what was checked and every damage found, by version, ref, object or journal line
     */
    public static VerifyReport verify(Path directory) {
        Path root = directory.toAbsolutePath().normalize();
        try {
            Replay replay = replay(root);
            Walk walk = walk(root, replay.state);
            List<Damage> damages = new ArrayList<>(replay.damages);
            damages.addAll(walk.damages);
            return new VerifyReport(replay.state.size(), walk.objects, walk.bytes, damages);
        } catch (IOException e) {
            throw new StoreException("Cannot verify the file store in " + root + ": " + e, e);
        }
    }

    /**
     * Repairs a store so that it opens and every version it keeps is whole: damaged journal lines are
     * moved out (later lines that depended on them too), corrupt objects are moved out (so writing the
     * same data again heals them), refs to unusable manifests are removed, and version refs lost from
     * the journal are rebuilt from the manifests in the store. Everything removed is kept under
     * {@code quarantine/<time>/}. It takes the store to itself: it fails while any process (this one
     * included) has the store open for writing, and writers cannot open it while it runs.
     *
     * @return what was found and done
     * @throws dev.lifecycle.api.store.StoreInUseException naming the directory and the holder when the store
     *     is open for writing
     */
    public static RepairReport repair(Path directory) {
        Path root = directory.toAbsolutePath().normalize();
        try {
            Files.createDirectories(root.resolve("tmp"));
            Files.createDirectories(root.resolve("objects"));
            DirectoryLock dl = DirectoryLock.acquireExclusive(root);
            try {
                dl.mutex.lock();
                try (FileLock ignored = dl.channel.lock()) {
                    return StoreRepair.repairLocked(root);
                } finally {
                    dl.mutex.unlock();
                }
            } finally {
                dl.releaseExclusive();
            }
        } catch (IOException e) {
            throw new StoreException("Cannot repair the file store in " + root + ": " + e, e);
        }
    }

    /**
     * Deletes what no ref reaches: objects (those named by a ref, and every object named inside a
     * reachable JSON object, are kept) and leftovers of interrupted writes in {@code tmp/}. Only files
     * older than {@code grace} go, so writes in progress in other processes are safe.
     *
     * @return what was removed and how many bytes it returned
     */
    public static GcReport gc(Path directory, Duration grace) {
        Path root = directory.toAbsolutePath().normalize();
        Instant cutoff = Instant.now().minus(grace);
        try (FileStore store = FileStore.open(root)) {
            Set<String> reachable = new HashSet<>();
            ArrayDeque<String> todo = new ArrayDeque<>();
            for (String v : store.refs("").values()) {
                if (HEX64.matcher(v).matches() && reachable.add(v)) {
                    todo.add(v);
                }
            }
            Path objects = root.resolve("objects");
            while (!todo.isEmpty()) {
                Path p = FileStore.objectPath(objects, new ObjectId(todo.poll()));
                byte[] bytes = readJsonCandidate(p);
                if (bytes == null) {
                    continue;
                }
                Matcher m = HEX64.matcher(new String(bytes, StandardCharsets.ISO_8859_1));
                while (m.find()) {
                    if (reachable.add(m.group())) {
                        todo.add(m.group());
                    }
                }
            }
            int removed = 0;
            int kept = 0;
            long bytes = 0;
            for (Path p : objectFiles(objects)) {
                String hex = p.getParent().getFileName().toString() + p.getFileName();
                if (reachable.contains(hex) || !Files.getLastModifiedTime(p).toInstant().isBefore(cutoff)) {
                    kept++;
                    continue;
                }
                long size = Files.size(p);
                if (Files.deleteIfExists(p)) {
                    removed++;
                    bytes += size;
                }
            }
            Path tmp = root.resolve("tmp");
            int temps = 0;
            long before = 0;
            try (Stream<Path> s = Files.list(tmp)) {
                for (Path p : (Iterable<Path>) s::iterator) {
                    if (Files.isRegularFile(p) && Files.getLastModifiedTime(p).toInstant().isBefore(cutoff)) {
                        temps++;
                    }
                }
            }
            before = FileStore.removeStaleTemporaries(tmp, cutoff);
            return new GcReport(removed, bytes, temps, before, kept);
        } catch (IOException e) {
            throw new StoreException("Cannot collect garbage in the file store " + root + ": " + e, e);
        }
    }

    // --- journal replay that records damage instead of failing

    /** A run of consecutive good journal lines. */
    record Line(long position, long length) {
    }

    static final class Replay {
        final RefState state = new RefState();
        final List<Damage> damages = new ArrayList<>();
        final List<Line> good = new ArrayList<>();
        final List<String> bad = new ArrayList<>();
        RefState checkpointState;
        long size;
        /** Committed journal lines are gone: emptied, cut or replaced under the checkpoint, or deleted with it. */
        boolean lost;
    }

    static Replay replay(Path root) throws IOException {
        Replay r = new Replay();
        Path journalFile = root.resolve("journal");
        if (Files.exists(journalFile)) {
            try (FileChannel ch = FileChannel.open(journalFile, StandardOpenOption.READ)) {
                r.size = ch.size();
                long end;
                try {
                    end = JournalCodec.readLines(ch, 0, r.size, (bytes, off, len, pos) -> {
                        String why;
                        JournalEntry e = null;
                        try {
                            e = JournalCodec.decode(bytes, off, len, r.state.sequence());
                            why = r.state.apply(e);
                        } catch (IllegalArgumentException bad) {
                            why = bad.getMessage();
                        }
                        if (why == null) {
                            Line last = r.good.isEmpty() ? null : r.good.get(r.good.size() - 1);
                            if (last != null && last.position() + last.length() == pos) {
                                r.good.set(r.good.size() - 1, new Line(last.position(), last.length() + len + 1));
                            } else {
                                r.good.add(new Line(pos, len + 1));
                            }
                        } else {
                            r.damages.add(new Damage("journal line at byte " + pos, null, why));
                            r.bad.add("byte " + pos + ": " + why + "\n" + new String(bytes, off, len,
                                    StandardCharsets.UTF_8));
                        }
                    });
                } catch (JournalCodec.LineTooLongException e) {
                    r.damages.add(new Damage("journal from byte " + e.position, null, e.getMessage()
                            + "; the rest of the journal is unreadable"));
                    end = r.size;
                }
                if (end < r.size) {
                    LOG.log(System.Logger.Level.INFO, "The journal of {0} ends in a torn line of {1} bytes", root,
                            r.size - end);
                }
            }
        }
        RefState cp = new RefState();
        try {
            Checkpoint c = Checkpoint.read(root.resolve("checkpoint"), cp);
            if (c != null) {
                r.checkpointState = cp;
                if (r.size < c.offset()) {
                    r.lost = true;
                    r.damages.add(new Damage("journal", null, "it has " + r.size + " bytes but the checkpoint covers "
                            + c.offset() + ": it was emptied, cut or replaced"));
                } else {
                    try (FileChannel ch = FileChannel.open(journalFile, StandardOpenOption.READ)) {
                        if (!Checkpoint.sha256Of(ch, c.lastLineStart(), c.offset()).equals(c.lastLineSha256())) {
                            r.lost = true;
                            r.damages.add(new Damage("journal", null, "it does not hold the line its checkpoint was"
                                    + " written after: it was changed or replaced"));
                        }
                    }
                }
            }
        } catch (Checkpoint.Unreadable e) {
            r.damages.add(new Damage("checkpoint", null, "unreadable (" + e.getMessage() + "); it is rewritten"));
        }
        if (r.size == 0 && r.checkpointState == null && FileStore.hasObjects(root.resolve("objects"))) {
            r.lost = true;
            r.damages.add(new Damage("journal", null, "empty or missing while the store holds objects: every"
                    + " version ref is lost"));
        }
        return r;
    }

    // --- walking refs to manifests and objects

    static final class Walk {
        final List<Damage> damages = new ArrayList<>();
        final Set<String> badRefs = new HashSet<>();
        final Set<String> badObjects = new HashSet<>();
        final Map<String, Boolean> checked = new HashMap<>();
        int objects;
        long bytes;
    }

    static Walk walk(Path root, RefState state) throws IOException {
        Walk w = new Walk();
        Path objects = root.resolve("objects");
        for (Map.Entry<String, String> ref : state.all().entrySet()) {
            Matcher vm = VERSION_REF.matcher(ref.getKey());
            if (vm.matches()) {
                String kind = vm.group(1);
                String subject = (kind.equals("datasets") ? "dataset " : "model ") + vm.group(2) + "@" + vm.group(3);
                String problem = checkVersion(objects, w, kind, vm.group(2), Integer.parseInt(vm.group(3)),
                        ref.getValue(), subject);
                if (problem != null) {
                    w.badRefs.add(ref.getKey());
                }
            } else if (HEX64.matcher(ref.getValue()).matches()) {
                String problem = checkObject(objects, w, ref.getValue());
                if (problem != null) {
                    w.damages.add(new Damage("ref " + ref.getKey(), ref.getValue(), problem));
                }
            }
        }
        return w;
    }

    /** @return a problem that makes the version unusable (its ref must go), or null */
    private static String checkVersion(Path objects, Walk w, String kind, String name, int version, String value,
            String subject) throws IOException {
        if (!HEX64.matcher(value).matches()) {
            w.damages.add(new Damage(subject, null, "its ref holds '" + value + "', not an object id"));
            return "not an id";
        }
        String problem = checkObject(objects, w, value);
        if (problem != null) {
            w.damages.add(new Damage(subject, value, "its manifest " + problem));
            return problem;
        }
        JsonNode m;
        try {
            m = Json.MAPPER.readTree(Files.readAllBytes(FileStore.objectPath(objects, new ObjectId(value))));
        } catch (IOException e) {
            m = null;
        }
        if (m == null || !m.isObject()) {
            w.damages.add(new Damage(subject, value, "its manifest is not JSON"));
            return "not JSON";
        }
        if (!name.equals(m.path("name").asText(null)) || m.path("version").asInt(-1) != version) {
            w.damages.add(new Damage(subject, value, "its manifest names " + m.path("name").asText("?") + "@"
                    + m.path("version").asText("?") + " instead"));
            return "mismatch";
        }
        List<String> children = new ArrayList<>();
        if (kind.equals("datasets")) {
            m.path("columns").forEach(c -> children.add(c.asText()));
        } else {
            children.add(m.path("model").asText());
        }
        for (String child : children) {
            String p = HEX64.matcher(child).matches() ? checkObject(objects, w, child) : "is not an object id";
            if (p != null) {
                w.damages.add(new Damage(subject, child, (kind.equals("datasets") ? "a column " : "its model bytes ")
                        + p));
            }
        }
        return null;
    }

    /** @return null when the object is present and intact, else what is wrong */
    private static String checkObject(Path objects, Walk w, String hex) throws IOException {
        Boolean ok = w.checked.get(hex);
        if (ok != null) {
            return ok ? null : w.badObjects.contains(hex) ? "is corrupt" : "is missing";
        }
        Path p = FileStore.objectPath(objects, new ObjectId(hex));
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(p);
        } catch (NoSuchFileException e) {
            w.checked.put(hex, false);
            return "is missing";
        }
        w.objects++;
        w.bytes += bytes.length;
        boolean good = Digests.sha256Hex(bytes).equals(hex);
        w.checked.put(hex, good);
        if (!good) {
            w.badObjects.add(hex);
            return "is corrupt";
        }
        return null;
    }

    private static byte[] readJsonCandidate(Path p) throws IOException {
        try {
            if (Files.size(p) > MAX_JSON_SCAN) {
                return null;
            }
            byte[] bytes = Files.readAllBytes(p);
            int i = 0;
            while (i < bytes.length && Character.isWhitespace(bytes[i])) {
                i++;
            }
            return i < bytes.length && (bytes[i] == '{' || bytes[i] == '[') ? bytes : null;
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    static List<Path> objectFiles(Path objects) throws IOException {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(objects)) {
            return out;
        }
        try (Stream<Path> s = Files.walk(objects, 2)) {
            s.filter(p -> p.getNameCount() == objects.getNameCount() + 2 && Files.isRegularFile(p)).forEach(out::add);
        }
        return out;
    }

    /** @return up to 120 bytes of a line, with control and non-ASCII bytes escaped, for messages */
    static String printable(byte[] bytes, int offset, int length) {
        StringBuilder b = new StringBuilder();
        int n = Math.min(length, 120);
        for (int i = 0; i < n; i++) {
            int c = bytes[offset + i] & 0xff;
            if (c >= 0x20 && c < 0x7f) {
                b.append((char) c);
            } else {
                b.append(String.format("\\x%02x", c));
            }
        }
        return length > n ? b + "…" : b.toString();
    }

    static void print(OutputStream out, String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.UTF_8));
    }
}
