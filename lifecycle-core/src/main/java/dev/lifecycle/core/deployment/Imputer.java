package dev.lifecycle.core.deployment;

import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.data.Field;
import dev.lifecycle.api.data.FieldType;
import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.model.ModelVersion;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Rewrites a row the model cannot take: every absent, missing, mistyped or unseen value of a feature
 * becomes the median (numbers) or mode (categories, booleans) of the version's training data.
 */
final class Imputer {
    private final List<Field> inputs;
    private final Object[] fills;

    private Imputer(List<Field> inputs, Object[] fills) {
        this.inputs = inputs;
        this.fills = fills;
    }

    static Imputer of(ModelVersion v, DatasetVersion data) {
        List<Field> inputs = v.signature().inputs();
        Object[] fills = new Object[inputs.size()];
        for (int i = 0; i < fills.length; i++) {
            Field f = inputs.get(i);
            if (data.schema().field(f.name()).isEmpty()) {
                throw new IllegalStateException("Cannot impute feature '" + f.name() + "' of " + v.id()
                        + ": its training data " + data.id() + " has no such column; use InputPolicy.reject()"
                        + " or a fallback model");
            }
            fills[i] = switch (f.type()) {
                case NUMERIC -> median(data, f.name());
                case CATEGORICAL, BOOLEAN -> mode(data, f);
                case TEXT -> null;
            };
        }
        return new Imputer(inputs, fills);
    }

    private static Object median(DatasetVersion data, String column) {
        double[] values = new double[data.size()];
        int n = 0;
        for (int r = 0; r < data.size(); r++) {
            double v = data.number(column, r);
            if (!Double.isNaN(v)) {
                values[n++] = v;
            }
        }
        if (n == 0) {
            throw new IllegalStateException("Cannot impute feature '" + column + "': every value in " + data.id()
                    + " is missing");
        }
        Arrays.sort(values, 0, n);
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }

    private static Object mode(DatasetVersion data, Field f) {
        Map<String, Integer> counts = new HashMap<>();
        String best = null;
        int bestCount = 0;
        for (int r = 0; r < data.size(); r++) {
            String s = data.string(f.name(), r);
            if (s == null || (f.type() == FieldType.CATEGORICAL && !f.categories().contains(s))) {
                continue;
            }
            int c = counts.merge(s, 1, Integer::sum);
            if (c > bestCount || (c == bestCount && s.compareTo(best) < 0)) {
                best = s;
                bestCount = c;
            }
        }
        if (best == null) {
            throw new IllegalStateException("Cannot impute feature '" + f.name() + "': every value in " + data.id()
                    + " is missing");
        }
        return f.type() == FieldType.BOOLEAN ? Boolean.valueOf(best) : best;
    }

    /** @return the row with every bad feature value replaced by its fill */
    Row apply(Row row) {
        Row.Builder b = Row.builder(inputs.size());
        for (int i = 0; i < fills.length; i++) {
            Field f = inputs.get(i);
            int pos = row.indexOf(f.name());
            Object v = pos < 0 ? null : row.get(pos);
            b.set(f.name(), acceptable(f, v) ? v : fills[i]);
        }
        for (int i = 0; i < row.size(); i++) {
            if (!isInput(row.name(i))) {
                b.set(row.name(i), row.get(i));
            }
        }
        return b.build();
    }

    private boolean isInput(String column) {
        for (Field f : inputs) {
            if (f.name().equals(column)) {
                return true;
            }
        }
        return false;
    }

    private static boolean acceptable(Field f, Object v) {
        return switch (f.type()) {
            case NUMERIC -> v instanceof Double d && Double.isFinite(d);
            case BOOLEAN -> v instanceof Boolean;
            case CATEGORICAL -> (v instanceof String s && f.categories().contains(s))
                    || (v instanceof Double d && f.categories().contains(
                            dev.lifecycle.core.internal.Categories.canonical(d)));
            case TEXT -> true;
        };
    }
}
