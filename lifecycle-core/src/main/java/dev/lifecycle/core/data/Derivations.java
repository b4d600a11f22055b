package dev.lifecycle.core.data;

import dev.lifecycle.api.data.ColumnRole;
import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.data.Field;
import dev.lifecycle.api.data.FieldType;
import dev.lifecycle.api.data.LabelPatch;
import dev.lifecycle.api.data.Lineage;
import dev.lifecycle.api.data.Schema;
import dev.lifecycle.api.data.ScoredRow;
import dev.lifecycle.api.store.ObjectId;
import dev.lifecycle.api.store.Store;
import dev.lifecycle.core.internal.Column;
import dev.lifecycle.core.internal.ColumnarDataset;
import dev.lifecycle.core.internal.Json;
import dev.lifecycle.core.internal.RefNames;
import dev.lifecycle.core.internal.Shuffle;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The versions {@link DatasetRegistry} derives from registered ones: row selections, splits and folds,
 * rebalanced, class-weighted, re-roled, hard-example and relabelled versions. Each is registered through
 * the registry with lineage to its parent.
 */
final class Derivations {
    private final DatasetRegistry registry;
    private final Store store;

    Derivations(DatasetRegistry registry, Store store) {
        this.registry = registry;
        this.store = store;
    }

    DatasetVersion select(DatasetVersion parent, String name, int[] rows, String operation,
            Map<String, String> details) {
        RefNames.checkName(name, "dataset name");
        ColumnarDataset whole = ColumnarDataset.of(parent);
        for (int r : rows) {
            if (r < 0 || r >= whole.size()) {
                throw new IndexOutOfBoundsException("Row " + r + " is not in " + parent.id() + " (" + whole.size()
                        + " rows)");
            }
        }
        Lineage lineage = new Lineage(List.of(parent.id()), operation, null, details);
        return registry.registerDerived(name, whole.select(rows, name, lineage), lineage);
    }

    Split split(DatasetVersion data, Splits.Strategy strategy) {
        Objects.requireNonNull(strategy, "strategy");
        int[][] parts = strategy.assign().assign(data);
        Map<String, String> details = new LinkedHashMap<>(strategy.details());
        details.put("trainRows", Integer.toString(parts[0].length));
        details.put("testRows", Integer.toString(parts[1].length));
        String prefix = data.name() + (strategy.details().containsKey("fold")
                ? ".fold" + strategy.details().get("fold") : "");
        return new Split(select(data, prefix + ".train", parts[0], strategy.operation(), details),
                select(data, prefix + ".test", parts[1], strategy.operation(), details));
    }

    List<Split> kFold(DatasetVersion data, Folds folds) {
        List<Split> out = new ArrayList<>(folds.k());
        for (int fold = 0; fold < folds.k(); fold++) {
            out.add(split(data, Splits.fold(folds, fold)));
        }
        return out;
    }

    DatasetVersion rebalance(DatasetVersion data, long seed, boolean over) {
        Map<String, List<Integer>> byClass = byClass(data);
        int size = over ? byClass.values().stream().mapToInt(List::size).max().orElse(0)
                : byClass.values().stream().mapToInt(List::size).min().orElse(0);
        SplittableRandom random = new SplittableRandom(seed);
        List<Integer> rows = new ArrayList<>();
        for (List<Integer> members : byClass.values()) {
            int[] a = members.stream().mapToInt(Integer::intValue).toArray();
            Shuffle.inPlace(a, random);
            for (int i = 0; i < size; i++) {
                rows.add(i < a.length ? a[i] : a[random.nextInt(a.length)]);
            }
        }
        int[] chosen = rows.stream().mapToInt(Integer::intValue).sorted().toArray();
        return select(data, data.name() + ".balanced", chosen, over ? "oversample" : "undersample",
                Map.of("seed", Long.toString(seed), "rowsPerClass", Integer.toString(size)));
    }

    Map<String, Double> classWeights(DatasetVersion data) {
        Map<String, List<Integer>> byClass = byClass(data);
        Map<String, Double> out = new TreeMap<>();
        byClass.forEach((k, v) -> out.put(k, (double) data.size() / (byClass.size() * v.size())));
        return out;
    }

    DatasetVersion withClassWeights(DatasetVersion data, String column) {
        ColumnarDataset d = ColumnarDataset.of(data);
        if (d.schema().indexOf(column) >= 0) {
            throw new IllegalArgumentException("Dataset " + data.id() + " already has a column '" + column
                    + "'; choose another name for the weight column");
        }
        Map<String, Double> weights = classWeights(data);
        String prior = d.schema().weight().orElse(null);
        double[] w = new double[d.size()];
        for (int r = 0; r < w.length; r++) {
            String t = data.target(r);
            w[r] = t == null ? Double.NaN : weights.get(t) * (prior == null ? 1.0 : d.number(prior, r));
        }
        List<Field> fields = new ArrayList<>(d.schema().fields());
        fields.add(Field.numeric(column));
        List<Column> cols = new ArrayList<>(d.columns());
        cols.add(new Column.Numeric(w));
        Map<String, ColumnRole> roles = new LinkedHashMap<>(d.schema().roles());
        if (prior != null) {
            roles.put(prior, ColumnRole.IGNORED);
        }
        roles.put(column, ColumnRole.WEIGHT);
        return rewritten(data, data.name() + ".weighted", new Schema(fields, d.schema().target(), roles), cols,
                "class-weights", Map.of("column", column));
    }

