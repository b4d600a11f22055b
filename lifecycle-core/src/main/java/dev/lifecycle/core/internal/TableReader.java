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

/**
 * Reads a {@link DataSource} into a {@link ColumnarDataset} in one streaming pass. Column types are
 * declared or inferred from the first {@value #SAMPLE} records; the target is categorical unless
 * declared otherwise. Any malformed value fails the whole read with a {@link DataImportException}
 * naming the source, line and column.
 */
public final class TableReader {
    /** Records looked at to infer column types. */
    public static final int SAMPLE = 1000;
    /** Share of numeric values above which a column is numeric and other values are errors. */
    private static final double NUMERIC_SHARE = 0.95;

    private TableReader() {
    }

    /**
     * @param target the target column or null
     * @param declared declared column types
     * @return the content, named {@code name}, version 0, with the given lineage
     */
    public static ColumnarDataset read(DataSource source, String target, Map<String, FieldType> declared,
            String name, Lineage lineage) {
        try (DataSource.Cursor cursor = source.open()) {
            List<String> columns = cursor.columns();
            checkColumns(source, columns, target, declared);
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
                throw new DataImportException(source.name(), 0, null,
                        "no data rows after the header; a dataset needs at least one row");
            }
            Builder[] builders = new Builder[columns.size()];
            for (int i = 0; i < builders.length; i++) {
                String col = columns.get(i);
                FieldType type = declared.containsKey(col) ? declared.get(col)
                        : col.equals(target) ? FieldType.CATEGORICAL : infer(sample, i);
                builders[i] = new Builder(source.name(), col, type, declared.containsKey(col));
            }
            for (int r = 0; r < sample.size(); r++) {
                Object[] rec = sample.get(r);
                for (int i = 0; i < builders.length; i++) {
                    builders[i].add(rec[i], sampleLines.get(r));
                }
            }
            if (cursor instanceof FieldCursor fields) {
                while (fields.next()) {
                    for (int i = 0; i < builders.length; i++) {
                        builders[i].add(fields, i);
                    }
                }
            } else {
                while (cursor.next()) {
                    for (int i = 0; i < builders.length; i++) {
                        builders[i].add(cursor.value(i), cursor.line());
                    }
                }
            }
            List<Field> fields = new ArrayList<>(builders.length);
            List<Column> cols = new ArrayList<>(builders.length);
            for (Builder b : builders) {
                Column c = b.build();
                cols.add(c);
                fields.add(b.field(c));
            }
            return new ColumnarDataset(name, 0, new Schema(fields, target), lineage, cols);
        } catch (IOException e) {
            throw new DataImportException(source.name(), 0, null, "cannot be read: " + e.getMessage());
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

    /** Accumulates one column in fixed-size chunks, so growing never copies what was read. */
    private static final class Builder {
        private static final int CHUNK = 1 << 16;
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
        private int fill = CHUNK;
        private final Map<String, Integer> dictionary = new HashMap<>();
        private Codes byBytes;
        private final List<String> firstSeen = new ArrayList<>();
        private int size;
        private boolean missing;

        Builder(String source, String name, FieldType type, boolean declared) {
            this.source = source;
            this.name = name;
            this.type = type;
            this.declared = declared;
        }

        private void room() {
            if (fill == CHUNK) {
                switch (type) {
                    case NUMERIC -> numberChunks.add(numbers = new double[CHUNK]);
                    case TEXT -> textChunks.add(texts = new String[CHUNK]);
                    default -> codeChunks.add(codes = new int[CHUNK]);
                }
                fill = 0;
            }
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
            String s = value.toString();
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
            double[] out = new double[size];
            for (int c = 0; c < numberChunks.size(); c++) {
                int from = c * CHUNK;
                System.arraycopy(numberChunks.get(c), 0, out, from, Math.min(CHUNK, size - from));
                numberChunks.set(c, null);
            }
            return out;
        }

        private String[] joinTexts() {
            String[] out = new String[size];
            for (int c = 0; c < textChunks.size(); c++) {
                int from = c * CHUNK;
                System.arraycopy(textChunks.get(c), 0, out, from, Math.min(CHUNK, size - from));
                textChunks.set(c, null);
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
            int[] out = new int[size];
            for (int c = 0; c < codeChunks.size(); c++) {
                int[] chunk = codeChunks.get(c);
                int from = c * CHUNK;
                int n = Math.min(CHUNK, size - from);
                for (int i = 0; i < n; i++) {
                    out[from + i] = chunk[i] < 0 ? -1 : remap[chunk[i]];
                }
                codeChunks.set(c, null);
            }
            return new Column.Coded(out, sorted);
        }

        Field field(Column built) {
            List<String> cats = type == FieldType.CATEGORICAL ? ((Column.Coded) built).dictionary() : List.of();
            return new Field(name, type, missing, cats);
        }
    }
}
