package dev.lifecycle.core.data;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;

/** The missing-value tokens of a CSV file, matched against a value's UTF-8 bytes or its characters. */
final class MissingTokens {
    private final byte[][] bytes;
    private final char[][] chars;
    /** Bit {@code n} set when a token has {@code n} bytes; bit 63 for 63 bytes or more. */
    private final long lengths;
    private final boolean[] oneByte = new boolean[256];

    MissingTokens(Collection<String> tokens) {
        this.bytes = tokens.stream().map(t -> t.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
        this.chars = tokens.stream().map(String::toCharArray).toArray(char[][]::new);
        long lengths = 0;
        for (byte[] t : bytes) {
            lengths |= t.length < 63 ? 1L << t.length : 1L << 63;
            if (t.length == 1) {
                oneByte[t[0] & 0xFF] = true;
            }
        }
        this.lengths = lengths;
    }

    /** @return whether the bytes {@code [from, to)} of {@code b} are a token */
    boolean matches(byte[] b, int from, int to) {
        int n = to - from;
        if ((lengths & (1L << Math.min(n, 63))) == 0) {
            return false;
        }
        if (n <= 1) {
            return n == 0 || oneByte[b[from] & 0xFF];
        }
        for (byte[] t : bytes) {
            if (t.length == n && Arrays.equals(b, from, to, t, 0, n)) {
                return true;
            }
        }
        return false;
    }

    /** @return whether the characters {@code [from, to)} of {@code c} are a token */
    boolean matches(char[] c, int from, int to) {
        int n = to - from;
        for (char[] t : chars) {
            if (t.length == n && Arrays.equals(c, from, to, t, 0, n)) {
                return true;
            }
        }
        return false;
    }

    /** @return whether a token is made of digits, dots and minus signs only, so it could be read as a number */
    boolean numeric() {
        for (byte[] t : bytes) {
            boolean digits = t.length > 0;
            for (byte c : t) {
                digits &= (c >= '0' && c <= '9') || c == '.' || c == '-';
            }
            if (digits) {
                return true;
            }
        }
        return false;
    }
}
