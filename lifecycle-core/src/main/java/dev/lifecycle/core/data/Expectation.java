package dev.lifecycle.core.data;

import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.data.FieldType;
import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.data.ValidationReport.Failure;
import dev.lifecycle.core.internal.Column;
import dev.lifecycle.core.internal.ColumnarDataset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Something every version of a dataset should satisfy, checked by
 * {@link DatasetRegistry#validate(DatasetVersion, java.util.List)}. Build them with the static
 * factories, or let {@link #suggest(DatasetProfile)} propose them from a profile.
 */
public final class Expectation {
    private static final int EXAMPLES = 5;

    private final String description;
    private final String column;
    private final Check check;

    private interface Check {
        Failure run(ColumnarDataset data, String description);
    }

    private Expectation(String description, String column, Check check) {
        this.description = description;
        this.column = column;
        this.check = check;
    }

    /** @return what is expected, e.g. {@code age in [0.0, 120.0]}; failures are reported under it */
    public String description() {
        return description;
    }

    /** @return the column concerned, or {@code null} for a whole-dataset expectation */
    public String column() {
        return column;
    }

    /** @return the failure of this expectation on a version, or {@code null} when it holds */
    Failure check(ColumnarDataset data) {
        if (column != null && data.schema().indexOf(column) < 0) {
            return new Failure(description, column, data.size(), List.of(), "the column is absent; columns are "
                    + data.schema().names());
        }
        return check.run(data, description);
    }

    /** @return the expectation that a column has no missing values */
    public static Expectation notNull(String column) {
        return rowwise(column + " is not null", column, (c, r) -> !c.isMissing(r));
    }

    /**
     * @return the expectation that every present value of a numeric column lies in [min, max]
     *     (use infinities for one-sided ranges)
     */
    public static Expectation range(String column, double min, double max) {
        if (!(min <= max)) {
            throw new IllegalArgumentException("Range of '" + column + "': min " + min + " exceeds max " + max);
        }
        return rowwise(column + " in [" + min + ", " + max + "]", column, (c, r) -> {
            if (!(c instanceof Column.Numeric n)) {
                return false;
            }
            double v = n.values()[r];
            return v != v || (v >= min && v <= max);
        });
    }

    /** @return the expectation that every present value of a column is one of {@code allowed} */
    public static Expectation inSet(String column, Collection<String> allowed) {
        Set<String> set = Set.copyOf(allowed);
        return rowwise(column + " in " + new TreeSet<>(set), column, (c, r) -> {
            if (c.isMissing(r)) {
                return true;
            }
            String v = c instanceof Column.Coded coded ? coded.value(r)
                    : c instanceof Column.Text t ? t.values()[r] : Double.toString(((Column.Numeric) c).values()[r]);
            return set.contains(v);
        });
    }

    /** @return the expectation that no present value of a column occurs twice; repeats fail */
    public static Expectation unique(String column) {
        String description = column + " is unique";
        return new Expectation(description, column, (data, d) -> {
            Column c = data.column(column);
            Set<Object> seen = new HashSet<>();
            long failing = 0;
            List<Integer> examples = new ArrayList<>();
            for (int r = 0; r < data.size(); r++) {
                if (c.isMissing(r)) {
                    continue;
                }
                Object v = c instanceof Column.Numeric n ? (Object) n.values()[r]
                        : c instanceof Column.Coded coded ? (Object) coded.codes()[r] : ((Column.Text) c).values()[r];
                if (!seen.add(v)) {
                    failing++;
                    if (examples.size() < EXAMPLES) {
                        examples.add(r);
                    }
                }
            }
            return failing == 0 ? null : new Failure(d, column, failing, examples, failing + " repeated values");
        });
    }

    /** @return the expectation that the version has between {@code min} and {@code max} rows */
    public static Expectation rowCount(long min, long max) {
        if (min < 0 || min > max) {
            throw new IllegalArgumentException("Row count range [" + min + ", " + max + "] is empty or negative");
        }
        return new Expectation("row count in [" + min + ", " + max + "]", null, (data, d) ->
                data.size() >= min && data.size() <= max ? null
                        : new Failure(d, null, 1, List.of(), "row count " + data.size()));
    }

    /** @return the expectation that at most a share {@code rate} of a column's values are missing */
    public static Expectation missingRateAtMost(String column, double rate) {
        if (!(rate >= 0 && rate <= 1)) {
            throw new IllegalArgumentException("Missing rate of '" + column + "' must be in [0, 1], got " + rate);
        }
        return new Expectation(column + " missing rate <= " + rate, column, (data, d) -> {
            Column c = data.column(column);
            long missing = 0;
            List<Integer> examples = new ArrayList<>();
            for (int r = 0; r < data.size(); r++) {
                if (c.isMissing(r)) {
                    missing++;
                    if (examples.size() < EXAMPLES) {
                        examples.add(r);
                    }
                }
            }
            double observed = data.size() == 0 ? 0 : (double) missing / data.size();
            return observed <= rate ? null : new Failure(d, column, missing, examples, "missing rate " + observed);
        });
    }

    /**
     * @param description how the expectation is reported, e.g. {@code "hours-per-week <= 99 unless self-employed"}
     * @param predicate must hold for every row; rows are materialized, so this is slower than the built-ins
     * @return a custom row-level expectation
     */
    public static Expectation satisfies(String description, Predicate<Row> predicate) {
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(predicate, "predicate");
        return new Expectation(description, null, (data, d) -> {
            long failing = 0;
            List<Integer> examples = new ArrayList<>();
            for (int r = 0; r < data.size(); r++) {
                if (!predicate.test(data.row(r))) {
                    failing++;
                    if (examples.size() < EXAMPLES) {
                        examples.add(r);
                    }
                }
            }
            return failing == 0 ? null : new Failure(d, null, failing, examples, failing + " rows fail");
        });
    }

    private interface RowTest {
        boolean ok(Column c, int row);
    }

    private static Expectation rowwise(String description, String column, RowTest test) {
        Objects.requireNonNull(column, "column");
        return new Expectation(description, column, (data, d) -> {
            Column c = data.column(column);
            long failing = 0;
            List<Integer> examples = new ArrayList<>();
            for (int r = 0; r < data.size(); r++) {
                if (!test.ok(c, r)) {
                    failing++;
                    if (examples.size() < EXAMPLES) {
                        examples.add(r);
                    }
                }
            }
            return failing == 0 ? null : new Failure(d, column, failing, examples, failing + " of " + data.size()
                    + " rows fail");
        });
    }

    /**
     * Suggests expectations from a profile, as Deequ suggests constraints: not-null for complete
     * columns, a missing-rate bound (twice the observed rate) otherwise, non-negative for numeric
     * columns whose minimum is at least 0, in-set for categorical columns of at most 100 values, and
     * unique for columns whose every value is distinct.
     *
     * @return the suggestions, in column order
     */
    public static List<Expectation> suggest(DatasetProfile profile) {
        List<Expectation> out = new ArrayList<>();
        for (ColumnProfile c : profile.columns().values()) {
            String name = c.column();
            if (c.missing() == 0) {
                out.add(notNull(name));
            } else {
                out.add(missingRateAtMost(name, Math.min(1, 2 * c.missingRate())));
            }
            if (c instanceof NumericProfile n && n.count() > 0 && n.min() >= 0) {
                out.add(range(name, 0, Double.POSITIVE_INFINITY));
            }
            if (c instanceof CategoricalProfile cat && cat.distinct() <= 100 && cat.count() > cat.distinct()) {
                out.add(inSet(name, cat.counts().keySet()));
            }
            if (c.count() > 1 && c.distinct() == c.count() && (c instanceof CategoricalProfile)) {
                out.add(unique(name));
            }
        }
        return out;
    }

    /** @return expectations implied by a pinned schema: not-null for non-nullable fields, in-set for categories */
    static List<Expectation> fromSchema(dev.lifecycle.api.data.Schema schema) {
        List<Expectation> out = new ArrayList<>();
        schema.fields().forEach(f -> {
            if (!f.nullable()) {
                out.add(notNull(f.name()));
            }
            if (f.type() == FieldType.CATEGORICAL && !f.categories().isEmpty()) {
                out.add(inSet(f.name(), f.categories()));
            }
        });
        return out;
    }

    @Override
    public String toString() {
        return description;
    }

    static ColumnarDataset columnar(DatasetVersion v) {
        return DatasetRegistry.columnar(v);
    }
}
