package dev.lifecycle.core.store;

import dev.lifecycle.api.NotFoundException;
import dev.lifecycle.api.store.CorruptObjectException;
import dev.lifecycle.api.store.JournalEntry;
import dev.lifecycle.api.store.ObjectId;
import dev.lifecycle.api.store.ReadOnlyStoreException;
import dev.lifecycle.api.store.Store;
import dev.lifecycle.api.store.StoreDamagedException;
import dev.lifecycle.api.store.StoreException;
import dev.lifecycle.core.internal.Digests;
import dev.lifecycle.core.internal.RefNames;
import dev.lifecycle.core.internal.RefState;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.apiguardian.api.API;

/**
 * A {@link Store} in a directory: the embedded default, safe for several threads and several JVMs
 * on one directory, and readable by read-only instances beside the writers.
 *
 * <p>Layout: {@code objects/ab/cdef…} holds each object under its SHA-256; {@code journal} is an
 * append-only file of ref changes, one JSON line each with a strictly increasing sequence number, and
 * is the source of truth for refs; {@code checkpoint} holds the refs as of a journal position, so
 * opening reads the checkpoint and only the journal after it (time and memory follow the live refs,
 * not the history). History queries ({@link #journal}) stream the journal from disk. Crash safety:
 * <ul>
 *   <li>an object is written to {@code tmp/}, forced to disk and renamed into place atomically, so a
 *       visible object is always complete; every read verifies it against its id, and {@link #put}
 *       replaces a damaged copy;</li>
 *   <li>a ref change is one line appended to the journal and forced to disk while holding both an
 *       in-process lock and an OS file lock on {@code lock}, which serialises writers across JVMs;
 *       the change is committed exactly when its line is complete. A line cut short by a crash is
 *       ignored by readers and cut off by the next writer;</li>
 *   <li>alias refs are also written to {@code refs/<name>} after their journal line (like git's loose
 *       refs), so {@link StoreMaintenance#repair} can bring alias moves back when the journal is lost;</li>
 *   <li>replay checks that every line follows from those before it (its old value is the ref's value,
 *       its sequence is later) and refuses a journal that was emptied or cut under its checkpoint while
 *       objects exist, with a {@link StoreDamagedException} that points to {@link StoreMaintenance#repair}.</li>
 * </ul>
 *
 * <p>OS file locks belong to the whole JVM, not to a channel: all instances in one JVM on one lock
 * file (found by its file identity, so also through bind mounts or links) share one channel and one
 * JVM-wide mutex taken before the OS lock.
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public final class FileStore implements Store {
    private static final System.Logger LOG = System.getLogger(FileStore.class.getName());
    private static final Duration STALE_TEMP = Duration.ofHours(1);
    /** Journal bytes after the checkpoint that trigger a new one (or the checkpoint's size, if larger). */
    static final long CHECKPOINT_AFTER_BYTES = 4L << 20;

    private final Path root;
    private final Path objects;
    private final Path tmp;
    private final Path journalFile;
    private final Path checkpointFile;
    private final Clock clock;
    private final boolean readOnly;
    private final ReentrantLock lock = new ReentrantLock();
    private final DirectoryLock directoryLock;
    private final FileChannel journal;
    private final RefState state = new RefState();
    private long journalOffset;
    private long lastLineStart;
    private Checkpoint checkpoint;
    private volatile boolean closed;

    private FileStore(Path root, Clock clock, boolean readOnly) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        this.objects = this.root.resolve("objects");
        this.tmp = this.root.resolve("tmp");
        this.journalFile = this.root.resolve("journal");
        this.checkpointFile = this.root.resolve("checkpoint");
        this.clock = clock;
        this.readOnly = readOnly;
        if (readOnly) {
            if (!Files.isDirectory(this.root) || !Files.exists(journalFile)) {
                throw new NoSuchFileException(journalFile.toString(), null, "no store to open read-only");
            }
            this.directoryLock = null;
        } else {
            Files.createDirectories(objects);
            Files.createDirectories(tmp);
            this.directoryLock = DirectoryLock.acquireWriter(this.root);
        }
        FileChannel j = null;
        try {
            boolean journalExisted = Files.exists(journalFile);
            j = readOnly ? FileChannel.open(journalFile, StandardOpenOption.READ)
                    : FileChannel.open(journalFile, StandardOpenOption.CREATE, StandardOpenOption.READ,
                            StandardOpenOption.WRITE);
            this.journal = j;
            if (!readOnly) {
                removeStaleTemporaries(tmp, Instant.now().minus(STALE_TEMP));
            }
            lock.lock();
            try {
                boolean hadCheckpoint = loadCheckpoint(journalExisted);
                catchUp();
                if (!readOnly && (!hadCheckpoint || journalOffset - checkpoint.offset() >= checkpointThreshold())) {
                    // a new store gets its checkpoint before its first object, so an emptied journal is
                    // always told from a new store; a legacy journal replayed whole is not replayed again
                    checkpointUnderFileLock();
                }
            } finally {
                lock.unlock();
            }
        } catch (IOException | RuntimeException e) {
            try {
                if (j != null) {
                    j.close();
                }
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            } finally {
                if (directoryLock != null) {
                    directoryLock.releaseWriter();
                }
            }
            throw e;
        }
    }

    /**
     * Opens (creating if needed) a store in a directory.
     *
     * @throws StoreDamagedException when its journal is damaged (see {@link StoreMaintenance#repair})
     * @throws StoreException when the directory cannot be used
     */
    public static FileStore open(Path directory) {
        return open(directory, Clock.systemUTC());
    }

    /**
     * Opens (creating if needed) a store in a directory, stamping journal entries with {@code clock}.
     *
     * @throws StoreDamagedException when its journal is damaged (see {@link StoreMaintenance#repair})
     * @throws StoreException when the directory cannot be used
     */
    public static FileStore open(Path directory, Clock clock) {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(clock, "clock");
        try {
            return new FileStore(directory, clock, false);
        } catch (IOException e) {
            throw new StoreException("Cannot open the file store in " + directory + ": " + e
                    + "; check that the directory is writable", e);
        }
    }

    /**
     * Opens an existing store for reading only, e.g. for a report job beside the service that writes
     * it: it takes no lock, sees what writers commit, and refuses {@link #put} and {@link #compareAndSet}
     * with {@link ReadOnlyStoreException}.
     *
     * @throws StoreException when there is no store in the directory or it cannot be read
     */
    public static FileStore openReadOnly(Path directory) {
        Objects.requireNonNull(directory, "directory");
        try {
            return new FileStore(directory, Clock.systemUTC(), true);
        } catch (IOException e) {
            throw new StoreException("Cannot open the file store in " + directory + " read-only: " + e, e);
        }
    }

    /** @return the directory of this store */
    public Path directory() {
        return root;
    }

    /** @return whether this instance was opened read-only */
    public boolean readOnly() {
        return readOnly;
    }

    @Override
    public ObjectId put(byte[] bytes) {
        ensureWritable("put an object");
        ObjectId id = new ObjectId(Digests.sha256Hex(bytes));
        Path target = objectPath(id);
        if (Files.exists(target) && intact(target, id, bytes.length)) {
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
            // replaces a damaged copy; an intact copy written meanwhile has the same bytes
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            forceDirectory(target.getParent());
            return id;
        } catch (AtomicMoveNotSupportedException e) {
            throw new StoreException("The file system of " + root + " cannot rename atomically; "
                    + "a file store needs a local POSIX file system", e);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // the stale temporary is removed at a later open or by gc
            }
            throw new StoreException("Cannot write object " + id + " to " + root + ": " + e, e);
        }
    }

    private static boolean intact(Path file, ObjectId id, long size) {
        try {
            return Files.size(file) == size && Digests.sha256Hex(Files.readAllBytes(file)).equals(id.hex());
        } catch (IOException e) {
            return false;
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
            throw new StoreException("Cannot read object " + id + " at " + path + ": " + e, e);
        }
        String actual = Digests.sha256Hex(bytes);
        if (!actual.equals(id.hex())) {
            throw new CorruptObjectException(id, "Object " + id + " at " + path + " is corrupt: its bytes hash to "
                    + actual + ". The file was changed outside Lifecycle; write the same data again to heal it,"
                    + " or run repair and restore it from a backup");
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

    /** Streams the journal from disk: the history is never held in memory beyond the answer. */
    @Override
    public List<JournalEntry> journal(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        long end = read(() -> journalOffset);
        byte[] prefixBytes = prefix.getBytes(StandardCharsets.UTF_8);
        List<JournalEntry> out = new ArrayList<>();
        long[] previous = {0};
        try {
            JournalCodec.readLines(journal, 0, end, (bytes, off, len, pos) -> {
                if (JournalCodec.certainlyOutside(bytes, off, len, prefixBytes)) {
                    previous[0]++;
                    return;
                }
                JournalEntry e;
                try {
                    e = JournalCodec.decode(bytes, off, len, previous[0]);
                } catch (IllegalArgumentException bad) {
                    throw damaged(pos, bytes, off, len, bad.getMessage());
                }
                previous[0] = e.sequence();
                if (e.ref().startsWith(prefix)) {
                    out.add(e);
                }
            });
        } catch (IOException e) {
            throw new StoreException("Cannot read the journal of " + root + ": " + e, e);
        }
        return List.copyOf(out);
    }

    @Override
    public boolean compareAndSet(String name, String expected, String newValue, String actor, String reason) {
        RefNames.checkRef(name);
        RefNames.checkWriteOnce(name, expected, newValue);
        ensureWritable("change ref '" + name + "'");
        lock.lock();
        directoryLock.mutex.lock();
        try (FileLock ignored = directoryLock.channel.lock()) {
            truncateTornTail();
            catchUp();
            if (!state.matches(name, expected)) {
                return false;
            }
            JournalEntry entry = new JournalEntry(name, expected, newValue, actor, reason, clock.instant(),
                    state.sequence() + 1);
            byte[] line = JournalCodec.encode(entry);
            ByteBuffer buf = ByteBuffer.wrap(line);
            long pos = journalOffset;
            while (buf.hasRemaining()) {
                pos += journal.write(buf, pos);
            }
            journal.force(false);
            lastLineStart = journalOffset;
            journalOffset = pos;
            state.apply(entry);
            if (RefFiles.kept(name)) {
                RefFiles.write(root, tmp, entry);
            }
            if (checkpoint.offset() == 0 || journalOffset - checkpoint.offset() >= checkpointThreshold()) {
                // also at the first change: from then on an emptied journal is told from a new store
                writeCheckpointLocked();
            }
            return true;
        } catch (OverlappingFileLockException e) {
            throw new StoreException("Another part of this JVM holds the lock of " + root + " through a different"
                    + " path; open the store once and share the instance", e);
        } catch (IOException e) {
            throw new StoreException("Cannot change ref '" + name + "' in " + root + ": " + e, e);
        } finally {
            directoryLock.mutex.unlock();
            lock.unlock();
        }
    }

    /** Writes a checkpoint now (also done automatically as the journal grows). */
    public void checkpoint() {
        ensureWritable("write a checkpoint");
        lock.lock();
        try {
            checkpointUnderFileLock();
        } catch (IOException e) {
            throw new StoreException("Cannot write the checkpoint of " + root + ": " + e, e);
        } finally {
            lock.unlock();
        }
    }

    private void checkpointUnderFileLock() throws IOException {
        directoryLock.mutex.lock();
        try (FileLock ignored = directoryLock.channel.lock()) {
            catchUp();
            writeCheckpointLocked();
        } finally {
            directoryLock.mutex.unlock();
        }
    }

    /** Idempotent; releases the lock even when closing the journal fails. */
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
                if (directoryLock != null) {
                    directoryLock.releaseWriter();
                }
            }
        } catch (IOException e) {
            throw new StoreException("Cannot close the file store " + root + ": " + e, e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "FileStore[" + root + (readOnly ? ", read-only]" : "]");
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
            throw new StoreException("Cannot read the journal of " + root + ": " + e, e);
        } finally {
            lock.unlock();
        }
    }

    private long checkpointThreshold() {
        return Math.max(CHECKPOINT_AFTER_BYTES, checkpoint.bytes());
    }

    /** @return whether a readable checkpoint was found */
    private boolean loadCheckpoint(boolean journalExisted) throws IOException {
        long size = journal.size();
        Checkpoint c = null;
        try {
            c = Checkpoint.read(checkpointFile, state);
        } catch (Checkpoint.Unreadable e) {
            LOG.log(System.Logger.Level.WARNING, "Ignoring the checkpoint of {0}: {1}; replaying the whole journal",
                    root, e.getMessage());
            state.clear();
        }
        if (c != null) {
            if (size < c.offset()) {
                throw new StoreDamagedException("The journal of " + root + " has " + size + " bytes but its checkpoint"
                        + " covers " + c.offset() + ": the journal was emptied, cut or replaced. Restore it from a"
                        + " backup, or run repair (" + StoreMaintenance.COMMAND + " repair " + root + ") to rebuild"
                        + " the refs from the checkpoint and the version manifests");
            }
            String sha = Checkpoint.sha256Of(journal, c.lastLineStart(), c.offset());
            if (!sha.equals(c.lastLineSha256())) {
                throw new StoreDamagedException("The journal of " + root + " does not hold at byte "
                        + c.lastLineStart() + " the line its checkpoint was written after: the journal was"
                        + " changed or replaced. Restore it from a backup, or run repair (" + StoreMaintenance.COMMAND
                        + " repair " + root + ")");
            }
            checkpoint = c;
            journalOffset = c.offset();
            lastLineStart = c.lastLineStart();
            return true;
        }
        checkpoint = new Checkpoint(0, 0, 0, "", 0);
        if (size == 0 && hasObjects(objects)) {
            // a store gets its checkpoint when it is created, before any object: objects without journal
            // and checkpoint mean both were deleted or emptied (or a store of an older version died before
            // its first ref); opening it empty would hand out version 1 again
            throw new StoreDamagedException("The journal of " + root + " is " + (journalExisted ? "empty" : "missing")
                    + " and its checkpoint is " + (Files.exists(checkpointFile) ? "unreadable" : "missing")
                    + ", but the store holds objects: its refs (versions, aliases) were deleted. Opening it empty"
                    + " would reuse version numbers, so it is refused. Restore the journal and checkpoint from a"
                    + " backup, or rebuild the refs from the version manifests with repair: "
                    + StoreMaintenance.COMMAND + " repair " + root + " (or StoreMaintenance.repair(Path.of(\""
                    + root + "\"))) while no process has the store open");
        }
        return false;
    }

    /** Applies every complete journal line written since the last look, by this or another JVM. */
    private void catchUp() throws IOException {
        long size = journal.size();
        if (size <= journalOffset) {
            return;
        }
        try {
            journalOffset = JournalCodec.readLines(journal, journalOffset, size, (bytes, off, len, pos) -> {
                JournalEntry e;
                try {
                    e = JournalCodec.decodeForReplay(bytes, off, len, state.sequence());
                } catch (IllegalArgumentException bad) {
                    throw damaged(pos, bytes, off, len, bad.getMessage());
                }
                String why = state.apply(e);
                if (why != null) {
                    throw damaged(pos, bytes, off, len, why);
                }
                lastLineStart = pos;
            });
        } catch (JournalCodec.LineTooLongException e) {
            throw new StoreDamagedException("The journal of " + root + " is damaged: " + e.getMessage()
                    + ". Run repair (" + StoreMaintenance.COMMAND + " repair " + root + ") or restore a backup", e);
        }
    }

    private StoreDamagedException damaged(long pos, byte[] bytes, int off, int len, String why) {
        return new StoreDamagedException("The journal of " + root + " is damaged at byte " + pos + " ("
                + why + "): " + StoreMaintenance.printable(bytes, off, len) + ". Run repair ("
                + StoreMaintenance.COMMAND + " repair " + root + ") to quarantine the line, or restore a backup");
    }

    /** Cuts off a line that a crashed writer left incomplete; called with the file lock held. */
    private void truncateTornTail() throws IOException {
        catchUp();
        if (journal.size() > journalOffset) {
            journal.truncate(journalOffset);
            journal.force(false);
        }
    }

    private void writeCheckpointLocked() throws IOException {
        String sha = Checkpoint.sha256Of(journal, lastLineStart, journalOffset);
        checkpoint = Checkpoint.write(checkpointFile, tmp, state, journalOffset, lastLineStart, sha);
        forceDirectory(root);
    }

    Path objectPath(ObjectId id) {
        return objectPath(objects, id);
    }

    static Path objectPath(Path objects, ObjectId id) {
        return objects.resolve(id.hex().substring(0, 2)).resolve(id.hex().substring(2));
    }

    static boolean hasObjects(Path objects) throws IOException {
        if (!Files.isDirectory(objects)) {
            return false;
        }
        try (Stream<Path> dirs = Files.list(objects)) {
            for (Path d : (Iterable<Path>) dirs::iterator) {
                if (Files.isDirectory(d)) {
                    try (Stream<Path> files = Files.list(d)) {
                        if (files.findAny().isPresent()) {
                            return true;
                        }
                    }
                }
            }
        }
        return false;
    }

    /**
     * Removes regular files in {@code tmp} last modified before {@code cutoff}; anything else there (a
     * directory someone made) is left alone and does not stop the store.
     *
     * @return the bytes returned
     */
    static long removeStaleTemporaries(Path tmp, Instant cutoff) throws IOException {
        long freed = 0;
        try (Stream<Path> files = Files.list(tmp)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                try {
                    if (Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                            && Files.getLastModifiedTime(p).toInstant().isBefore(cutoff)) {
                        long size = Files.size(p);
                        if (Files.deleteIfExists(p)) {
                            freed += size;
                        }
                    }
                } catch (NoSuchFileException renamedMeanwhile) {
                    // a writer in another instance or JVM finished this object and renamed it into place
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.WARNING, "Cannot remove the stale temporary {0}: {1}", p, e);
                }
            }
        }
        return freed;
    }

    static void forceDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // some platforms cannot open directories; the rename is still atomic there
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("The file store " + root + " is closed");
        }
    }

    private void ensureWritable(String what) {
        ensureOpen();
        if (readOnly) {
            throw new ReadOnlyStoreException("Cannot " + what + ": the file store " + root + " was opened read-only");
        }
    }
}
