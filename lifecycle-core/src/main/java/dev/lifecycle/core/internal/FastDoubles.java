package dev.lifecycle.core.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Parses decimal numbers from characters without allocating. Plain decimals whose significand fits
 * in 53 bits and whose decimal exponent is at most 22 in magnitude are converted exactly with one
 * multiplication or division (Clinger's fast path); everything else goes through
 * {@link Double#parseDouble}, so results always equal {@code Double.parseDouble}.
 */
public final class FastDoubles {
    private static final double[] POW10 = new double[23];
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    static {
        double p = 1;
        for (int i = 0; i < POW10.length; i++) {
            POW10[i] = p;
            p *= 10;
        }
    }

    private FastDoubles() {
    }

    /**
     * @return the number in {@code chars[from, to)}, which must already be trimmed
     * @throws NumberFormatException when it is not a number Lifecycle accepts (see {@link #parse(String)})
     */
    public static double parse(char[] chars, int from, int to) {
        int i = from;
        if (i >= to) {
            throw new NumberFormatException("empty");
        }
        boolean negative = false;
        char c = chars[i];
        if (c == '-' || c == '+') {
            negative = c == '-';
            i++;
        }
        long mantissa = 0;
        int digits = 0;
        int exp10 = 0;
        boolean any = false;
        while (i < to && (c = chars[i]) >= '0' && c <= '9') {
            any = true;
            if (digits < 18) {
                mantissa = mantissa * 10 + (c - '0');
                if (mantissa != 0) {
                    digits++;
                }
            } else {
                return slow(chars, from, to);
            }
            i++;
        }
        if (i < to && chars[i] == '.') {
            i++;
            while (i < to && (c = chars[i]) >= '0' && c <= '9') {
                any = true;
                if (digits < 18) {
                    mantissa = mantissa * 10 + (c - '0');
                    if (mantissa != 0) {
                        digits++;
                    }
                    exp10--;
                } else {
                    return slow(chars, from, to);
                }
                i++;
            }
        }
        if (!any) {
            return slow(chars, from, to);
        }
        if (i < to && (chars[i] == 'e' || chars[i] == 'E')) {
            i++;
            boolean expNegative = false;
            if (i < to && (chars[i] == '-' || chars[i] == '+')) {
                expNegative = chars[i] == '-';
                i++;
            }
            int e = 0;
            int start = i;
            while (i < to && (c = chars[i]) >= '0' && c <= '9' && e < 10_000) {
                e = e * 10 + (c - '0');
                i++;
            }
            if (i == start) {
                return slow(chars, from, to);
            }
            exp10 += expNegative ? -e : e;
        }
        if (i != to || mantissa >= (1L << 53) || exp10 < -22 || exp10 > 22) {
            return slow(chars, from, to);
        }
        double d = mantissa;
        d = exp10 < 0 ? d / POW10[-exp10] : d * POW10[exp10];
        return negative ? -d : d;
    }

    /**
     * @return the number in the ASCII/UTF-8 bytes {@code bytes[from, to)}, which must already be trimmed;
     *     always equal to {@link #parse(String)} of the same text
     * @throws NumberFormatException when it is not a number Lifecycle accepts (see {@link #parse(String)})
     */
    public static double parse(byte[] bytes, int from, int to) {
        int i = from;
        if (i >= to) {
            throw new NumberFormatException("empty");
        }
        byte c = bytes[i];
        boolean negative = c == '-';
        if (negative || c == '+') {
            i++;
        }
        int start = i;
        int n = to - start;
        if (n <= 8 && n > 0 && start + 8 <= bytes.length) {
            return eight(bytes, start, n, negative, from, to);
        }
        return parseLoop(bytes, from, to);
    }

    private static double parseLoop(byte[] bytes, int from, int to) {
        int i = from;
        byte c = bytes[i];
        boolean negative = c == '-';
        if (negative || c == '+') {
            i++;
        }
        int start = i;
        int n = to - start;
        if (n > 18) {
            return slow(bytes, from, to);
        }
        // at most 18 characters, so at most 18 digits: the mantissa cannot overflow a long
        long mantissa = 0;
        int dot = -1;
        for (; i < to; i++) {
            int d = bytes[i] - '0';
            if (d >= 0 && d <= 9) {
                mantissa = mantissa * 10 + d;
            } else if (d == '.' - '0' && dot < 0) {
                dot = i;
            } else {
                break;
            }
        }
        int digits = i - start - (dot < 0 ? 0 : 1);
        int exp10 = dot < 0 ? 0 : dot + 1 - i;
        if (digits == 0) {
            return slow(bytes, from, to);
        }
        if (i < to) {
            c = bytes[i];
            if (c != 'e' && c != 'E') {
                return slow(bytes, from, to);
            }
            i++;
            boolean expNegative = false;
            if (i < to && (bytes[i] == '-' || bytes[i] == '+')) {
                expNegative = bytes[i] == '-';
                i++;
            }
            int e = 0;
            int expStart = i;
            for (; i < to && e < 10_000; i++) {
                int d = bytes[i] - '0';
                if (d < 0 || d > 9) {
                    break;
                }
                e = e * 10 + d;
            }
            if (i == expStart || i != to) {
                return slow(bytes, from, to);
            }
            exp10 += expNegative ? -e : e;
        }
        if (mantissa >= (1L << 53) || exp10 < -22 || exp10 > 22) {
            return slow(bytes, from, to);
        }
        double d = mantissa;
        d = exp10 < 0 ? d / POW10[-exp10] : exp10 == 0 ? d : d * POW10[exp10];
        return negative ? -d : d;
    }

    /**
     * @param mantissa at most 15 decimal digits, so below 2<sup>53</sup>
     * @param fractionDigits how many of its digits follow the decimal point, at most 22
     * @return {@code mantissa / 10^fractionDigits}, exactly as {@link Double#parseDouble} reads it (one
     *     correctly rounded division of two exact doubles)
     */
    public static double scaled(long mantissa, int fractionDigits) {
        double d = mantissa;
        return fractionDigits == 0 ? d : d / POW10[fractionDigits];
    }

    /** @return the little-endian word of the 8 bytes at {@code bytes[i]} */
    public static long word(byte[] bytes, int i) {
        return (long) LONGS.get(bytes, i);
    }

    /** @return a word with the high bit set in each byte of {@code w} equal to the byte {@code b} (exact for the lowest such byte) */
    public static long matches(long w, byte b) {
        long x = w ^ (ONES * (b & 0xFF));
        return (x - ONES) & ~x & HIGHS;
    }

    /** Up to 8 characters of digits with at most one '.', converted eight digits at a time without branching per digit. */
    private static double eight(byte[] bytes, int start, int n, boolean negative, int from, int to) {
        long keep = n == 8 ? -1L : (1L << (n << 3)) - 1;
        long w = word(bytes, start) & keep;
        long dots = matches(w, (byte) '.') & keep;
        int digits = n;
        int fraction = 0;
        if (dots != 0) {
            int dot = Long.numberOfTrailingZeros(dots) >>> 3;
            long below = -1L << (dot << 3);
            w = (w & ~below) | ((w >>> 8) & below);
            digits = n - 1;
            fraction = n - 1 - dot;
            if (digits == 0) {
                return slow(bytes, from, to);
            }
        }
        long mask = digits == 8 ? -1L : (1L << (digits << 3)) - 1;
        w &= mask;
        if ((((w + 0x4646464646464646L) | (w - 0x3030303030303030L)) & HIGHS & mask) != 0) {
            return parseLoop(bytes, from, to);
        }
        int pad = (8 - digits) << 3;
        long v = pad == 0 ? w : (w << pad) | (0x3030303030303030L >>> (64 - pad));
        v = ((v & 0x0F0F0F0F0F0F0F0FL) * 2561) >>> 8;
        v = ((v & 0x00FF00FF00FF00FFL) * 6553601) >>> 16;
        v = ((v & 0x0000FFFF0000FFFFL) * 42949672960001L) >>> 32;
        double d = fraction == 0 ? (double) v : v / POW10[fraction];
        return negative ? -d : d;
    }

    private static double slow(byte[] bytes, int from, int to) {
        return parse(new String(bytes, from, to - from, java.nio.charset.StandardCharsets.UTF_8));
    }

    private static double slow(char[] chars, int from, int to) {
        return parse(new String(chars, from, to - from));
    }

    /**
     * @return the number written in {@code s} (trimmed)
     * @throws NumberFormatException for text that is not a decimal number, including {@code NaN},
     *     hexadecimal and Java suffixes such as {@code 1d}
     */
    public static double parse(String s) {
        char last = s.isEmpty() ? ' ' : s.charAt(s.length() - 1);
        if (last == 'd' || last == 'D' || last == 'f' || last == 'F' || s.startsWith("0x") || s.startsWith("-0x")
                || s.startsWith("+0x")) {
            throw new NumberFormatException(s);
        }
        double d = Double.parseDouble(s);
        if (Double.isNaN(d)) {
            throw new NumberFormatException(s);
        }
        return d;
    }
}
