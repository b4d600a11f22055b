package dev.lifecycle.core.internal.eval;

import java.util.List;

/**
 * The slices of one slicing, bound to a dataset version: a name per slice and, for every dataset row,
 * the index of its slice or -1 when it is in none.
 *
 * @param names the slice names
 * @param group the slice of each dataset row
 */
public record Grouping(List<String> names, int[] group) {
}
