package dev.lifecycle.core.internal;

import dev.lifecycle.api.internal.CategoryText;

/**
 * The one convention for categories that look like numbers: a category is the text the data wrote
 * ({@code "2"}), and a number standing for it is written in its shortest form (integral values without
 * a fraction, others as {@link Double#toString}), so {@code 2}, {@code 2.0} and {@code "2.0"} all name
 * the category {@code "2"}.
 */
public final class Categories {
    private Categories() {
    }

    /** @return the category text of a number: {@code 2.0 -> "2"}, {@code 2.5 -> "2.5"} */
    public static String canonical(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }

    /** @return the number a category text stands for, or {@code NaN} when it does not look like a finite number */
    public static double numericValue(String s) {
        return CategoryText.numericValue(s);
    }
}
