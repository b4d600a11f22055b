package dev.lifecycle.core.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.ToIntFunction;

/**
 * Maps the raw UTF-8 bytes of categorical values to dictionary codes without making a string per
 * value: the first time a byte sequence is seen it is decoded and coded by the given function (which
 * may normalise or reject it), afterwards it is found by its bytes. Remembers at most
 * {@value #MAX_CACHED} sequences; values beyond that are decoded every time. Values of at most eight
 * bytes are also kept in a small table keyed by their bytes read as one word, so most lookups need
 * neither a byte loop nor a comparison loop. Not thread-safe.
 */
public final class Codes {
    static final int MAX_CACHED = 1 << 12;
    private static final VarHandle WORDS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final int SHORT_SLOTS = 1 << 9;
    private final long[] shortWords = new long[SHORT_SLOTS];
    private final byte[] shortLengths = new byte[SHORT_SLOTS];
    private final int[] shortCodes = new int[SHORT_SLOTS];
    private int shortCached;
    private final ToIntFunction<String> coder;
    private byte[][] keys = new byte[64][];
    private int[] values = new int[64];
    private int cached;

    /** @param coder the code of a decoded value; may throw to reject it */
    public Codes(ToIntFunction<String> coder) {
        this.coder = coder;
    }

    /** @return the code of the value in {@code bytes[from, to)} */
    public int code(byte[] bytes, int from, int to) {
        int n = to - from;
        if (n > 8 || from > bytes.length - 8) {
            return cachedCode(bytes, from, to);
        }
        long word = (long) WORDS.get(bytes, from) & (n == 8 ? -1L : (1L << (n << 3)) - 1);
        int slot = (int) (((word + n) * 0x9E3779B97F4A7C15L) >>> 55);
        byte length = (byte) (n + 1);
        while (shortLengths[slot] != 0) {
            if (shortWords[slot] == word && shortLengths[slot] == length) {
                return shortCodes[slot];
            }
            slot = (slot + 1) & (SHORT_SLOTS - 1);
        }
        int code = cachedCode(bytes, from, to);
        if (shortCached * 2 < SHORT_SLOTS) {
            shortWords[slot] = word;
            shortLengths[slot] = length;
            shortCodes[slot] = code;
            shortCached++;
        }
        return code;
    }

    private int cachedCode(byte[] bytes, int from, int to) {
        int h = 0x811C9DC5;
        for (int i = from; i < to; i++) {
            h = (h ^ bytes[i]) * 0x01000193;
        }
        int mask = keys.length - 1;
        int slot = (h ^ (h >>> 16)) & mask;
        int n = to - from;
        byte[] k;
        while ((k = keys[slot]) != null) {
            if (k.length == n && same(k, bytes, from)) {
                return values[slot];
            }
            slot = (slot + 1) & mask;
        }
        int code = coder.applyAsInt(new String(bytes, from, n, StandardCharsets.UTF_8));
        if (cached < MAX_CACHED) {
            keys[slot] = Arrays.copyOfRange(bytes, from, to);
            values[slot] = code;
            if (++cached * 2 > keys.length) {
                grow();
            }
        }
        return code;
    }

    private static boolean same(byte[] key, byte[] bytes, int from) {
        for (int i = 0; i < key.length; i++) {
            if (key[i] != bytes[from + i]) {
                return false;
            }
        }
        return true;
    }

    /** @return the code of a value given as a string */
    public int code(String value) {
        return coder.applyAsInt(value);
    }

    private void grow() {
        byte[][] oldKeys = keys;
        int[] oldValues = values;
        keys = new byte[oldKeys.length * 2][];
        values = new int[oldKeys.length * 2];
        int mask = keys.length - 1;
        for (int j = 0; j < oldKeys.length; j++) {
            byte[] k = oldKeys[j];
            if (k == null) {
                continue;
            }
            int h = 0x811C9DC5;
            for (byte b : k) {
                h = (h ^ b) * 0x01000193;
            }
            int slot = (h ^ (h >>> 16)) & mask;
            while (keys[slot] != null) {
                slot = (slot + 1) & mask;
            }
            keys[slot] = k;
            values[slot] = oldValues[j];
        }
    }
}
