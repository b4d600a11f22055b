package dev.lifecycle.core.data;

import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.data.FieldType;
import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.data.ValidationReport.Failure;
import dev.lifecycle.core.internal.BinaryFormat;
import dev.lifecycle.core.internal.Column;
import dev.lifecycle.core.internal.ColumnarDataset;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.apiguardian.api.API;

/**
 * Something every version of a dataset should satisfy, checked by
 * {@link DatasetRegistry#validate(DatasetVersion, java.util.List)}. Build them with the static
 * factories, or let {@link #suggest(DatasetProfile)} propose them from a profile.
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public final class Expectation {
    private static final int EXAMPLES = 5;

    private final String description;
    private final String column;
    private final Check check;
    private final Verdict verdict;

    private interface Check {
        void run(ColumnarDataset data, long firstRow, Tally into);
    }

    private interface Verdict {
        Failure of(Tally t, String description, String column);
    }

    private Expectation(String description, String column, Check check, Verdict verdict) {
        this.description = description;
        this.column = column;
        this.check = check;
        this.verdict = verdict;
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
        return failure(tally(data, 0));
    }

    /**
     * Checks one part of a larger dataset, for engines that validate in parts (lifecycle-spark): merge the
     * tallies of all parts with {@link Tally#merge} and pass the result to {@link #failure(Tally)}.
     *
     * @param part the rows of the part
     * @param firstRow the position of the part's first row in the whole dataset (failing rows are reported by position)
     */
    @API(status = API.Status.INTERNAL, consumers = "dev.lifecycle.spark")
    public Tally tally(DatasetVersion part, long firstRow) {
        ColumnarDataset data = ColumnarDataset.of(part);
        Tally t = new Tally();
        t.rows = data.size();
        if (column != null && data.schema().indexOf(column) < 0) {
            t.absent = data.schema().names().toString();
            return t;
        }
        check.run(data, firstRow, t);
        return t;
    }

    /** @return the failure of this expectation given the merged tally of every part, or {@code null} when it holds */
    @API(status = API.Status.INTERNAL, consumers = "dev.lifecycle.spark")
    public Failure failure(Tally merged) {
        if (merged.absent != null) {
            return new Failure(description, column, merged.rows, List.of(), "the column is absent; columns are "
                    + merged.absent);
        }
        return verdict.of(merged, description, column);
    }

    /**
     * The mergeable state of checking one expectation over part of a dataset: rows seen, failing rows and
     * the first failing positions (and, for {@link #unique}, where each value first occurs). {@link #merge}
     * is associative and commutative; {@link #toBytes()} is the form to ship between processes.
     */
    @API(status = API.Status.INTERNAL, consumers = "dev.lifecycle.spark")
    public static final class Tally {
        private long rows;
        private long failing;
        private String absent;
        private final TreeSet<Long> examples = new TreeSet<>();
        private Map<Object, Long> firstSeen;

        private Tally() {
        }

        private void fail(long position) {
            failing++;
            example(position);
        }

        private void example(long position) {
            examples.add(position);
            if (examples.size() > EXAMPLES) {
                examples.pollLast();
            }
        }

        /** @return this tally with the state of another tally of the same expectation added (the other is unchanged) */
        public Tally merge(Tally o) {
            rows += o.rows;
            failing += o.failing;
            if (absent == null) {
                absent = o.absent;
            }
            o.examples.forEach(this::example);
            if (o.firstSeen != null) {
                if (firstSeen == null) {
                    firstSeen = new HashMap<>();
                }
                for (Map.Entry<Object, Long> e : o.firstSeen.entrySet()) {
                    Long mine = firstSeen.get(e.getKey());
                    if (mine == null) {
                        firstSeen.put(e.getKey(), e.getValue());
                    } else {
                        fail(Math.max(mine, e.getValue()));
                        firstSeen.put(e.getKey(), Math.min(mine, e.getValue()));
                    }
                }
            }
            return this;
        }

        private List<Integer> exampleList() {
            return examples.stream().map(Long::intValue).toList();
        }

        /** "LCXT": the magic of {@link #toBytes()}. */
        private static final int MAGIC = 0x4c435854;
        /** The format version of {@link #toBytes()}. */
        private static final int FORMAT_VERSION = 1;

        /** @return the state as bytes (magic, format version, state), read back by {@link #fromBytes(byte[])} */
        public byte[] toBytes() {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                BinaryFormat.writeHeader(out, MAGIC, FORMAT_VERSION);
                out.writeLong(rows);
                out.writeLong(failing);
                out.writeBoolean(absent != null);
                if (absent != null) {
                    out.writeUTF(absent);
                }
                out.writeInt(examples.size());
                for (long e : examples) {
                    out.writeLong(e);
                }
                out.writeInt(firstSeen == null ? -1 : firstSeen.size());
                if (firstSeen != null) {
                    for (Map.Entry<Object, Long> e : firstSeen.entrySet()) {
                        if (e.getKey() instanceof Double d) {
                            out.writeBoolean(true);
                            out.writeDouble(d);
                        } else {
                            out.writeBoolean(false);
                            out.writeUTF((String) e.getKey());
                        }
                        out.writeLong(e.getValue());
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return bytes.toByteArray();
        }

        /** @return the tally written by {@link #toBytes()} */
        public static Tally fromBytes(byte[] bytes) {
            Tally t = new Tally();
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
                BinaryFormat.readHeader(in, MAGIC, FORMAT_VERSION, "expectation tally");
                t.rows = in.readLong();
                t.failing = in.readLong();
                if (in.readBoolean()) {
                    t.absent = in.readUTF();
                }
                for (int i = in.readInt(); i > 0; i--) {
                    t.examples.add(in.readLong());
                }
                int n = in.readInt();
                if (n >= 0) {
                    t.firstSeen = new HashMap<>();
                    for (int i = 0; i < n; i++) {
                        Object key = in.readBoolean() ? (Object) in.readDouble() : in.readUTF();
                        t.firstSeen.put(key, in.readLong());
                    }
                }
            } catch (IOException e) {
                throw new IllegalArgumentException("Not an expectation tally: " + e.getMessage(), e);
            }
            return t;
        }
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
        return new Expectation(description, column, (data, first, t) -> {
            Column c = data.column(column);
            t.firstSeen = new HashMap<>();
            for (int r = 0; r < data.size(); r++) {
                if (c.isMissing(r)) {
                    continue;
                }
                Object v = c instanceof Column.Numeric n ? (Object) n.values()[r]
                        : c instanceof Column.Coded coded ? coded.value(r) : ((Column.Text) c).values()[r];
                if (t.firstSeen.putIfAbsent(v, first + r) != null) {
                    t.fail(first + r);
                }
            }
        }, (t, d, col) -> t.failing == 0 ? null
                : new Failure(d, col, t.failing, t.exampleList(), t.failing + " repeated values"));
    }

    /** @return the expectation that the version has between {@code min} and {@code max} rows */
    public static Expectation rowCount(long min, long max) {
        if (min < 0 || min > max) {
            throw new IllegalArgumentException("Row count range [" + min + ", " + max + "] is empty or negative");
        }
        return new Expectation("row count in [" + min + ", " + max + "]", null, (data, first, t) -> {
        }, (t, d, col) -> t.rows >= min && t.rows <= max ? null
                : new Failure(d, null, 1, List.of(), "row count " + t.rows));
    }

    /** @return the expectation that at most a share {@code rate} of a column's values are missing */
    public static Expectation missingRateAtMost(String column, double rate) {
        if (!(rate >= 0 && rate <= 1)) {
            throw new IllegalArgumentException("Missing rate of '" + column + "' must be in [0, 1], got " + rate);
        }
        return new Expectation(column + " missing rate <= " + rate, column, (data, first, t) -> {
            Column c = data.column(column);
            for (int r = 0; r < data.size(); r++) {
                if (c.isMissing(r)) {
                    t.fail(first + r);
                }
            }
        }, (t, d, col) -> {
            double observed = t.rows == 0 ? 0 : (double) t.failing / t.rows;
            return observed <= rate ? null : new Failure(d, col, t.failing, t.exampleList(), "missing rate " + observed);
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
        return new Expectation(description, null, (data, first, t) -> {
            for (int r = 0; r < data.size(); r++) {
                if (!predicate.test(data.row(r))) {
                    t.fail(first + r);
                }
            }
        }, (t, d, col) -> t.failing == 0 ? null
                : new Failure(d, null, t.failing, t.exampleList(), t.failing + " rows fail"));
    }

    private interface RowTest {
        boolean ok(Column c, int row);
    }

    private static Expectation rowwise(String description, String column, RowTest test) {
        Objects.requireNonNull(column, "column");
        return new Expectation(description, column, (data, first, t) -> {
            Column c = data.column(column);
            for (int r = 0; r < data.size(); r++) {
                if (!test.ok(c, r)) {
                    t.fail(first + r);
                }
            }
        }, (t, d, col) -> t.failing == 0 ? null
                : new Failure(d, col, t.failing, t.exampleList(), t.failing + " of " + t.rows + " rows fail"));
    }

    /**
     * Suggests expectations from a profile, as Deequ suggests constraints: not-null for complete
     * columns, a missing-rate bound (twice the observed rate) otherwise, for numeric columns a range
     * from the observed minimum and maximum widened by a tenth of their span on each side (never
     * below 0 when no value was negative; whole numbers when every quantile is whole), in-set for
     * categorical columns of at most 100 values, and unique for columns whose every value is distinct;
     * identifier columns (by the profile's roles) get only the missing-value suggestion and, when their
     * distinct count (an estimate for numbers) is near their count, unique.
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
            if (profile.roles().get(name) == dev.lifecycle.api.data.ColumnRole.IDENTIFIER) {
                if (c.count() > 1 && c.distinct() >= 0.95 * c.count()) {
                    out.add(unique(name));
                }
                continue;
            }
            if (c instanceof NumericProfile n && n.count() > 0 && Double.isFinite(n.min()) && Double.isFinite(n.max())) {
                double margin = (n.max() - n.min()) / 10;
                double lo = n.min() - margin;
                double hi = n.max() + margin;
                if (n.min() >= 0) {
                    lo = Math.max(0, lo);
                }
                if (n.min() == Math.rint(n.min()) && n.max() == Math.rint(n.max()) && wholeQuantiles(n)) {
                    lo = Math.floor(lo);
                    hi = Math.ceil(hi);
                }
                out.add(range(name, lo, hi));
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

    private static boolean wholeQuantiles(NumericProfile n) {
        for (double q : new double[] {0.1, 0.25, 0.5, 0.75, 0.9}) {
            double v = n.quantile(q);
            if (v != Math.rint(v)) {
                return false;
            }
        }
        return true;
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
        return ColumnarDataset.of(v);
    }
}
