package dev.lifecycle.core.data;

import dev.lifecycle.api.data.ColumnRole;
import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.data.SchemaMismatchException;
import dev.lifecycle.core.internal.Shuffle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.apiguardian.api.API;

/**
 * A k-fold partition of a dataset version: the one fold assignment behind
 * {@link DatasetRegistry#kFold(DatasetVersion, Folds)}, {@link Splits#fold(Folds, int)},
 * {@code CrossValidation} and {@code Lifecycle.search}, so the same {@code Folds} on the same data gives
 * the same held-out rows everywhere. Immutable; e.g. {@code Folds.stratified(3, 7)}.
 *
 * <ul>
 *   <li>{@link #random(int, long)}: a seeded shuffle cut into k near-equal parts;</li>
 *   <li>{@link #stratified(int, long)}: every fold holds each target class's share of the rows to within
 *       one row per class (rows with a missing target count as one more class);</li>
 *   <li>{@link #grouped(String, int, long)}: all rows of a group land in one fold (no group is both
 *       trained on and tested), groups dealt in seeded order to the fold with the fewest rows.</li>
 * </ul>
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public final class Folds {
    /** How rows are assigned to folds. */
    @API(status = API.Status.STABLE, since = "0.1.0")
    public enum Kind {
        /** a seeded shuffle cut into k parts */
        RANDOM,
        /** per target class, a seeded shuffle dealt round the folds */
        STRATIFIED,
        /** whole groups dealt to the lightest fold */
        GROUPED
    }

    private static final String MISSING = "\0missing";

    private final Kind kind;
    private final int k;
    private final long seed;
    private final String column;

    private Folds(Kind kind, int k, long seed, String column) {
        if (k < 2) {
            throw new IllegalArgumentException("k-fold needs k >= 2 folds, got " + k);
        }
        this.kind = kind;
        this.k = k;
        this.seed = seed;
        this.column = column;
    }

    /** @return k folds of a seeded random shuffle */
    public static Folds random(int k, long seed) {
        return new Folds(Kind.RANDOM, k, seed, null);
    }

    /** @return k folds that keep each target class's share in every fold */
    public static Folds stratified(int k, long seed) {
        return new Folds(Kind.STRATIFIED, k, seed, null);
    }

    /**
     * @param column the group column; {@code null} for the data's single {@link ColumnRole#GROUP GROUP} column
     * @return k folds that never split a group
     */
    public static Folds grouped(String column, int k, long seed) {
        return new Folds(Kind.GROUPED, k, seed, column);
    }

    /** @return the same kind of folds with another number of folds */
    public Folds withK(int folds) {
        return new Folds(kind, folds, seed, column);
    }

    /** @return the same kind of folds with another seed */
    public Folds withSeed(long s) {
        return new Folds(kind, k, s, column);
    }

    /** @return the assignment kind */
    public Kind kind() {
        return kind;
    }

    /** @return the number of folds */
    public int k() {
        return k;
    }

    /** @return the seed */
    public long seed() {
        return seed;
    }

    /** @return the lineage parameters of a fold: kind, k, seed and (for grouped folds) the column */
    public Map<String, String> details() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("folds", kind.name().toLowerCase(java.util.Locale.ROOT));
        m.put("k", Integer.toString(k));
        m.put("seed", Long.toString(seed));
        if (column != null) {
            m.put("column", column);
        }
        return m;
    }

    /**
     * @return the held-out rows of each fold, each sorted ascending; together every row exactly once
     * @throws IllegalArgumentException if the data has fewer rows (or groups) than folds
     * @throws SchemaMismatchException if a grouped fold's column is absent
     */
    public int[][] testRows(DatasetVersion data) {
        Objects.requireNonNull(data, "data");
        int n = data.size();
        if (n < k) {
            throw new IllegalArgumentException("Dataset " + data.id() + " has " + n + " rows, fewer than the " + k
                    + " folds; use fewer folds");
        }
        SplittableRandom random = new SplittableRandom(seed);
        int[] fold = new int[n];
        switch (kind) {
            case RANDOM -> {
                int[] rows = Shuffle.permutation(n, random);
                for (int i = 0; i < n; i++) {
                    fold[rows[i]] = (int) ((long) i * k / n);
                }
            }
            case STRATIFIED -> {
                int dealt = 0;
                for (List<Integer> rows : byValue(data, null).values()) {
                    int[] a = rows.stream().mapToInt(Integer::intValue).toArray();
                    Shuffle.inPlace(a, random);
                    for (int i = 0; i < a.length; i++) {
                        fold[a[i]] = (dealt + i) % k;
                    }
                    dealt += a.length;
                }
            }
            case GROUPED -> {
                String col = column != null ? column : groupColumn(data);
                List<List<Integer>> groups = new ArrayList<>(byValue(data, col).values());
                if (groups.size() < k) {
                    throw new IllegalArgumentException("Dataset " + data.id() + " has " + groups.size()
                            + " group(s) in '" + col + "', fewer than the " + k + " folds; use fewer folds");
                }
                for (int i = groups.size() - 1; i > 0; i--) {
                    int j = random.nextInt(i + 1);
                    List<Integer> t = groups.get(i);
                    groups.set(i, groups.get(j));
                    groups.set(j, t);
                }
                long[] size = new long[k];
                for (List<Integer> g : groups) {
                    int lightest = 0;
                    for (int f = 1; f < k; f++) {
                        if (size[f] < size[lightest]) {
                            lightest = f;
                        }
                    }
                    for (int r : g) {
                        fold[r] = lightest;
                    }
                    size[lightest] += g.size();
                }
            }
            default -> throw new IllegalStateException(kind.name());
        }
        int[] counts = new int[k];
        for (int f : fold) {
            counts[f]++;
        }
        int[][] out = new int[k][];
        for (int f = 0; f < k; f++) {
            out[f] = new int[counts[f]];
        }
        Arrays.fill(counts, 0);
        for (int r = 0; r < n; r++) {
            out[fold[r]][counts[fold[r]]++] = r;
        }
        return out;
    }

    /** @return the rows not in {@code sortedHeldOut}, ascending */
    public static int[] complement(int n, int[] sortedHeldOut) {
        int[] out = new int[n - sortedHeldOut.length];
        int j = 0;
        int o = 0;
        for (int i = 0; i < n; i++) {
            if (j < sortedHeldOut.length && sortedHeldOut[j] == i) {
                j++;
            } else {
                out[o++] = i;
            }
        }
        return out;
    }

    private static TreeMap<String, List<Integer>> byValue(DatasetVersion data, String col) {
        if (col != null && data.schema().indexOf(col) < 0) {
            throw new SchemaMismatchException(col, "Dataset " + data.id() + " has no group column '" + col
                    + "'; its columns are " + data.schema().names());
        }
        TreeMap<String, List<Integer>> m = new TreeMap<>();
        for (int r = 0; r < data.size(); r++) {
            String v = col == null ? data.target(r) : data.string(col, r);
            m.computeIfAbsent(v == null ? MISSING : v, x -> new ArrayList<>()).add(r);
        }
        return m;
    }

    private static String groupColumn(DatasetVersion data) {
        var cols = data.schema().columns(ColumnRole.GROUP);
        if (cols.size() != 1) {
            throw new IllegalArgumentException("Dataset " + data.id() + " has " + cols.size() + " GROUP column(s); "
                    + "give exactly one column the role GROUP (Csv.role(column, ColumnRole.GROUP)) or name the "
                    + "column in Folds.grouped(column, k, seed)");
        }
        return cols.get(0).name();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Folds f && f.kind == kind && f.k == k && f.seed == seed && Objects.equals(f.column, column);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, k, seed, column);
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(java.util.Locale.ROOT) + " " + k + "-fold (seed " + seed
                + (column == null ? "" : ", column " + column) + ")";
    }
}