    DatasetVersion withRoles(DatasetVersion data, Map<String, ColumnRole> roles) {
        ColumnarDataset d = ColumnarDataset.of(data);
        Schema schema = d.schema();
        for (Map.Entry<String, ColumnRole> e : new TreeMap<>(roles).entrySet()) {
            schema = schema.withRole(e.getKey(), e.getValue());
        }
        Map<String, String> details = new TreeMap<>();
        roles.forEach((k, v) -> details.put(k, v.name()));
        return rewritten(data, data.name() + ".roles", schema, d.columns(), "roles", details);
    }

    DatasetVersion hardExamples(DatasetVersion data, List<ScoredRow> scored, double confidenceBelow) {
        TreeSet<Integer> rows = new TreeSet<>();
        for (ScoredRow s : scored) {
            if (s.row() >= data.size()) {
                throw new IndexOutOfBoundsException("Scored row " + s.row() + " is not in " + data.id() + " ("
                        + data.size() + " rows); score rows of this version");
            }
            if (!s.predicted().equals(data.target(s.row())) || s.confidence() < confidenceBelow) {
                rows.add(s.row());
            }
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("No row of " + data.id() + " is misclassified or below confidence "
                    + confidenceBelow + "; there is no hard example to keep");
        }
        return select(data, data.name() + ".hard", rows.stream().mapToInt(Integer::intValue).toArray(),
                "hard-examples", Map.of("scored", Integer.toString(scored.size()), "confidenceBelow",
                        Double.toString(confidenceBelow)));
    }

    DatasetVersion relabel(DatasetVersion data, LabelPatch patch) {
        ColumnarDataset d = ColumnarDataset.of(data);
        String target = d.schema().target();
        if (target == null) {
            throw new IllegalArgumentException("Dataset " + data.id() + " has no target column to relabel;"
                    + " import it with a target");
        }
        int ti = d.schema().indexOf(target);
        Column old = d.columns().get(ti);
        for (LabelPatch.Change c : patch.changes()) {
            if (c.row() >= d.size()) {
                throw new IndexOutOfBoundsException("Patched row " + c.row() + " is not in " + data.id() + " ("
                        + d.size() + " rows)");
            }
        }
        Column relabelled;
        Field field = d.schema().fields().get(ti);
        if (old instanceof Column.Coded coded && field.type() == FieldType.CATEGORICAL) {
            TreeSet<String> dict = new TreeSet<>(coded.dictionary());
            for (LabelPatch.Change c : patch.changes()) {
                if (!dict.contains(c.label()) && !patch.extendsDomain()) {
                    throw new IllegalArgumentException("Row " + c.row() + " of " + data.id() + " is relabelled '"
                            + c.label() + "', which is not a class of target '" + target + "' (its classes are "
                            + coded.dictionary() + "). Fix the label, or use patch.extendingDomain() to add the class");
                }
            }
            patch.changes().forEach(c -> dict.add(c.label()));
            List<String> sorted = List.copyOf(dict);
            int[] codes = new int[d.size()];
            for (int r = 0; r < codes.length; r++) {
                codes[r] = coded.codes()[r] < 0 ? -1
                        : Collections.binarySearch(sorted, coded.dictionary().get(coded.codes()[r]));
            }
            for (LabelPatch.Change c : patch.changes()) {
                codes[c.row()] = Collections.binarySearch(sorted, c.label());
            }
            relabelled = new Column.Coded(codes, sorted);
            field = new Field(field.name(), field.type(), field.nullable(), sorted);
        } else if (old instanceof Column.Numeric n) {
            double[] v = n.values().clone();
            for (LabelPatch.Change c : patch.changes()) {
                try {
                    v[c.row()] = Double.parseDouble(c.label());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("Dataset " + data.id() + " has a numeric target '" + target
                            + "'; the new label '" + c.label() + "' of row " + c.row() + " is not a number", e);
                }
            }
            relabelled = new Column.Numeric(v);
        } else {
            throw new IllegalArgumentException("Target '" + target + "' of " + data.id() + " is " + field.type()
                    + "; only categorical and numeric targets can be relabelled");
        }
        List<Field> fields = new ArrayList<>(d.schema().fields());
        fields.set(ti, field);
        List<Column> cols = new ArrayList<>(d.columns());
        cols.set(ti, relabelled);
        ObjectId patchId = store.put(Json.writeStored(patch));
        return rewritten(data, data.name(), d.schema().withFields(fields), cols, "relabel",
                Map.of("patch", patchId.hex(), "changes", Integer.toString(patch.changes().size())));
    }

    LabelPatch labelPatch(DatasetVersion relabelled) {
        String id = relabelled.lineage().details().get("patch");
        if (!"relabel".equals(relabelled.lineage().operation()) || id == null) {
            throw new IllegalArgumentException("Dataset " + relabelled.id() + " was made by '"
                    + relabelled.lineage().operation() + "', not by relabel; it has no label patch");
        }
        return Json.read(store.get(new ObjectId(id)), LabelPatch.class);
    }

    /** Registers {@code columns} under {@code schema} as a version of {@code name} derived from {@code data}. */
    private DatasetVersion rewritten(DatasetVersion data, String name, Schema schema, List<Column> columns,
            String operation, Map<String, String> details) {
        Lineage lineage = new Lineage(List.of(data.id()), operation, null, details);
        return registry.registerDerived(name, new ColumnarDataset(name, 0, schema, lineage, columns), lineage);
    }

    private static Map<String, List<Integer>> byClass(DatasetVersion data) {
        Map<String, List<Integer>> byClass = new TreeMap<>();
        for (int r = 0; r < data.size(); r++) {
            String t = data.target(r);
            if (t != null) {
                byClass.computeIfAbsent(t, k -> new ArrayList<>()).add(r);
            }
        }
        if (byClass.isEmpty()) {
            throw new IllegalArgumentException("Dataset " + data.id() + " has no labelled rows to balance");
        }
        return byClass;
    }
}
