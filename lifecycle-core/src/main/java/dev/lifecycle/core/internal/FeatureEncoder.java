package dev.lifecycle.core.internal;

import dev.lifecycle.api.data.Field;
import dev.lifecycle.api.data.FieldType;
import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.data.SchemaMismatchException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The row → named features encoding of one model signature, compiled once: numbers and booleans are
 * one feature each, a categorical field is one-hot ({@code field=value}); text fields are not features.
 * Feature names come out sorted, as Tribuo's examples require, without sorting strings per call.
 *
 * <p>Thread-safe. Each call allocates only its two result arrays (numeric-only signatures share one
 * names array). A missing feature, a value of the wrong type, NaN or an infinite (or, with a
 * {@code limit}, too large) number, or an unseen category throws {@link SchemaMismatchException}
 * naming the feature. A categorical whose categories look numeric accepts them as numbers or text in
 * any form that parses to the same number ({@code 2}, {@code 2.0}, {@code "2"}, {@code "2.0"} for
 * the category {@code "2"}, see {@link Categories}); no other value is coerced.
 */
public final class FeatureEncoder {
    private final Field[] inputs;
    private final String[] universe;
    private final int[] rank;
    private final List<Map<String, Integer>> categoryRanks;
    /** Per input, the ranks of categories that look numeric, by their number; ambiguous numbers are left out. */
    private final List<Map<Double, Integer>> numericRanks;
    private final double limit;
    private final int[] hints;
    /** Per input, the row's name string that last matched it; racy like {@code hints}, a stale one costs an equals. */
    private final String[] seen;
    private final boolean fixedOrder;
    private final String[] fixedNames;
    private final int[] fixedSlot;

    /** @param fields the model's inputs; text fields are skipped */
    public FeatureEncoder(List<Field> fields) {
        this(fields, Double.MAX_VALUE);
    }

    /**
     * @param fields the model's inputs; text fields are skipped
     * @param limit the largest magnitude a numeric feature may have (e.g. {@link Float#MAX_VALUE} for
     *     models that compute in float); larger values are refused like infinities
     */
    public FeatureEncoder(List<Field> fields, double limit) {
        this.limit = limit;
        List<Field> used = new ArrayList<>();
        List<String> names = new ArrayList<>();
        boolean allScalar = true;
        for (Field f : fields) {
            switch (f.type()) {
                case NUMERIC, BOOLEAN -> {
                    used.add(f);
                    names.add(f.name());
                }
                case CATEGORICAL -> {
                    used.add(f);
                    allScalar = false;
                    for (String c : f.categories()) {
                        names.add(oneHotName(f.name(), c));
                    }
                }
                case TEXT -> {
                    // not a feature
                }
            }
        }
        this.inputs = used.toArray(new Field[0]);
        this.universe = names.stream().sorted().toArray(String[]::new);
        Map<String, Integer> position = new HashMap<>();
        for (int i = 0; i < universe.length; i++) {
            position.put(universe[i], i);
        }
        this.rank = new int[inputs.length];
        this.categoryRanks = new ArrayList<>();
        this.numericRanks = new ArrayList<>();
        for (int i = 0; i < inputs.length; i++) {
            Field f = inputs[i];
            Map<String, Integer> cats = new HashMap<>();
            Map<Double, Integer> numbers = new HashMap<>();
            if (f.type() == FieldType.CATEGORICAL) {
                List<Double> ambiguous = new ArrayList<>();
                for (String c : f.categories()) {
                    int r = position.get(oneHotName(f.name(), c));
                    cats.put(c, r);
                    double v = Categories.numericValue(c);
                    if (!Double.isNaN(v) && numbers.put(v == 0 ? 0.0 : v, r) != null) {
                        ambiguous.add(v == 0 ? 0.0 : v);
                    }
                }
                ambiguous.forEach(numbers::remove);
            } else {
                rank[i] = position.get(f.name());
            }
            categoryRanks.add(cats);
            numericRanks.add(numbers);
        }
        this.hints = new int[inputs.length];
        this.seen = new String[inputs.length];
        Arrays.setAll(hints, i -> i);
        this.fixedOrder = allScalar;
        this.fixedNames = allScalar ? universe : null;
        this.fixedSlot = allScalar ? rank.clone() : null;
    }

    /** @return the feature name of one category of a categorical field */
    public static String oneHotName(String field, String category) {
        return field + "=" + category;
    }

    /** @return every feature name this encoder can produce, sorted */
    public List<String> featureNames() {
        return List.of(universe);
    }

    /** Sorted feature names and their values for one row. */
    public static final class Features {
        /** Sorted names; may be shared between calls, never modify. */
        public final String[] names;
        /** Values, aligned with {@link #names}. */
        public final double[] values;

        Features(String[] names, double[] values) {
            this.names = names;
            this.values = values;
        }
    }

