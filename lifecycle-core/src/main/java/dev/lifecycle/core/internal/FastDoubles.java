package dev.lifecycle.core.internal;

/**
 * Parses decimal numbers from characters without allocating. Plain decimals whose significand fits
 * in 53 bits and whose decimal exponent is at most 22 in magnitude are converted exactly with one
 * multiplication or division (Clinger's fast path); everything else goes through
 * {@link Double#parseDouble}, so results always equal {@code Double.parseDouble}.
 */
public final class FastDoubles {
    private static final double[] POW10 = new double[23];

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
