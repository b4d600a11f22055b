package dev.lifecycle.core.internal;

import dev.lifecycle.api.model.MetricPoint;
import dev.lifecycle.api.store.ObjectId;
import dev.lifecycle.api.store.StoreFormatException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The binary form of a metric segment: the points logged between two flushes, column by column per
 * metric, plus the id of the previous segment (segments of a run form a chain, newest first).
 *
 * <pre>
 * "LCM1" | prev: u8 length (0 or 64) + ASCII hex | keys: int | per key: u16 length + UTF-8 name,
 * n: int, steps: long[n], values: double[n], times: long[n]      (little-endian)
 * </pre>
 */
public final class MetricSegments {
    /** "LCM" and the format version as an ASCII digit, little-endian. */
    private static final int MAGIC = 0x314d434c;
    /** The format version of the segments written. */
    private static final int FORMAT_VERSION = 1;

    private MetricSegments() {
    }

    /** One metric's points in a segment, as parallel arrays of which the first {@code size} are used. */
    public static final class Series {
        final byte[] key;
        /** The metric name. */
        public final String name;
        long[] steps = new long[256];
        double[] values = new double[256];
        long[] times = new long[256];
        int size;
        /** The next automatic step. */
        public long nextStep;

        /** @param name the metric name */
        public Series(String name) {
            this.name = name;
            this.key = name.getBytes(StandardCharsets.UTF_8);
        }

        /** Appends a point. */
        public void add(long step, double value, long time) {
            if (size == steps.length) {
                int n = size * 2;
                steps = java.util.Arrays.copyOf(steps, n);
                values = java.util.Arrays.copyOf(values, n);
                times = java.util.Arrays.copyOf(times, n);
            }
            steps[size] = step;
            values[size] = value;
            times[size] = time;
            size++;
            if (step >= nextStep) {
                nextStep = step + 1;
            }
        }

        /** @return the number of buffered points */
        public int size() {
            return size;
        }

        /** @return the last buffered value */
        public double last() {
            return values[size - 1];
        }

        /** Forgets the buffered points (keeps the step counter). */
        public void clear() {
            size = 0;
        }
    }

    /** @return the bytes of a segment holding the buffered points of the given series */
    public static byte[] encode(ObjectId previous, List<Series> series) {
        int bytes = 4 + 1 + (previous == null ? 0 : 64) + 4;
        for (Series s : series) {
            bytes += 2 + s.key.length + 4 + 24 * s.size;
        }
        ByteBuffer b = ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(MAGIC);
        if (previous == null) {
            b.put((byte) 0);
        } else {
            b.put((byte) 64).put(previous.hex().getBytes(StandardCharsets.US_ASCII));
        }
        b.putInt(series.size());
        for (Series s : series) {
            b.putShort((short) s.key.length).put(s.key).putInt(s.size);
            int at = b.position();
            b.slice().order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().put(s.steps, 0, s.size);
            at += 8 * s.size;
            b.position(at);
            b.slice().order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().put(s.values, 0, s.size);
            at += 8 * s.size;
            b.position(at);
            b.slice().order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().put(s.times, 0, s.size);
            b.position(at + 8 * s.size);
        }
        return b.array();
    }

    /** @return the previous segment of a segment, or null for the first */
    public static ObjectId previous(byte[] segment) {
        ByteBuffer b = header(segment);
        int len = b.get();
        return len == 0 ? null : new ObjectId(new String(segment, 5, len, StandardCharsets.US_ASCII));
    }

    /** Adds the points of one metric (or all, when {@code key} is null) in a segment to {@code out}. */
    public static void decode(byte[] segment, String key, List<MetricPoint> out) {
        ByteBuffer b = header(segment);
        int len = b.get();
        b.position(b.position() + len);
        int keys = b.getInt();
        for (int k = 0; k < keys; k++) {
            byte[] name = new byte[b.getShort()];
            b.get(name);
            String n = new String(name, StandardCharsets.UTF_8);
            int size = b.getInt();
            int at = b.position();
            if (key == null || key.equals(n)) {
                for (int i = 0; i < size; i++) {
                    out.add(new MetricPoint(n, b.getLong(at + 8 * i), b.getDouble(at + 8 * (size + i)),
                            b.getLong(at + 8 * (2 * size + i))));
                }
            }
            b.position(at + 24 * size);
        }
    }

    /** @return the metric names in a segment */
    public static List<String> keys(byte[] segment) {
        List<String> out = new ArrayList<>();
        ByteBuffer b = header(segment);
        int len = b.get();
        b.position(b.position() + len);
        int keys = b.getInt();
        for (int k = 0; k < keys; k++) {
            byte[] name = new byte[b.getShort()];
            b.get(name);
            out.add(new String(name, StandardCharsets.UTF_8));
            b.position(b.position() + 4 + 24 * b.getInt(b.position()));
        }
        return out;
    }

    private static ByteBuffer header(byte[] segment) {
        ByteBuffer b = ByteBuffer.wrap(segment).order(ByteOrder.LITTLE_ENDIAN);
        int magic = segment.length < 9 ? 0 : b.getInt();
        if (magic != MAGIC) {
            int version = (magic >>> 24) - '0';
            if ((magic & 0xffffff) == (MAGIC & 0xffffff) && version > FORMAT_VERSION && version <= 9) {
                throw new StoreFormatException("metric segment", version, FORMAT_VERSION);
            }
            throw new IllegalStateException("Not a metric segment (" + segment.length + " bytes)");
        }
        return b;
    }
}