    /**
     * @return the features of a row
     * @throws SchemaMismatchException when a feature is absent, mistyped, or an unseen category
     */
    public Features encode(Row row) {
        if (fixedOrder) {
            double[] values = new double[inputs.length];
            for (int i = 0; i < inputs.length; i++) {
                values[fixedSlot[i]] = scalar(row, i, locate(row, i));
            }
            return new Features(fixedNames, values);
        }
        int[] ranks = new int[inputs.length];
        double[] vals = new double[inputs.length];
        int n = 0;
        for (int i = 0; i < inputs.length; i++) {
            int pos = locate(row, i);
            if (inputs[i].type() == FieldType.CATEGORICAL) {
                int r = category(row, i, pos);
                if (r < 0) {
                    continue;
                }
                ranks[n] = r;
                vals[n] = 1.0;
            } else {
                ranks[n] = rank[i];
                vals[n] = scalar(row, i, pos);
            }
            n++;
        }
        for (int i = 1; i < n; i++) {
            int r = ranks[i];
            double v = vals[i];
            int j = i - 1;
            while (j >= 0 && ranks[j] > r) {
                ranks[j + 1] = ranks[j];
                vals[j + 1] = vals[j];
                j--;
            }
            ranks[j + 1] = r;
            vals[j + 1] = v;
        }
        String[] names = new String[n];
        for (int i = 0; i < n; i++) {
            names[i] = universe[ranks[i]];
        }
        return new Features(names, n == vals.length ? vals : Arrays.copyOf(vals, n));
    }

    private int locate(Row row, int input) {
        String name = inputs[input].name();
        int hint = hints[input];
        if (hint < row.size()) {
            String at = row.name(hint);
            if (at == seen[input] || at == name) {
                return hint;
            }
            if (at.equals(name)) {
                // rows usually share their name strings: the next row's is then matched by identity
                seen[input] = at;
                return hint;
            }
        }
        int pos = row.indexOf(name);
        if (pos < 0) {
            throw new SchemaMismatchException(name, "Feature '" + name + "' is missing from the row; the model needs "
                    + requiredNames() + " and the row has " + row.names());
        }
        hints[input] = pos;
        return pos;
    }

    private double scalar(Row row, int input, int pos) {
        Field f = inputs[input];
        if (f.type() == FieldType.NUMERIC) {
            if (row.isNumber(pos)) {
                double v = row.number(pos);
                if (Math.abs(v) <= limit) {
                    return v;
                }
                if (!Double.isNaN(v)) {
                    throw new SchemaMismatchException(f.name(), "Feature '" + f.name() + "' is " + v + "; the model"
                            + " takes finite numbers" + (limit < Double.MAX_VALUE ? " of magnitude at most " + limit : "")
                            + ". Send a finite value, or configure an input policy that imputes");
                }
            }
            throw mistyped(row, f, pos, "a number");
        }
        Object v = row.get(pos);
        if (v instanceof Boolean b) {
            return b ? 1.0 : 0.0;
        }
        throw mistyped(row, f, pos, "true or false");
    }

    private int category(Row row, int input, int pos) {
        Field f = inputs[input];
        if (row.isNumber(pos)) {
            double d = row.number(pos);
            if (Double.isNaN(d) && f.nullable()) {
                return -1;
            }
            Integer r = numericRanks.get(input).get(d == 0 ? 0.0 : d);
            if (r != null) {
                return r;
            }
            if (numericRanks.get(input).isEmpty()) {
                throw mistyped(row, f, pos, "one of its categories (a String)");
            }
            throw new SchemaMismatchException(f.name(), "Feature '" + f.name() + "' has the value " + d
                    + ", which is not one of its categories " + f.categories());
        }
        Object v = row.get(pos);
        if (v == null && f.nullable()) {
            return -1;
        }
        if (!(v instanceof String s)) {
            throw mistyped(row, f, pos, "one of its categories (a String)");
        }
        Integer r = categoryRanks.get(input).get(s);
        if (r == null && !numericRanks.get(input).isEmpty()) {
            double d = Categories.numericValue(s);
            r = Double.isNaN(d) ? null : numericRanks.get(input).get(d == 0 ? 0.0 : d);
        }
        if (r == null) {
            throw new SchemaMismatchException(f.name(), "Feature '" + f.name() + "' has the category '" + s
                    + "', which the model never saw; known categories are " + f.categories());
        }
        return r;
    }

    private static SchemaMismatchException mistyped(Row row, Field f, int pos, String expected) {
        Object v = row.get(pos);
        String got = v == null || (v instanceof Double d && d.isNaN()) ? "a missing value"
                : v.getClass().getSimpleName() + " '" + v + "'";
        return new SchemaMismatchException(f.name(), "Feature '" + f.name() + "' must be " + expected + " ("
                + f.type() + (f.nullable() ? ", nullable" : "") + "), but the row has " + got);
    }

    private List<String> requiredNames() {
        List<String> out = new ArrayList<>(inputs.length);
        for (Field f : inputs) {
            out.add(f.name());
        }
        return out;
    }
}
