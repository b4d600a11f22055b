package dev.lifecycle.core.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An input stream over the bytes {@code [from, end)} of a file, whose end can be moved on to the end of
 * the file later ({@link #extendToEnd()}); this lets a reader of the first half of a file that was
 * split between two threads read on into the second half. Not thread-safe.
 */
public final class FileRange extends InputStream {
    private static volatile long minSplitBytes =
            Runtime.getRuntime().availableProcessors() > 1 ? 8L << 20 : Long.MAX_VALUE;

    private final FileChannel channel;
    private final long size;
    private long position;
    private long end;

    private FileRange(FileChannel channel, long from, long end) throws IOException {
        this.channel = channel;
        this.size = channel.size();
        this.position = from;
        this.end = Math.min(end, size);
    }

    /** @return a stream over {@code [from, to)} of the file (to is capped at the file size) */
    public static FileRange open(Path file, long from, long to) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        try {
            return new FileRange(ch, from, to);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /**
     * @return a stream over the file up to just after the first {@code '\n'} at or after its middle
     *     (the whole file when there is none)
     */
    public static FileRange firstHalf(Path file) throws IOException {
        FileRange r = open(file, 0, Long.MAX_VALUE);
        try {
            r.end = r.splitPoint();
            return r;
        } catch (IOException | RuntimeException e) {
            r.close();
            throw e;
        }
    }

    /**
     * @return the smallest file worth reading in two halves: 8 MB when there is more than one processor,
     *     otherwise never
     */
    public static long minSplitBytes() {
        return minSplitBytes;
    }

    /** Test hook: sets {@link #minSplitBytes()}; @return the previous value */
    public static long minSplitBytes(long bytes) {
        long before = minSplitBytes;
        minSplitBytes = bytes;
        return before;
    }

    private long splitPoint() throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(1 << 16);
        long at = size / 2;
        while (at < size) {
            buf.clear();
            int n = channel.read(buf, at);
            if (n <= 0) {
                break;
            }
            byte[] b = buf.array();
            for (int i = 0; i < n; i++) {
                if (b[i] == '\n') {
                    return at + i + 1;
                }
            }
            at += n;
        }
        return size;
    }

    /** @return the file size */
    public long size() {
        return size;
    }

    /** @return where this range ends now */
    public long end() {
        return end;
    }

    /** Moves the end of this range to the end of the file. @return whether it moved */
    public boolean extendToEnd() {
        if (end == size) {
            return false;
        }
        end = size;
        return true;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        long left = end - position;
        if (left <= 0) {
            return -1;
        }
        int n = channel.read(ByteBuffer.wrap(b, off, (int) Math.min(len, left)), position);
        if (n < 0) {
            return -1;
        }
        position += n;
        return n;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
