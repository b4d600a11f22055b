package dev.lifecycle.api.internal;

/**
 * The one reading of category text that looks like a number, shared by the api's signature checks and
 * the core (exported to {@code dev.lifecycle.core} only; not part of the API).
 */
public final class CategoryText {
    private CategoryText() {
    }

    /**
     * @return the number a category text stands for (no blanks around it, a digit, sign or point first, at most
     *     40 characters), or {@code NaN} when it does not look like a finite number
     */
    public static double numericValue(String s) {
        if (s.isEmpty() || s.length() > 40) {
            return Double.NaN;
        }
        char c = s.charAt(0);
        if (!(c >= '0' && c <= '9') && c != '-' && c != '+' && c != '.' || s.charAt(s.length() - 1) <= ' ') {
            return Double.NaN;
        }
        try {
            double v = Double.parseDouble(s);
            return Double.isFinite(v) ? v : Double.NaN;
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
