package dev.lifecycle.core.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apiguardian.api.API;

/**
 * The profile of a categorical, boolean or text column: present and missing counts and the exact
 * count of every value (so distinct counts, most frequent values and merges are exact; memory grows
 * with the number of distinct values). Immutable.
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public final class CategoricalProfile implements ColumnProfile {
    private final String column;
    private final long missing;
    private final long count;
    private final Map<String, Long> counts;

    /**
     * @param column the column name
     * @param missing the number of missing values
     * @param counts the number of occurrences of each present value (all positive)
     */
    public CategoricalProfile(String column, long missing, Map<String, Long> counts) {
        this.column = Objects.requireNonNull(column, "column");
        if (missing < 0) {
            throw new IllegalArgumentException("Column '" + column + "': missing count must not be negative");
        }
        this.missing = missing;
        TreeMap<String, Long> copy = new TreeMap<>();
        long total = 0;
        for (Map.Entry<String, Long> e : counts.entrySet()) {
            if (e.getValue() <= 0) {
                throw new IllegalArgumentException("Column '" + column + "': count of '" + e.getKey()
                        + "' must be positive, got " + e.getValue());
            }
            copy.put(Objects.requireNonNull(e.getKey(), "category"), e.getValue());
            total += e.getValue();
        }
        this.counts = Collections.unmodifiableMap(copy);
        this.count = total;
    }

    /** @return the profile of a dictionary-coded column ({@code -1} is missing) */
    static CategoricalProfile ofCodes(String column, int[] codes, List<String> dictionary) {
        long[] n = new long[dictionary.size()];
        long missing = 0;
        for (int c : codes) {
            if (c < 0) {
                missing++;
            } else {
                n[c]++;
            }
        }
        Map<String, Long> counts = new HashMap<>();
        for (int i = 0; i < n.length; i++) {
            if (n[i] > 0) {
                counts.put(dictionary.get(i), n[i]);
            }
        }
        return new CategoricalProfile(column, missing, counts);
    }

    /** @return the profile of values where {@code null} is missing */
    public static CategoricalProfile of(String column, Iterable<String> values) {
        Map<String, Long> counts = new HashMap<>();
        long missing = 0;
        for (String v : values) {
            if (v == null) {
                missing++;
            } else {
                counts.merge(v, 1L, Long::sum);
            }
        }
        return new CategoricalProfile(column, missing, counts);
    }

    @Override
    public String column() {
        return column;
    }

    @Override
    public long count() {
        return count;
    }

    @Override
    public long missing() {
        return missing;
    }

    @Override
    public long distinct() {
        return counts.size();
    }

    /** @return the count of every present value, sorted by value */
    public Map<String, Long> counts() {
        return counts;
    }

    /** @return the share of present values equal to {@code value}; 0 when the column has none */
    public double frequency(String value) {
        return count == 0 ? 0 : (double) counts.getOrDefault(value, 0L) / count;
    }

    /** @return up to {@code k} values with their counts, most frequent first (ties by value) */
    public List<Map.Entry<String, Long>> mostFrequent(int k) {
        List<Map.Entry<String, Long>> all = new ArrayList<>(counts.entrySet());
        all.sort(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
        return List.copyOf(all.subList(0, Math.min(k, all.size())));
    }

    @Override
    public CategoricalProfile merge(ColumnProfile other) {
        if (!(other instanceof CategoricalProfile o) || !o.column.equals(column)) {
            throw new IllegalArgumentException("Cannot merge the categorical profile of '" + column + "' with "
                    + describe(other) + "; merge profiles of the same column and kind");
        }
        Map<String, Long> sum = new HashMap<>(counts);
        o.counts.forEach((k, v) -> sum.merge(k, v, Long::sum));
        return new CategoricalProfile(column, missing + o.missing, sum);
    }

    static String describe(ColumnProfile p) {
        return p == null ? "null" : p.getClass().getSimpleName() + " of '" + p.column() + "'";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CategoricalProfile c && c.column.equals(column) && c.missing == missing
                && c.counts.equals(counts);
    }

    @Override
    public int hashCode() {
        return Objects.hash(column, missing, counts);
    }

    @Override
    public String toString() {
        return "CategoricalProfile{" + column + ": count=" + count + ", missing=" + missing + ", distinct="
                + counts.size() + ", top=" + mostFrequent(3) + "}";
    }
}
