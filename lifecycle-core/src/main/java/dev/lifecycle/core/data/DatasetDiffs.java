package dev.lifecycle.core.data;

import dev.lifecycle.api.data.DatasetDiff;
import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.data.Field;
import dev.lifecycle.core.internal.Column;
import dev.lifecycle.core.internal.ColumnarDataset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * What changed between two dataset versions, for {@link DatasetRegistry#diff}: rows matched by a hash of
 * their non-target values, then the column statistics of the two profiles compared.
 */
final class DatasetDiffs {
    private DatasetDiffs() {
    }

    static DatasetDiff diff(DatasetVersion from, DatasetVersion to, Function<DatasetVersion, DatasetProfile> profiles) {
        ColumnarDataset a = ColumnarDataset.of(from);
        ColumnarDataset b = ColumnarDataset.of(to);
        String target = b.schema().target() != null ? b.schema().target() : a.schema().target();
        Map<Long, ArrayDeque<Integer>> pending = new HashMap<>();
        for (int r = 0; r < a.size(); r++) {
            pending.computeIfAbsent(featureHash(a, r, target), k -> new ArrayDeque<>()).add(r);
        }
        int added = 0;
        List<DatasetDiff.LabelChange> labels = new ArrayList<>();
        for (int r = 0; r < b.size(); r++) {
            ArrayDeque<Integer> candidates = pending.get(featureHash(b, r, target));
            if (candidates == null || candidates.isEmpty()) {
                added++;
                continue;
            }
            String after = label(b, target, r);
            Integer match = null;
            for (Integer c : candidates) {
                if (Objects.equals(label(a, target, c), after)) {
                    match = c;
                    break;
                }
            }
            if (match != null) {
                candidates.remove(match);
            } else {
                int c = candidates.poll();
                labels.add(new DatasetDiff.LabelChange(c, r, label(a, target, c), after));
            }
        }
        int removed = pending.values().stream().mapToInt(ArrayDeque::size).sum();
        return new DatasetDiff(from.id(), to.id(), added, removed, labels.size(), labels,
                columnChanges(profiles.apply(from), profiles.apply(to)));
    }

    private static String label(ColumnarDataset d, String target, int row) {
        return target == null || d.schema().indexOf(target) < 0 ? null : d.string(target, row);
    }

    private static long featureHash(ColumnarDataset d, int row, String target) {
        long h = 0x9E3779B97F4A7C15L;
        List<Field> fields = d.schema().fields();
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).name().equals(target)) {
                continue;
            }
            Column c = d.columns().get(i);
            long v;
            if (c instanceof Column.Numeric n) {
                v = Double.doubleToLongBits(n.values()[row]);
            } else {
                String s = c instanceof Column.Coded coded ? coded.value(row) : ((Column.Text) c).values()[row];
                v = s == null ? 0x51ED270B27L : s.hashCode() * 0xC2B2AE3D27D4EB4FL + s.length();
            }
            h = mix(h ^ fields.get(i).name().hashCode()) ^ mix(v + h);
        }
        return h;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static List<DatasetDiff.ColumnChange> columnChanges(DatasetProfile a, DatasetProfile b) {
        List<DatasetDiff.ColumnChange> out = new ArrayList<>();
        LinkedHashSet<String> names = new LinkedHashSet<>(a.columns().keySet());
        names.addAll(b.columns().keySet());
        for (String n : names) {
            ColumnProfile x = a.columns().get(n);
            ColumnProfile y = b.columns().get(n);
            change(out, n, "count", x == null ? Double.NaN : x.count(), y == null ? Double.NaN : y.count());
            change(out, n, "missing", x == null ? Double.NaN : x.missing(), y == null ? Double.NaN : y.missing());
            if (x instanceof NumericProfile p && y instanceof NumericProfile q) {
                change(out, n, "mean", p.mean(), q.mean());
                change(out, n, "stddev", p.stddev(), q.stddev());
                change(out, n, "min", p.min(), q.min());
                change(out, n, "max", p.max(), q.max());
            } else if (x instanceof CategoricalProfile p && y instanceof CategoricalProfile q) {
                TreeSet<String> values = new TreeSet<>(p.counts().keySet());
                values.addAll(q.counts().keySet());
                for (String v : values) {
                    change(out, n, "count[" + v + "]", p.counts().getOrDefault(v, 0L), q.counts().getOrDefault(v, 0L));
                }
            }
        }
        return out;
    }

    private static void change(List<DatasetDiff.ColumnChange> out, String column, String stat, double before,
            double after) {
        if (Double.compare(before, after) != 0) {
            out.add(new DatasetDiff.ColumnChange(column, stat, before, after));
        }
    }
}
