package dev.lifecycle.core.data;

import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.data.SchemaMismatchException;
import dev.lifecycle.core.internal.Shuffle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.apiguardian.api.API;

/**
 * Ways to split a dataset version into a training and a test part, for
 * {@link DatasetRegistry#split(DatasetVersion, Splits.Strategy)}. Every strategy is deterministic:
 * the same data and the same seed give the same parts. Both parts keep the rows in their original order.
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public final class Splits {
    private Splits() {
    }

    /**
     * A way to split: which rows go to each part.
     *
     * @param operation the lineage operation recorded for both parts, e.g. {@code split-random}
     * @param details the parameters recorded in lineage
     * @param assign chooses the rows; returns {@code {trainRows, testRows}}
     */
    @API(status = API.Status.STABLE, since = "0.1.0")
    public record Strategy(String operation, Map<String, String> details, Assigner assign) {
        /** Validates and copies the arguments. */
        public Strategy {
            Objects.requireNonNull(operation, "operation");
            details = Map.copyOf(details);
            Objects.requireNonNull(assign, "assign");
        }
    }

    /** Chooses the rows of each part. */
    @API(status = API.Status.STABLE, since = "0.1.0")
    @FunctionalInterface
    public interface Assigner {
        /** @return {@code {trainRows, testRows}}, disjoint, together every row */
        int[][] assign(DatasetVersion data);
    }

    /**
     * @return the first {@code trainFraction} of rows (in row order, i.e. time order) train, the rest
     *     test; use {@link #timeOrdered(String, double)} when the rows carry a time column
     */
    public static Strategy timeOrdered(double trainFraction) {
        checkFraction(trainFraction);
        return new Strategy("split-time-ordered", Map.of("trainFraction", Double.toString(trainFraction)), data -> {
            int cut = cut(data, trainFraction, data.size());
            return new int[][] {range(0, cut), range(cut, data.size())};
        });
    }

    /**
     * Splits by a time column rather than by row order: rows are ordered by {@code column} (numbers
     * numerically, other types as text, so ISO-8601 timestamps order in time), the earliest
     * {@code trainFraction} train and the rest test. Rows with the same time stay on one side (the
     * training side), so every test row is strictly later than every training row. Each part keeps the
     * original row order.
     *
     * @throws SchemaMismatchException (when the split runs) if the column is absent
     * @throws IllegalArgumentException (when the split runs) if a time is missing, or if all rows share one time
     */
    public static Strategy timeOrdered(String column, double trainFraction) {
        Objects.requireNonNull(column, "column");
        checkFraction(trainFraction);
        return new Strategy("split-time-ordered", Map.of("column", column, "trainFraction",
                Double.toString(trainFraction)), data -> {
                    var field = data.schema().field(column).orElseThrow(() -> new SchemaMismatchException(column,
                            "Dataset " + data.id() + " has no time column '" + column + "'; its columns are "
                                    + data.schema().names()));
                    int n = data.size();
                    Integer[] order = new Integer[n];
                    for (int r = 0; r < n; r++) {
                        order[r] = r;
                    }
                    java.util.Comparator<Integer> byTime;
                    if (field.type() == dev.lifecycle.api.data.FieldType.NUMERIC) {
                        double[] t = new double[n];
                        for (int r = 0; r < n; r++) {
                            t[r] = data.number(column, r);
                            if (Double.isNaN(t[r])) {
                                throw missingTime(data, column, r);
                            }
                        }
                        byTime = (a, b) -> Double.compare(t[a], t[b]);
                    } else {
                        String[] t = new String[n];
                        for (int r = 0; r < n; r++) {
                            t[r] = data.string(column, r);
                            if (t[r] == null) {
                                throw missingTime(data, column, r);
                            }
                        }
                        byTime = (a, b) -> t[a].compareTo(t[b]);
                    }
                    Arrays.sort(order, byTime);
                    int cut = cut(data, trainFraction, n);
                    while (cut < n && byTime.compare(order[cut - 1], order[cut]) == 0) {
                        cut++;
                    }
                    if (cut == n) {
                        throw new IllegalArgumentException("Dataset " + data.id() + ": the latest "
                                + Math.round(n * (1 - trainFraction)) + " rows share their time '" + column
                                + "' with earlier rows, so no test part is strictly later; lower trainFraction");
                    }
                    int[] rows = new int[n];
                    for (int i = 0; i < n; i++) {
                        rows[i] = order[i];
                    }
                    return parts(rows, cut);
                });
    }

    /**
     * @return {@link #timeOrdered(String, double)} on the data's {@link dev.lifecycle.api.data.ColumnRole#TIME
     *     TIME} column
     * @throws IllegalArgumentException (when the split runs) if the data has no TIME column, or more than one
     */
    public static Strategy byTimeColumn(double trainFraction) {
        checkFraction(trainFraction);
        return new Strategy("split-time-ordered", Map.of("column", "<TIME role>", "trainFraction",
                Double.toString(trainFraction)), data -> timeOrdered(roleColumn(data,
                        dev.lifecycle.api.data.ColumnRole.TIME), trainFraction).assign().assign(data));
    }

    /**
     * @return {@link #grouped(String, double, long)} on the data's {@link dev.lifecycle.api.data.ColumnRole#GROUP
     *     GROUP} column: no group on both sides
     * @throws IllegalArgumentException (when the split runs) if the data has no GROUP column, or more than one
     */
    public static Strategy byGroupColumn(double trainFraction, long seed) {
        checkFraction(trainFraction);
        return new Strategy("split-grouped", Map.of("column", "<GROUP role>", "trainFraction",
                Double.toString(trainFraction), "seed", Long.toString(seed)), data -> grouped(roleColumn(data,
                        dev.lifecycle.api.data.ColumnRole.GROUP), trainFraction, seed).assign().assign(data));
    }

    private static String roleColumn(DatasetVersion data, dev.lifecycle.api.data.ColumnRole role) {
        var cols = data.schema().columns(role);
        if (cols.size() != 1) {
            throw new IllegalArgumentException("Dataset " + data.id() + " has " + cols.size() + " " + role
                    + " column(s); give exactly one column the role " + role + " (Csv.role(column, ColumnRole."
                    + role + ")) or name the column in the split");
        }
        return cols.get(0).name();
    }

    private static IllegalArgumentException missingTime(DatasetVersion data, String column, int row) {
        return new IllegalArgumentException("Dataset " + data.id() + " has no time in '" + column + "' at row "
                + row + "; a time-ordered split needs every row's time (filter or impute it first)");
    }

    /** @return a uniformly random {@code trainFraction} of rows train, the rest test */
    public static Strategy random(double trainFraction, long seed) {
        checkFraction(trainFraction);
        return new Strategy("split-random", Map.of("trainFraction", Double.toString(trainFraction), "seed",
                Long.toString(seed)), data -> {
                    int[] rows = Shuffle.permutation(data.size(), new SplittableRandom(seed));
                    int cut = cut(data, trainFraction, rows.length);
                    return parts(rows, cut);
                });
    }

    /**
     * @return a random split that keeps the share of every target class (to within one row per class)
     *     equal in both parts; rows with a missing target are treated as one more class
     */
    public static Strategy stratified(double trainFraction, long seed) {
        checkFraction(trainFraction);
        return new Strategy("split-stratified", Map.of("trainFraction", Double.toString(trainFraction), "seed",
                Long.toString(seed)), data -> {
                    TreeMap<String, List<Integer>> byClass = new TreeMap<>();
                    for (int r = 0; r < data.size(); r++) {
                        String t = data.target(r);
                        byClass.computeIfAbsent(t == null ? "\0missing" : t, k -> new ArrayList<>()).add(r);
                    }
                    SplittableRandom random = new SplittableRandom(seed);
                    List<Integer> train = new ArrayList<>();
                    List<Integer> test = new ArrayList<>();
                    for (List<Integer> rows : byClass.values()) {
                        int[] a = rows.stream().mapToInt(Integer::intValue).toArray();
                        Shuffle.inPlace(a, random);
                        int cut = (int) Math.round(a.length * trainFraction);
                        for (int i = 0; i < a.length; i++) {
                            (i < cut ? train : test).add(a[i]);
                        }
                    }
                    return sorted(train, test, data, trainFraction);
                });
    }

    /**
     * @return a random split by groups: all rows with the same value of {@code column} land in the same
     *     part (no group on both sides); groups are added to training until it holds {@code trainFraction}
     *     of the rows
     */
    public static Strategy grouped(String column, double trainFraction, long seed) {
        Objects.requireNonNull(column, "column");
        checkFraction(trainFraction);
        return new Strategy("split-grouped", Map.of("column", column, "trainFraction", Double.toString(trainFraction),
                "seed", Long.toString(seed)), data -> {
                    if (data.schema().indexOf(column) < 0) {
                        throw new SchemaMismatchException(column, "Dataset " + data.id() + " has no group column '"
                                + column + "'; its columns are " + data.schema().names());
                    }
                    TreeMap<String, List<Integer>> groups = new TreeMap<>();
                    for (int r = 0; r < data.size(); r++) {
                        String g = data.string(column, r);
                        groups.computeIfAbsent(g == null ? "\0missing" : g, k -> new ArrayList<>()).add(r);
                    }
                    if (groups.size() < 2) {
                        throw new IllegalArgumentException("Dataset " + data.id() + " has " + groups.size()
                                + " group(s) in '" + column + "'; a grouped split needs at least two");
                    }
                    List<List<Integer>> order = new ArrayList<>(groups.values());
                    SplittableRandom random = new SplittableRandom(seed);
                    for (int i = order.size() - 1; i > 0; i--) {
                        int j = random.nextInt(i + 1);
                        List<Integer> t = order.get(i);
                        order.set(i, order.get(j));
                        order.set(j, t);
                    }
                    long target = Math.round(data.size() * trainFraction);
                    List<Integer> train = new ArrayList<>();
                    List<Integer> test = new ArrayList<>();
                    for (int i = 0; i < order.size(); i++) {
                        boolean toTrain = i == 0 || (i < order.size() - 1 && train.size() < target);
                        (toTrain ? train : test).addAll(order.get(i));
                    }
                    return sorted(train, test, data, trainFraction);
                });
    }

    /**
     * @param k the number of folds, at least 2
     * @param fold which fold is the test part, 0-based
     * @return fold {@code fold} of {@link Folds#random(int, long)}: that fold tests, the other folds train.
     *     Over all folds every row is tested exactly once.
     */
    public static Strategy kFold(int k, int fold, long seed) {
        return fold(Folds.random(k, seed), fold);
    }

    /**
     * @param fold which fold is the test part, 0-based
     * @return fold {@code fold} of a k-fold partition: that fold tests, the other folds train; the same
     *     rows as {@code CrossValidation} and {@code Lifecycle.search} hold out with the same {@code folds}
     */
    public static Strategy fold(Folds folds, int fold) {
        Objects.requireNonNull(folds, "folds");
        if (fold < 0 || fold >= folds.k()) {
            throw new IllegalArgumentException("Fold " + fold + " does not exist; folds are 0.." + (folds.k() - 1));
        }
        Map<String, String> details = new java.util.LinkedHashMap<>(folds.details());
        details.put("fold", Integer.toString(fold));
        return new Strategy("split-k-fold", details, data -> {
            int[] test = folds.testRows(data)[fold];
            return new int[][] {Folds.complement(data.size(), test), test};
        });
    }

    private static void checkFraction(double f) {
        if (!(f > 0 && f < 1)) {
            throw new IllegalArgumentException("trainFraction must be between 0 and 1 (exclusive), got " + f);
        }
    }

    private static int cut(DatasetVersion data, double f, int n) {
        int cut = (int) Math.round(n * f);
        if (cut == 0 || cut == n) {
            throw new IllegalArgumentException("Dataset " + data.id() + " has " + n + " rows: too few to split "
                    + f + " / " + (1 - f));
        }
        return cut;
    }

    static int[] range(int from, int to) {
        int[] r = new int[to - from];
        for (int i = 0; i < r.length; i++) {
            r[i] = from + i;
        }
        return r;
    }

    private static int[][] parts(int[] shuffled, int cut) {
        int[] train = Arrays.copyOfRange(shuffled, 0, cut);
        int[] test = Arrays.copyOfRange(shuffled, cut, shuffled.length);
        Arrays.sort(train);
        Arrays.sort(test);
        return new int[][] {train, test};
    }

    private static int[][] sorted(List<Integer> train, List<Integer> test, DatasetVersion data, double f) {
        if (train.isEmpty() || test.isEmpty()) {
            throw new IllegalArgumentException("Dataset " + data.id() + " has " + data.size()
                    + " rows: too few to split " + f + " / " + (1 - f) + "; one part would be empty");
        }
        int[] a = train.stream().mapToInt(Integer::intValue).sorted().toArray();
        int[] b = test.stream().mapToInt(Integer::intValue).sorted().toArray();
        return new int[][] {a, b};
    }

    static Map<String, String> with(Map<String, String> details, String key, String value) {
        Map<String, String> m = new HashMap<>(details);
        m.put(key, value);
        return m;
    }
}
