package dev.lifecycle.core.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The lock of one store directory, shared by every {@code FileStore} on it in this JVM: a mutex that
 * serialises this JVM's writers, and the one channel on {@code lock} through which they take the OS
 * lock that serialises JVMs. Found by the lock file's identity (device and inode where the platform
 * gives them), so two paths to one directory (bind mounts, symbolic links) share it.
 */
final class DirectoryLock {
    private static final Map<Object, DirectoryLock> OPEN = new HashMap<>();

    private final Object key;
    final FileChannel channel;
    final ReentrantLock mutex = new ReentrantLock();
    private int users; // guarded by OPEN

    private DirectoryLock(Object key, FileChannel channel) {
        this.key = key;
        this.channel = channel;
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
                l = new DirectoryLock(key, FileChannel.open(file, StandardOpenOption.WRITE));
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
