package dev.lifecycle.core.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lifecycle.api.NotFoundException;
import dev.lifecycle.api.store.CorruptObjectException;
import dev.lifecycle.api.store.JournalEntry;
import dev.lifecycle.api.store.ObjectId;
import dev.lifecycle.api.store.Store;
import dev.lifecycle.api.store.StoreException;
import dev.lifecycle.core.internal.Digests;
import dev.lifecycle.core.internal.Json;
import dev.lifecycle.core.internal.RefNames;
import dev.lifecycle.core.internal.RefState;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

/**
 * A {@link Store} in a directory: the embedded default, safe for several threads and several JVMs
 * on one directory.
 *
 * <p>Layout: {@code objects/ab/cdef…} holds each object under its SHA-256; {@code journal} is an
 * append-only file of ref changes, one JSON line each, and is the single source of truth for refs
 * (the current value of a ref is the last change to it). Crash safety:
 * <ul>
 *   <li>an object is written to {@code tmp/}, forced to disk and renamed into place atomically, so a
 *       visible object is always complete; every read verifies it against its id;</li>
 *   <li>a ref change is one line appended to the journal and forced to disk while holding both an
 *       in-process lock and an OS file lock on {@code lock}, which serialises writers across JVMs;
 *       the change is committed exactly when its line is complete. A line cut short by a crash is
 *       ignored by readers and cut off by the next writer.</li>
 * </ul>
 *
 * <p>OS file locks belong to the whole JVM, not to a channel: a second lock on the same file from the
 * same JVM throws {@link java.nio.channels.OverlappingFileLockException}, and closing any channel on the
 * file may release a lock held through another. So all instances on one directory in one JVM share a
 * single {@link DirectoryLock} (one channel on {@code lock} and one JVM-wide mutex taken before the OS
 * lock), found by the directory's real path and closed when the last instance closes.
 */
public final class FileStore implements Store {
    private static final Duration STALE_TEMP = Duration.ofHours(1);

    private final Path root;
    private final Path objects;
    private final Path tmp;
    private final Path journalFile;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final DirectoryLock directoryLock;
    private final FileChannel journal;
    private final RefState state = new RefState();
    private long journalOffset;
    private volatile boolean closed;

    private FileStore(Path root, Clock clock) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        this.objects = this.root.resolve("objects");
        this.tmp = this.root.resolve("tmp");
        this.journalFile = this.root.resolve("journal");
        this.clock = clock;
        Files.createDirectories(objects);
        Files.createDirectories(tmp);
        this.directoryLock = DirectoryLock.acquire(this.root);
        FileChannel j = null;
        try {
            j = FileChannel.open(journalFile, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            this.journal = j;
            removeStaleTemporaries();
            lock.lock();
            try {
                catchUp();
            } finally {
                lock.unlock();
            }
        } catch (IOException | RuntimeException e) {
            // a damaged journal or unusable directory: release what was opened before failing
            try {
                if (j != null) {
                    j.close();
                }
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            } finally {
                directoryLock.release();
            }
            throw e;
        }
    }

    /**
     * Opens (creating if needed) a store in a directory.
     *
     * @throws StoreException when the directory cannot be used or its journal is damaged
     */
    public static FileStore open(Path directory) {
        return open(directory, Clock.systemUTC());
    }

    /**
     * Opens (creating if needed) a store in a directory, stamping journal entries with {@code clock}.
     *
     * @throws StoreException when the directory cannot be used or its journal is damaged
     */
    public static FileStore open(Path directory, Clock clock) {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(clock, "clock");
        try {
            return new FileStore(directory, clock);
        } catch (IOException e) {
            throw new StoreException("Cannot open the file store in " + directory + ": " + e.getMessage()
                    + "; check that the directory is writable", e);
        }
    }

    /** @return the directory of this store */
    public Path directory() {
        return root;
    }

