package dev.lifecycle.core.evaluation;

import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.data.FieldType;
import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.data.SchemaMismatchException;
import dev.lifecycle.core.internal.Column;
import dev.lifecycle.core.internal.ColumnarDataset;
import dev.lifecycle.core.internal.eval.Grouping;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apiguardian.api.API;

/**
 * A way to cut the evaluated rows into slices: by the value of a column, by numeric bins, by a custom
 * predicate, or by a cross of these. All slicings of an evaluation are computed in the same pass.
 *
 * <pre>{@code
 * EvaluationOptions.defaults().slices(Slices.by("sex"), Slices.bins("age", 30, 45, 60),
 *         Slices.by("sex").cross(Slices.by("race")))
 * }</pre>
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public final class Slices {
    private final String description;
    private final Function<DatasetVersion, Grouping> binder;

    private Slices(String description, Function<DatasetVersion, Grouping> binder) {
        this.description = description;
        this.binder = binder;
    }

    /** @return one slice per value of a column ({@code column=value}); missing values form {@code column=(missing)} */
    public static Slices by(String column) {
        Objects.requireNonNull(column, "column");
        return new Slices("by " + column, data -> byValue(data, column));
    }

    /**
     * @param edges strictly increasing bin edges; rows below the first edge and at or above the last get their own slices
     * @return one slice per numeric bin of a column, named like {@code age in [30, 45)}
     */
    public static Slices bins(String column, double... edges) {
        Objects.requireNonNull(column, "column");
        if (edges.length == 0) {
            throw new IllegalArgumentException("Slices.bins(" + column + ") needs at least one edge");
        }
        for (int i = 0; i < edges.length; i++) {
            if (Double.isNaN(edges[i]) || (i > 0 && edges[i] <= edges[i - 1])) {
                throw new IllegalArgumentException("Bin edges of " + column + " must be strictly increasing numbers, got "
                        + Arrays.toString(edges));
            }
        }
        double[] e = edges.clone();
        return new Slices("bins of " + column, data -> byBins(data, column, e));
    }

    /** @return a single slice of the rows that match a predicate; the predicate sees each row with all its columns */
    public static Slices where(String name, Predicate<Row> predicate) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(predicate, "predicate");
        return new Slices(name, data -> {
            int[] g = new int[data.size()];
            for (int i = 0; i < g.length; i++) {
                g[i] = predicate.test(data.row(i)) ? 0 : -1;
            }
            return new Grouping(List.of(name), g);
        });
    }

    /** @return every combination of a slice of this and a slice of {@code other}, named {@code a & b} */
    public Slices cross(Slices other) {
        Objects.requireNonNull(other, "other");
        return new Slices(description + " x " + other.description, data -> {
            Grouping a = bind(data);
            Grouping b = other.bind(data);
            int nb = b.names().size();
            int[] g = new int[data.size()];
            Map<Integer, Integer> used = new HashMap<>();
            List<String> names = new ArrayList<>();
            List<Integer> keys = new ArrayList<>();
            for (int i = 0; i < g.length; i++) {
                int ga = a.group()[i];
                int gb = b.group()[i];
                if (ga < 0 || gb < 0) {
                    g[i] = -1;
                    continue;
                }
                int key = ga * nb + gb;
                Integer idx = used.get(key);
                if (idx == null) {
                    idx = used.size();
                    used.put(key, idx);
                    keys.add(key);
                    names.add(a.names().get(ga) + " & " + b.names().get(gb));
                }
                g[i] = idx;
            }
            Integer[] order = new Integer[names.size()];
            Arrays.setAll(order, i -> i);
            Arrays.sort(order, Comparator.comparingInt(keys::get));
            int[] rank = new int[order.length];
            List<String> sorted = new ArrayList<>(order.length);
            for (int r = 0; r < order.length; r++) {
                rank[order[r]] = r;
                sorted.add(names.get(order[r]));
            }
            for (int i = 0; i < g.length; i++) {
                if (g[i] >= 0) {
                    g[i] = rank[g[i]];
                }
            }
            return new Grouping(sorted, g);
        });
    }

    Grouping bind(DatasetVersion data) {
        return binder.apply(data);
    }

    private static Grouping byValue(DatasetVersion data, String column) {
        if (data.schema().indexOf(column) < 0) {
            throw new SchemaMismatchException(column, "Cannot slice by '" + column + "': dataset " + data.id()
                    + " has no such column; its columns are " + data.schema().names());
        }
        int[] g = new int[data.size()];
        List<String> names = new ArrayList<>();
        if (data instanceof ColumnarDataset cd && cd.column(column) instanceof Column.Coded coded) {
            List<String> dict = coded.dictionary();
            int[] codes = coded.codes();
            boolean[] seen = new boolean[dict.size() + 1];
            for (int i = 0; i < g.length; i++) {
                int c = codes[i];
                g[i] = c < 0 ? dict.size() : c;
                seen[g[i]] = true;
            }
            int[] remap = new int[dict.size() + 1];
            for (int c = 0; c <= dict.size(); c++) {
                remap[c] = seen[c] ? names.size() : -1;
                if (seen[c]) {
                    names.add(column + "=" + (c == dict.size() ? "(missing)" : dict.get(c)));
                }
            }
            for (int i = 0; i < g.length; i++) {
                g[i] = remap[g[i]];
            }
            return new Grouping(names, g);
        }
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < g.length; i++) {
            String v = data.string(column, i);
            String key = v == null ? "(missing)" : v;
            Integer idx = index.get(key);
            if (idx == null) {
                idx = index.size();
                index.put(key, idx);
                names.add(column + "=" + key);
            }
            g[i] = idx;
        }
        return new Grouping(names, g);
    }

    private static Grouping byBins(DatasetVersion data, String column, double[] edges) {
        if (data.schema().field(column).map(f -> f.type() != FieldType.NUMERIC).orElse(true)) {
            throw new SchemaMismatchException(column, "Cannot bin '" + column + "' of dataset " + data.id()
                    + ": it is not a numeric column; use Slices.by(\"" + column + "\") for categories");
        }
        List<String> names = new ArrayList<>();
        names.add(column + " < " + fmt(edges[0]));
        for (int i = 1; i < edges.length; i++) {
            names.add(column + " in [" + fmt(edges[i - 1]) + ", " + fmt(edges[i]) + ")");
        }
        names.add(column + " >= " + fmt(edges[edges.length - 1]));
        names.add(column + " missing");
        double[] values = data instanceof ColumnarDataset cd && cd.column(column) instanceof Column.Numeric num
                ? num.values() : null;
        int[] g = new int[data.size()];
        for (int i = 0; i < g.length; i++) {
            double v = values != null ? values[i] : data.number(column, i);
            if (Double.isNaN(v)) {
                g[i] = edges.length + 1;
            } else {
                int idx = Arrays.binarySearch(edges, v);
                g[i] = idx >= 0 ? idx + 1 : -idx - 1;
            }
        }
        return new Grouping(names, g);
    }

    private static String fmt(double v) {
        return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    @Override
    public String toString() {
        return "Slices[" + description + "]";
    }
}
