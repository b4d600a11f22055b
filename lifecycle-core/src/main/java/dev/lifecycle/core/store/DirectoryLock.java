package dev.lifecycle.core.store;

import dev.lifecycle.api.store.StoreInUseException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The lock of one store directory, shared by every {@code FileStore} on it in this JVM: a mutex that
 * serialises this JVM's writers, and the one channel on {@code lock} through which they take the OS
 * lock that serialises JVMs. Found by the lock file's identity (device and inode where the platform
 * gives them), so two paths to one directory (bind mounts, symbolic links) share it.
 *
 * <p>Writers also hold a shared OS lock on {@code writers.lock} for as long as one is open in this
 * JVM; an operation that needs the store to itself (repair) takes it exclusively, so it fails while
 * any process writes the store, and a writer fails to open while it runs. The file names the process
 * that last opened the store for writing, for messages.
 */
final class DirectoryLock {
    private static final Map<Object, DirectoryLock> OPEN = new HashMap<>();

    private final Object key;
    private final Path directory;
    final FileChannel channel;
    final ReentrantLock mutex = new ReentrantLock();
    private final FileChannel presence;
    private FileLock presenceLock; // guarded by OPEN
    private int users; // guarded by OPEN
    private int writers; // guarded by OPEN
    private boolean exclusive; // guarded by OPEN

    private DirectoryLock(Object key, Path directory, FileChannel channel, FileChannel presence) {
        this.key = key;
        this.directory = directory;
        this.channel = channel;
        this.presence = presence;
    }

    /** @return the lock of the directory (which must exist), shared with other instances on it */
    static DirectoryLock acquire(Path directory) throws IOException {
        Path file = directory.toRealPath().resolve("lock");
        synchronized (OPEN) {
            // no channel is opened (and closed) before the lookup: closing any channel on the file
            // would release an OS lock this JVM holds on it through the shared one
            try {
                Files.createFile(file);
            } catch (java.nio.file.FileAlreadyExistsException exists) {
                // the usual case
            }
            Object fileKey = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
            Object key = fileKey != null ? fileKey : file;
            DirectoryLock l = OPEN.get(key);
            if (l == null) {
                FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE);
                FileChannel presence;
                try {
                    presence = FileChannel.open(file.resolveSibling("writers.lock"), StandardOpenOption.CREATE,
                            StandardOpenOption.READ, StandardOpenOption.WRITE);
                } catch (IOException e) {
                    ch.close();
                    throw e;
                }
                l = new DirectoryLock(key, directory, ch, presence);
                OPEN.put(key, l);
            }
            l.users++;
            return l;
        }
    }

    /**
     * @return the lock, also marking the directory as open for writing by this JVM
     * @throws StoreInUseException when a repair holds the directory
     */
    static DirectoryLock acquireWriter(Path directory) throws IOException {
        DirectoryLock l = acquire(directory);
        synchronized (OPEN) {
            try {
                if (l.exclusive) {
                    throw new StoreInUseException("The file store " + directory + " is being repaired in this JVM;"
                            + " open it after the repair returns");
                }
                if (l.writers == 0) {
                    FileLock shared = l.presence.tryLock(0, Long.MAX_VALUE, true);
                    if (shared == null) {
                        throw new StoreInUseException("The file store " + directory + " is being repaired by another"
                                + " process (" + l.holder() + "); open it after the repair ends");
                    }
                    l.presenceLock = shared;
                    l.writeHolder();
                }
                l.writers++;
            } catch (IOException | RuntimeException e) {
                l.release();
                throw e;
            }
        }
        return l;
    }

    /**
     * @return the lock, held exclusively until {@link #releaseExclusive}
     * @throws StoreInUseException naming the directory and the holder when a process has it open for writing
     */
    static DirectoryLock acquireExclusive(Path directory) throws IOException {
        DirectoryLock l = acquire(directory);
        synchronized (OPEN) {
            try {
                if (l.writers > 0 || l.exclusive) {
                    throw new StoreInUseException("The file store " + directory + " is open for writing in this JVM ("
                            + (l.exclusive ? "another repair" : l.writers + " open instance(s), e.g. a Lifecycle")
                            + "); close it first (Lifecycle.close / FileStore.close), then run repair again");
                }
                FileLock lock;
                try {
                    lock = l.presence.tryLock(0, Long.MAX_VALUE, false);
                } catch (OverlappingFileLockException e) {
                    lock = null;
                }
                if (lock == null) {
                    throw new StoreInUseException("The file store " + directory + " is open for writing by another"
                            + " process (" + l.holder() + "); stop it or close its Lifecycle, then run repair again");
                }
                l.presenceLock = lock;
                l.exclusive = true;
            } catch (IOException | RuntimeException e) {
                l.release();
                throw e;
            }
        }
        return l;
    }

    private String holder() {
        try {
            ByteBuffer buf = ByteBuffer.allocate(512);
            int n = presence.read(buf, 0);
            String text = n <= 0 ? "" : new String(buf.array(), 0, n, StandardCharsets.UTF_8).strip();
            return text.isEmpty() ? "holder unknown; see " + directory.resolve("writers.lock")
                    : "last opened for writing by " + text;
        } catch (IOException e) {
            return "holder unknown: " + e.getMessage();
        }
    }

    private void writeHolder() {
        String text = "pid " + ProcessHandle.current().pid() + " of user " + System.getProperty("user.name", "?")
                + " at " + Instant.now() + "\n";
        try {
            presence.truncate(0);
            presence.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), 0);
        } catch (IOException e) {
            // only for messages
        }
    }

    /** Gives up one writer use and the use itself. */
    void releaseWriter() throws IOException {
        synchronized (OPEN) {
            try {
                if (--writers == 0 && presenceLock != null) {
                    presenceLock.release();
                    presenceLock = null;
                }
            } finally {
                release();
            }
        }
    }

    /** Gives up the exclusive hold and the use itself. */
    void releaseExclusive() throws IOException {
        synchronized (OPEN) {
            try {
                exclusive = false;
                if (presenceLock != null) {
                    presenceLock.release();
                    presenceLock = null;
                }
            } finally {
                release();
            }
        }
    }

    /** Gives up one use; the last user closes the channels. */
    void release() throws IOException {
        synchronized (OPEN) {
            if (--users == 0) {
                OPEN.remove(key);
                try {
                    channel.close();
                } finally {
                    presence.close();
                }
            }
        }
    }
}