    @Override
    public ObjectId put(byte[] bytes) {
        ensureOpen();
        ObjectId id = new ObjectId(Digests.sha256Hex(bytes));
        Path target = objectPath(id);
        if (Files.exists(target)) {
            return id;
        }
        Path temp = tmp.resolve(UUID.randomUUID() + ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            Files.createDirectories(target.getParent());
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException raced) {
                Files.deleteIfExists(temp);
            }
            forceDirectory(target.getParent());
            return id;
        } catch (AtomicMoveNotSupportedException e) {
            throw new StoreException("The file system of " + root + " cannot rename atomically; "
                    + "a file store needs a local POSIX file system", e);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // the stale temporary is removed at a later open
            }
            throw new StoreException("Cannot write object " + id + " to " + root + ": " + e.getMessage(), e);
        }
    }

    @Override
    public byte[] get(ObjectId id) {
        ensureOpen();
        Path path = objectPath(id);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new NotFoundException("No object " + id + " in the file store " + root);
        } catch (IOException e) {
            throw new StoreException("Cannot read object " + id + " at " + path + ": " + e.getMessage(), e);
        }
        String actual = Digests.sha256Hex(bytes);
        if (!actual.equals(id.hex())) {
            throw new CorruptObjectException(id, "Object " + id + " at " + path + " is corrupt: its bytes hash to "
                    + actual + ". The file was changed outside Lifecycle; restore it from a backup");
        }
        return bytes;
    }

    @Override
    public boolean contains(ObjectId id) {
        ensureOpen();
        return Files.exists(objectPath(id));
    }

    @Override
    public Optional<String> ref(String name) {
        RefNames.checkRef(name);
        return Optional.ofNullable(read(() -> state.get(name)));
    }

    @Override
    public Map<String, String> refs(String prefix) {
        return read(() -> state.refs(prefix));
    }

    @Override
    public List<JournalEntry> journal(String prefix) {
        return read(() -> state.journal(prefix));
    }

    @Override
    public boolean compareAndSet(String name, String expected, String newValue, String actor, String reason) {
        RefNames.checkRef(name);
        ensureOpen();
        lock.lock();
        directoryLock.mutex.lock();
        try (FileLock ignored = directoryLock.channel.lock()) {
            truncateTornTail();
            catchUp();
            if (!state.matches(name, expected)) {
                return false;
            }
            JournalEntry entry = new JournalEntry(name, expected, newValue, actor, reason, clock.instant());
            byte[] line = encode(entry);
            ByteBuffer buf = ByteBuffer.wrap(line);
            long pos = journalOffset;
            while (buf.hasRemaining()) {
                pos += journal.write(buf, pos);
            }
            journal.force(false);
            journalOffset = pos;
            state.apply(entry);
            return true;
        } catch (IOException e) {
            throw new StoreException("Cannot change ref '" + name + "' in " + root + ": " + e.getMessage(), e);
        } finally {
            directoryLock.mutex.unlock();
            lock.unlock();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            try {
                journal.close();
            } finally {
                directoryLock.release();
            }
        } catch (IOException e) {
            throw new StoreException("Cannot close the file store " + root + ": " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "FileStore[" + root + "]";
    }

    private interface Read<T> {
        T get();
    }

    private <T> T read(Read<T> query) {
        ensureOpen();
        lock.lock();
        try {
            catchUp();
            return query.get();
        } catch (IOException e) {
            throw new StoreException("Cannot read the journal of " + root + ": " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    /** Applies every complete journal line written since the last look, by this or another JVM. */
    private void catchUp() throws IOException {
        long size = journal.size();
        if (size <= journalOffset) {
            return;
        }
        ByteBuffer buf = ByteBuffer.allocate((int) Math.min(Integer.MAX_VALUE - 8, size - journalOffset));
        long pos = journalOffset;
        while (buf.hasRemaining()) {
            int n = journal.read(buf, pos);
            if (n < 0) {
                break;
            }
            pos += n;
        }
        byte[] bytes = buf.array();
        int limit = buf.position();
        int start = 0;
        for (int i = 0; i < limit; i++) {
            if (bytes[i] == '\n') {
                state.apply(decode(bytes, start, i - start, journalOffset + start));
                start = i + 1;
            }
        }
        journalOffset += start;
    }

    /** Cuts off a line that a crashed writer left incomplete; called with the file lock held. */
    private void truncateTornTail() throws IOException {
        catchUp();
        if (journal.size() > journalOffset) {
            journal.truncate(journalOffset);
            journal.force(false);
        }
    }

    private static byte[] encode(JournalEntry e) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("ref", e.ref());
        node.put("old", e.oldValue());
        node.put("new", e.newValue());
        node.put("actor", e.actor());
        node.put("reason", e.reason());
        node.put("time", e.time().toString());
        byte[] json = Json.write(node);
        byte[] line = new byte[json.length + 1];
        System.arraycopy(json, 0, line, 0, json.length);
        line[json.length] = '\n';
        return line;
    }

    private JournalEntry decode(byte[] bytes, int offset, int length, long filePosition) {
        try {
            JsonNode n = Json.MAPPER.readTree(bytes, offset, length);
            return new JournalEntry(n.get("ref").asText(), text(n, "old"), text(n, "new"), text(n, "actor"),
                    text(n, "reason"), Instant.parse(n.get("time").asText()));
        } catch (IOException | RuntimeException e) {
            throw new StoreException("The journal of " + root + " is damaged at byte " + filePosition + ": "
                    + new String(bytes, offset, Math.min(length, 120), StandardCharsets.UTF_8)
                    + ". Restore the store from a backup", e);
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private Path objectPath(ObjectId id) {
        return objects.resolve(id.hex().substring(0, 2)).resolve(id.hex().substring(2));
    }

    private void removeStaleTemporaries() throws IOException {
        Instant cutoff = Instant.now().minus(STALE_TEMP);
        try (Stream<Path> files = Files.list(tmp)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                try {
                    if (Files.getLastModifiedTime(p).toInstant().isBefore(cutoff)) {
                        Files.deleteIfExists(p);
                    }
                } catch (NoSuchFileException renamedMeanwhile) {
                    // a writer in another instance or JVM finished this object and renamed it into place
                }
            }
        }
    }

    private static void forceDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // some platforms cannot open directories; the rename is still atomic there
        }
    }

    /**
     * The lock of one store directory, shared by every {@code FileStore} on it in this JVM: a mutex that
     * serialises this JVM's writers, and the one channel on {@code lock} through which they take the OS
     * lock that serialises JVMs.
     */
    private static final class DirectoryLock {
        private static final Map<Path, DirectoryLock> OPEN = new HashMap<>();

        private final Path key;
        private final FileChannel channel;
        private final ReentrantLock mutex = new ReentrantLock();
        private int users; // guarded by OPEN

        private DirectoryLock(Path key, FileChannel channel) {
            this.key = key;
            this.channel = channel;
        }

        /** @return the lock of the directory (which must exist), shared with other instances on it */
        static DirectoryLock acquire(Path directory) throws IOException {
            Path key = directory.toRealPath();
            synchronized (OPEN) {
                DirectoryLock l = OPEN.get(key);
                if (l == null) {
                    l = new DirectoryLock(key, FileChannel.open(key.resolve("lock"), StandardOpenOption.CREATE,
                            StandardOpenOption.WRITE));
                    OPEN.put(key, l);
                }
                l.users++;
                return l;
            }
        }

        /** Gives up one use; the last user closes the channel. */
        void release() throws IOException {
            synchronized (OPEN) {
                if (--users == 0) {
                    OPEN.remove(key);
                    channel.close();
                }
            }
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("The file store " + root + " is closed");
        }
    }
}
