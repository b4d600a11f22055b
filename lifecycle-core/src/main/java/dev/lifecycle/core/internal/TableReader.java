package dev.lifecycle.core.internal;

import dev.lifecycle.api.data.DataImportException;
import dev.lifecycle.api.data.DataSource;
import dev.lifecycle.api.data.Field;
import dev.lifecycle.api.data.FieldType;
import dev.lifecycle.api.data.Lineage;
import dev.lifecycle.api.data.Schema;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads a {@link DataSource} into a {@link ColumnarDataset} in one streaming pass. Column types are
 * declared or inferred from the first {@value #SAMPLE} records; the target is categorical unless
 * declared otherwise. Any malformed value fails the whole read with a {@link DataImportException}
 * naming the source, line and column.
 *
 * <p>When the cursor can {@linkplain FieldCursor#splitRest() split off} the second half of its input
 * after the sample, another thread reads that half into its own columns, which are appended at the
 * end. The result is the one pass's: if the first half reads on past the split point, the other
 * thread's work is dropped; if the second half fails, the first cursor reads on through it itself, so
 * that the error (or the earlier one of the first half) names the line the one pass would name.
 */
public final class TableReader {
    /** Records looked at to infer column types. */
    public static final int SAMPLE = 1000;
    /** Share of numeric values above which a column is numeric and other values are errors. */
    private static final double NUMERIC_SHARE = 0.95;
    private static final AtomicLong SPLIT_READS = new AtomicLong();

    private TableReader() {
    }

    /**
     * @param target the target column or null
     * @param declared declared column types
     * @return the content, named {@code name}, version 0, with the given lineage
     */
    public static ColumnarDataset read(DataSource source, String target, Map<String, FieldType> declared,
            String name, Lineage lineage) {
        return read(source, target, declared, Map.of(), name, lineage);
    }

    /**
     * @param target the target column or null
     * @param declared declared column types
     * @param roles the roles of columns that are not features; a weight column is read as NUMERIC
     * @return the content, named {@code name}, version 0, with the given lineage
     */
    public static ColumnarDataset read(DataSource source, String target, Map<String, FieldType> declared,
            Map<String, dev.lifecycle.api.data.ColumnRole> roles, String name, Lineage lineage) {
        try (DataSource.Cursor cursor = source.open()) {
            List<String> columns = cursor.columns();
            checkColumns(source, columns, target, declared);
            checkRoles(source, columns, roles);
            List<Object[]> sample = new ArrayList<>();
            List<Long> sampleLines = new ArrayList<>();
            while (sample.size() < SAMPLE && cursor.next()) {
                Object[] rec = new Object[columns.size()];
                for (int i = 0; i < rec.length; i++) {
                    rec[i] = cursor.value(i);
                }
                sample.add(rec);
                sampleLines.add(cursor.line());
            }
            if (sample.isEmpty()) {
                throw new DataImportException(source.name(), Math.max(1, cursor.line()),
                        columns.isEmpty() ? "#1" : columns.get(0),
                        "no data rows after the header; a dataset needs at least one row");
            }
            Builder[] builders = new Builder[columns.size()];
            for (int i = 0; i < builders.length; i++) {
                String col = columns.get(i);
                boolean weight = roles.get(col) == dev.lifecycle.api.data.ColumnRole.WEIGHT;
                FieldType type = declared.containsKey(col) ? declared.get(col)
                        : col.equals(target) ? FieldType.CATEGORICAL : weight ? FieldType.NUMERIC : infer(sample, i);
                builders[i] = new Builder(source.name(), col, type, declared.containsKey(col) || weight);
            }
            for (int r = 0; r < sample.size(); r++) {
                Object[] rec = sample.get(r);
                for (int i = 0; i < builders.length; i++) {
                    builders[i].add(rec[i], sampleLines.get(r));
                }
            }
            if (cursor instanceof FieldCursor fields) {
                boolean[] numeric = new boolean[builders.length];
                for (int i = 0; i < builders.length; i++) {
                    numeric[i] = builders[i].type == FieldType.NUMERIC;
                }
                fields.numericColumns(numeric);
                FieldCursor rest = fields.splitRest();
                if (rest == null) {
                    readAll(fields, builders);
                } else {
                    readSplit(fields, rest, builders);
                }
            } else {
                while (cursor.next()) {
                    for (int i = 0; i < builders.length; i++) {
                        builders[i].add(cursor.value(i), cursor.line());
                    }
                }
            }
            Column[] built = new Column[builders.length];
            ColumnarDataset.parallel(builders.length, i -> built[i] = builders[i].build());
            List<Field> fields = new ArrayList<>(builders.length);
            for (int i = 0; i < builders.length; i++) {
                fields.add(builders[i].field(built[i]));
            }
            List<Column> cols = List.of(built);
            return new ColumnarDataset(name, 0, new Schema(fields, target, roles), lineage, cols);
        } catch (IOException e) {
            throw FileErrors.of(source.name(), e);
        }
    }

    /** @return how many reads so far were read in two halves and joined (a test hook) */
    public static long splitReads() {
        return SPLIT_READS.get();
    }

    private static void readAll(FieldCursor cursor, Builder[] builders) throws IOException {
        while (cursor.next()) {
            for (int i = 0; i < builders.length; i++) {
                builders[i].add(cursor, i);
            }
        }
    }

    private static void readSplit(FieldCursor first, FieldCursor rest, Builder[] builders) throws IOException {
        Builder[] restBuilders = new Builder[builders.length];
        for (int i = 0; i < builders.length; i++) {
            restBuilders[i] = builders[i].sibling();
        }
        RestReader job = new RestReader(rest, restBuilders);
        Thread thread = new Thread(job, "lifecycle-import");
        thread.setDaemon(true);
        try {
            thread.start();
        } catch (Throwable e) {
            rest.close();
            throw e;
        }
        try {
            readAll(first, builders);
            if (first.readPastSplit()) {
                return;
            }
            join(thread);
            if (job.failure == null) {
                for (int i = 0; i < builders.length; i++) {
                    builders[i].append(restBuilders[i]);
                }
                SPLIT_READS.incrementAndGet();
            } else {
                first.rejoin();
                readAll(first, builders);
            }
        } finally {
            job.cancelled = true;
            join(thread);
        }
    }

    private static void join(Thread thread) {
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Reads the split-off records into their own builders; stops early when cancelled. */
    private static final class RestReader implements Runnable {
        private final FieldCursor cursor;
        private final Builder[] builders;
        volatile boolean cancelled;
        Throwable failure;

        RestReader(FieldCursor cursor, Builder[] builders) {
            this.cursor = cursor;
            this.builders = builders;
        }

        @Override
        public void run() {
            try (FieldCursor c = cursor) {
                int records = 0;
                while (c.next()) {
                    for (int i = 0; i < builders.length; i++) {
                        builders[i].add(c, i);
                    }
                    if ((++records & 1023) == 0 && cancelled) {
                        return;
                    }
                }
            } catch (Throwable e) {
                failure = e;
            }
        }
    }

    private static void checkColumns(DataSource source, List<String> columns, String target,
            Map<String, FieldType> declared) {
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            Integer before = seen.put(columns.get(i), i);
            if (before != null) {
                throw new DataImportException(source.name(), 1, columns.get(i), "the column name appears twice"
                        + " (positions " + (before + 1) + " and " + (i + 1) + "); column names must be unique");
            }
        }
        if (target != null && !seen.containsKey(target)) {
            throw new DataImportException(source.name(), 1, target, "the target column is missing; the columns are "
                    + columns + ". Name an existing column as the target");
        }
        for (String col : declared.keySet()) {
            if (!seen.containsKey(col)) {
                throw new DataImportException(source.name(), 1, col, "a type is declared for this column, but the"
                        + " source has no such column; the columns are " + columns);
            }
        }
    }

    private static void checkRoles(DataSource source, List<String> columns,
            Map<String, dev.lifecycle.api.data.ColumnRole> roles) {
        for (Map.Entry<String, dev.lifecycle.api.data.ColumnRole> e : roles.entrySet()) {
            if (!columns.contains(e.getKey())) {
                throw new DataImportException(source.name(), 1, e.getKey(), "the role " + e.getValue()
                        + " is given for this column, but the source has no such column; the columns are " + columns);
            }
        }
    }

    private static FieldType infer(List<Object[]> sample, int column) {
        int present = 0;
        int numeric = 0;
        int bool = 0;
        for (Object[] rec : sample) {
            Object v = rec[column];
            if (v == null) {
                continue;
            }
            present++;
            if (v instanceof Number || (v instanceof String s && parses(s))) {
                numeric++;
            } else if (v instanceof Boolean || (v instanceof String s && isBoolean(s))) {
                bool++;
            }
        }
        if (present == 0 || numeric == present) {
            return FieldType.NUMERIC;
        }
        if (bool == present) {
            return FieldType.BOOLEAN;
        }
        if (present >= 20 && numeric >= NUMERIC_SHARE * present) {
            return FieldType.NUMERIC;
        }
        return FieldType.CATEGORICAL;
    }

    private static boolean isBoolean(String s) {
        return s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false");
    }

    private static boolean parses(String s) {
        try {
            parseNumber(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static double parseNumber(String s) {
        return FastDoubles.parse(s);
    }

    /**
     * Accumulates one column in chunks that double in size up to {@value #MAX_CHUNK} values, so growing
     * never copies what was read and a small import allocates little. The cap keeps the unused tail of
     * the last chunk small and every chunk (256 KB of doubles) below G1's humongous-object size, so a
     * full collection can compact chunks to make room for the joined column; with 8 MB chunks a 200 MB
     * import needed a 600 MB heap, with these 350 MB (LargeImportHeapTest keeps it bounded).
     */
    private static final class Builder {
        /** Small, so a wide file of few rows costs memory by its data, not columns x a fixed buffer. */
        private static final int FIRST_CHUNK = 1 << 5;
        private static final int MAX_CHUNK = 1 << 15;
        private final String source;
        private final String name;
        private final FieldType type;
        private final boolean declared;
        private final List<double[]> numberChunks = new ArrayList<>();
        private final List<int[]> codeChunks = new ArrayList<>();
        private final List<String[]> textChunks = new ArrayList<>();
        private double[] numbers;
        private int[] codes;
        private String[] texts;
        private int fill;
        private int chunk;
        private final Map<String, Integer> dictionary = new HashMap<>();
        private Codes byBytes;
        private final List<String> firstSeen = new ArrayList<>();
        private int size;
        private boolean missing;
        private final List<Builder> tails = new ArrayList<>();
        private int[] toHead;

        Builder(String source, String name, FieldType type, boolean declared) {
            this.source = source;
            this.name = name;
            this.type = type;
            this.declared = declared;
        }

        private void room() {
            if (fill == chunk) {
                chunk = chunk == 0 ? FIRST_CHUNK : Math.min(chunk * 2, MAX_CHUNK);
                switch (type) {
                    case NUMERIC -> numberChunks.add(numbers = new double[chunk]);
                    case TEXT -> textChunks.add(texts = new String[chunk]);
                    default -> codeChunks.add(codes = new int[chunk]);
                }
                fill = 0;
            }
        }

        /** @return an empty builder for the same column */
        Builder sibling() {
            return new Builder(source, name, type, declared);
        }

        /** Appends what a {@link #sibling()} read from the records after this builder's. */
        void append(Builder tail) {
            if (type != FieldType.NUMERIC && type != FieldType.TEXT) {
                tail.toHead = new int[tail.firstSeen.size()];
                for (int i = 0; i < tail.toHead.length; i++) {
                    tail.toHead[i] = code(tail.firstSeen.get(i), 0);
                }
            }
            missing |= tail.missing;
            tails.add(tail);
        }

        private List<Builder> parts() {
            List<Builder> parts = new ArrayList<>(1 + tails.size());
            parts.add(this);
            parts.addAll(tails);
            return parts;
        }

        private int total() {
            int n = size;
            for (Builder t : tails) {
                n += t.size;
            }
            return n;
        }

        void add(FieldCursor cursor, int column) {
            if (cursor.isMissing(column)) {
                add(null, cursor.line());
            } else if (type == FieldType.NUMERIC) {
                room();
                try {
                    numbers[fill] = cursor.number(column);
                } catch (NumberFormatException e) {
                    throw notNumber(cursor.value(column), cursor.line());
                }
                fill++;
                size++;
            } else if (type == FieldType.TEXT) {
                add(cursor.value(column), cursor.line());
            } else {
                if (byBytes == null) {
                    byBytes = new Codes(s -> code(s, cursor.line()));
                }
                room();
                codes[fill] = cursor.code(column, byBytes);
                fill++;
                size++;
            }
        }

        void add(Object value, long line) {
            room();
            if (value == null) {
                missing = true;
            }
            switch (type) {
                case NUMERIC -> numbers[fill] = value == null ? Double.NaN : number(value, line);
                case TEXT -> texts[fill] = value == null ? null : value.toString();
                default -> codes[fill] = value == null ? -1 : code(value, line);
            }
            fill++;
            size++;
        }

        private double number(Object value, long line) {
            if (value instanceof Number n) {
                return n.doubleValue();
            }
            try {
                return parseNumber(value.toString());
            } catch (NumberFormatException e) {
                throw notNumber(value, line);
            }
        }

        private DataImportException notNumber(Object value, long line) {
            return new DataImportException(source, line, name, "'" + value + "' is not a number, but the column is"
                    + " numeric (" + (declared ? "declared" : "inferred from the first rows") + "). Fix the value,"
                    + " add it to the missing-value tokens, or declare the column CATEGORICAL");
        }

        private int code(Object value, long line) {
            String s = value instanceof Number n ? Categories.canonical(n.doubleValue()) : value.toString();
            if (type == FieldType.BOOLEAN) {
                if (!isBoolean(s)) {
                    throw new DataImportException(source, line, name, "'" + value + "' is not true or false, but the"
                            + " column is boolean. Fix the value or declare the column CATEGORICAL");
                }
                s = s.toLowerCase(Locale.ROOT);
            }
            Integer c = dictionary.get(s);
            if (c == null) {
                c = firstSeen.size();
                dictionary.put(s, c);
                firstSeen.add(s);
            }
            return c;
        }

        Column build() {
            return switch (type) {
                case NUMERIC -> new Column.Numeric(joinNumbers());
                case TEXT -> new Column.Text(joinTexts());
                default -> sortedCodes();
            };
        }

        private double[] joinNumbers() {
            return join(new double[total()], b -> b.numberChunks);
        }

        private String[] joinTexts() {
            return join(new String[total()], b -> b.textChunks);
        }

        /** Copies every part's chunks into {@code out}, in order, releasing each chunk once copied. */
        private <A> A join(A out, java.util.function.Function<Builder, List<A>> chunksOf) {
            int at = 0;
            for (Builder part : parts()) {
                int left = part.size;
                List<A> chunks = chunksOf.apply(part);
                for (int c = 0; c < chunks.size(); c++) {
                    A chunk = chunks.set(c, null);
                    int n = Math.min(java.lang.reflect.Array.getLength(chunk), left);
                    System.arraycopy(chunk, 0, out, at, n);
                    at += n;
                    left -= n;
                }
            }
            return out;
        }

        /** Re-codes so that the dictionary is in sorted order, which makes equal content give equal bytes. */
        private Column sortedCodes() {
            List<String> sorted = type == FieldType.BOOLEAN ? List.of("false", "true")
                    : List.copyOf(new TreeSet<>(firstSeen));
            int[] remap = new int[firstSeen.size()];
            for (int i = 0; i < remap.length; i++) {
                remap[i] = java.util.Collections.binarySearch(sorted, firstSeen.get(i));
            }
            int[] out = new int[total()];
            int at = 0;
            for (Builder part : parts()) {
                int[] map = remap;
                if (part.toHead != null) {
                    map = new int[part.toHead.length];
                    for (int i = 0; i < map.length; i++) {
                        map[i] = remap[part.toHead[i]];
                    }
                }
                int left = part.size;
                for (int c = 0; c < part.codeChunks.size(); c++) {
                    int[] chunk = part.codeChunks.set(c, null);
                    int n = Math.min(chunk.length, left);
                    for (int i = 0; i < n; i++) {
                        out[at + i] = chunk[i] < 0 ? -1 : map[chunk[i]];
                    }
                    at += n;
                    left -= n;
                }
            }
            return new Column.Coded(out, sorted);
        }

        Field field(Column built) {
            List<String> cats = type == FieldType.CATEGORICAL ? ((Column.Coded) built).dictionary() : List.of();
            return new Field(name, type, missing, cats);
        }
    }
}
