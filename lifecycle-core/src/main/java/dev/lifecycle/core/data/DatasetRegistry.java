package dev.lifecycle.core.data;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.lifecycle.api.NotFoundException;
import dev.lifecycle.api.data.DataSource;
import dev.lifecycle.api.data.Dataset;
import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.data.Field;
import dev.lifecycle.api.data.DatasetDiff;
import dev.lifecycle.api.data.LabelPatch;
import dev.lifecycle.api.data.Lineage;
import dev.lifecycle.api.data.LineageGraph;
import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.data.Schema;
import dev.lifecycle.api.data.ScoredRow;
import dev.lifecycle.api.data.ValidationReport;
import dev.lifecycle.api.store.ObjectId;
import dev.lifecycle.api.store.Store;
import dev.lifecycle.core.internal.Column;
import dev.lifecycle.core.internal.ColumnarDataset;
import dev.lifecycle.core.internal.Context;
import dev.lifecycle.core.internal.DatasetManifest;
import dev.lifecycle.core.internal.Json;
import dev.lifecycle.core.internal.OwnedBytes;
import dev.lifecycle.core.internal.Sealed;
import dev.lifecycle.core.internal.RefNames;
import dev.lifecycle.core.internal.Shuffle;
import dev.lifecycle.core.internal.PinnedSchema;
import dev.lifecycle.core.internal.TableReader;
import dev.lifecycle.core.internal.Versions;
import dev.lifecycle.core.store.MemoryStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * The datasets of a {@code Lifecycle}: import, look up and derive immutable, versioned datasets.
 *
 * <p>Importing content that a dataset already has returns that version; new content becomes the next
 * version, with lineage to the previous one. A failed import writes nothing.
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public final class DatasetRegistry {
    private final Context ctx;
    private final Store store;
    private final Cache<String, ColumnarDataset> loaded = Caffeine.newBuilder().maximumSize(32).softValues()
            .recordStats().build();

    {
        dev.lifecycle.core.internal.MeterHooks.cache(this, "datasets", loaded);
    }

    private static final java.lang.invoke.MethodHandle PUT_OWNED = Sealed.method(MemoryStore.class, "putOwned",
            ObjectId.class, OwnedBytes.class);

    /** Created by {@code Lifecycle}. */
    DatasetRegistry(Context ctx) {
        this.ctx = ctx;
        this.store = ctx.store();
    }

    /**
     * Imports a CSV file as a version of the named dataset.
     *
     * @throws dev.lifecycle.api.data.DataImportException naming file, line and column when the file is malformed
     */
    public DatasetVersion importCsv(String name, Path file, Csv options) {
        return importCsv(name, file, options, ImportLimits.defaults());
    }

    /**
     * Imports a CSV file as a version of the named dataset, reading at most what {@code limits} allow.
     *
     * @throws dev.lifecycle.api.data.DataImportException naming file, line and column when the file is malformed,
     *     not UTF-8 text, or beyond a limit
     */
    public DatasetVersion importCsv(String name, Path file, Csv options, ImportLimits limits) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(options, "options");
        if (!Files.isRegularFile(file)) {
            throw Files.isDirectory(file) ? new dev.lifecycle.api.data.DataImportException(file.toString(), 0, null,
                    "is a directory; give the path of a CSV file")
                    : dev.lifecycle.core.internal.FileErrors.of(file.toString(),
                            new java.nio.file.NoSuchFileException(file.toString()));
        }
        return importFrom(name, new CsvSource(file, options, limits), options);
    }

    /**
     * Imports rows from any source as a version of the named dataset, with the target and column types
     * of {@code options} (its CSV-specific settings are ignored).
     */
    public DatasetVersion importFrom(String name, DataSource source, Csv options) {
        RefNames.checkName(name, "dataset name");
        Lineage provisional = new Lineage(List.of(), "import", source.name(), Map.of());
        ColumnarDataset content = stored(TableReader.read(source, options.target(), options.types(),
                options.roles(), name, provisional));
        Optional<DatasetVersion> same = byDigest(name, content.digest());
        if (same.isPresent()) {
            return same.get();
        }
        Map<String, String> details = new LinkedHashMap<>();
        details.put("rows", Integer.toString(content.size()));
        return register(name, content, "import", source.name(), details, true);
    }

    /**
     * Imports rows as a version of the named dataset with a given schema (e.g. the pinned schema of the
     * data a model was trained on): every column is read as the schema types it, never inferred, and a
     * categorical column keeps every category of the schema even when the rows lack some (a value
     * outside the schema's categories joins the domain). The schema's target is the target.
     */
    public DatasetVersion importFrom(String name, DataSource source, Schema schema) {
        RefNames.checkName(name, "dataset name");
        Objects.requireNonNull(schema, "schema");
        Lineage provisional = new Lineage(List.of(), "import", source.name(), Map.of());
        List<String> columns;
        try (DataSource.Cursor c = source.open()) {
            columns = c.columns();
        } catch (java.io.IOException e) {
            throw dev.lifecycle.core.internal.FileErrors.of(source.name(), e);
        }
        ColumnarDataset read = TableReader.read(source, schema.target(), PinnedSchema.types(schema, columns),
                PinnedSchema.roles(schema, columns), name, provisional);
        ColumnarDataset content = stored(PinnedSchema.widen(read, schema));
        Optional<DatasetVersion> same = byDigest(name, content.digest());
        if (same.isPresent()) {
            return same.get();
        }
        Map<String, String> details = new LinkedHashMap<>();
        details.put("rows", Integer.toString(content.size()));
        return register(name, content, "import", source.name(), details, true);
    }

    /**
     * Splits a version in time (row) order: the first {@code trainFraction} of rows train, the rest test.
     * Both parts are registered as versions of {@code <name>.train} and {@code <name>.test}.
     */
    public Split splitTimeOrdered(DatasetVersion data, double trainFraction) {
        return split(data, Splits.timeOrdered(trainFraction));
    }

    /**
     * Registers the given rows of a version (in the given order) as a version of {@code name}, with
     * lineage to the parent and the operation that chose the rows.
     */
    public DatasetVersion derive(DatasetVersion parent, String name, int[] rows, String operation,
            Map<String, String> details) {
        RefNames.checkName(name, "dataset name");
        ColumnarDataset whole = columnar(parent);
        for (int r : rows) {
            if (r < 0 || r >= whole.size()) {
                throw new IndexOutOfBoundsException("Row " + r + " is not in " + parent.id() + " (" + whole.size()
                        + " rows)");
            }
        }
        Lineage lineage = new Lineage(List.of(parent.id()), operation, null, details);
        ColumnarDataset part = stored(whole.select(rows, name, lineage));
        Optional<DatasetVersion> same = byDigest(name, part.digest());
        if (same.isPresent() && same.get().lineage().parents().equals(lineage.parents())) {
            return same.get();
        }
        return register(name, part, operation, null, details, false);
    }

    /**
     * Splits a version into two registered versions, {@code <name>.train} and {@code <name>.test},
     * each with lineage to the whole recording the strategy and its parameters.
     */
    public Split split(DatasetVersion data, Splits.Strategy strategy) {
        Objects.requireNonNull(strategy, "strategy");
        int[][] parts = strategy.assign().assign(data);
        Map<String, String> details = new LinkedHashMap<>(strategy.details());
        details.put("trainRows", Integer.toString(parts[0].length));
        details.put("testRows", Integer.toString(parts[1].length));
        String prefix = data.name() + (strategy.details().containsKey("fold")
                ? ".fold" + strategy.details().get("fold") : "");
        return new Split(derive(data, prefix + ".train", parts[0], strategy.operation(), details),
                derive(data, prefix + ".test", parts[1], strategy.operation(), details));
    }

    /** @return the {@code k} splits of a seeded k-fold partition, fold {@code i} testing in split {@code i} */
    public List<Split> kFold(DatasetVersion data, int k, long seed) {
        return kFold(data, Folds.random(k, seed));
    }

    /**
     * @return one registered split per fold of {@code folds} (the test part is that fold), the same rows
     *     {@code CrossValidation} and {@code Lifecycle.search} hold out with these folds
     */
    public List<Split> kFold(DatasetVersion data, Folds folds) {
        List<Split> out = new ArrayList<>(folds.k());
        for (int fold = 0; fold < folds.k(); fold++) {
            out.add(split(data, Splits.fold(folds, fold)));
        }
        return out;
    }

    /**
     * @return the profile of a version, computed on first use and stored with the version (ref
     *     {@code datasets/<name>/profiles/<version>})
     */
    public DatasetProfile profile(DatasetVersion data) {
        String ref = prefix(data.name()) + "/profiles/" + data.version();
        Optional<String> stored = store.ref(ref);
        if (stored.isPresent()) {
            return DatasetProfile.fromJson(new String(store.get(new ObjectId(stored.get())),
                    java.nio.charset.StandardCharsets.UTF_8));
        }
        DatasetProfile profile = DatasetProfile.of(data);
        ObjectId id = store.put(profile.toJson().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        store.compareAndSet(ref, null, id.hex(), ctx.actor(), "profile of " + data.id());
        return profile;
    }

    /**
     * Pins the schema that later versions of a dataset are validated against; pin again to edit it
     * (e.g. {@code Field.asNullable()}, another category list, a changed type).
     */
    public void pinSchema(String name, Schema schema) {
        RefNames.checkName(name, "dataset name");
        Objects.requireNonNull(schema, "schema");
        String ref = prefix(name) + "/schema";
        ObjectId id = store.put(Json.writeStored(schema));
        while (true) {
            String before = store.ref(ref).orElse(null);
            if (store.compareAndSet(ref, before, id.hex(), ctx.actor(), "pin schema of " + name)) {
                return;
            }
        }
    }

    /** @return the pinned schema of a dataset, if one is pinned */
    public Optional<Schema> pinnedSchema(String name) {
        return store.ref(prefix(RefNames.checkName(name, "dataset name")) + "/schema")
                .map(id -> Json.read(store.get(new ObjectId(id)), Schema.class));
    }

    /** @return {@link #validate(DatasetVersion, List)} with no expectations beyond the pinned schema */
    public ValidationReport validate(DatasetVersion data) {
        return validate(data, List.of());
    }

    /**
     * Validates a version against the pinned schema of its dataset (when one is pinned: added, removed
     * and retyped columns, nullability, category domains) and the given expectations.
     */
    public ValidationReport validate(DatasetVersion data, List<Expectation> expectations) {
        ColumnarDataset d = columnar(data);
        Optional<Schema> pinned = pinnedSchema(data.name());
        List<ValidationReport.Failure> failures = new ArrayList<>();
        for (Expectation e : expectationsFor(d.schema(), pinned, expectations)) {
            ValidationReport.Failure f = e.check(d);
            if (f != null) {
                failures.add(f);
            }
        }
        return new ValidationReport(data.id(), data.size(), failures, schemaChanges(d.schema(), pinned));
    }

    /**
     * The expectations a validation checks, for engines that validate data in parts (lifecycle-spark):
     * those a pinned schema implies for the columns the data has, then the given ones.
     *
     * @param actual the schema of the validated data
     * @param pinned the pinned schema, if any
     */
    @API(status = API.Status.INTERNAL, consumers = "dev.lifecycle.spark")
    public static List<Expectation> expectationsFor(Schema actual, Optional<Schema> pinned,
            List<Expectation> expectations) {
        List<Expectation> all = new ArrayList<>();
        pinned.ifPresent(p -> {
            for (Expectation e : Expectation.fromSchema(p)) {
                if (actual.indexOf(e.column()) >= 0) {
                    all.add(e);
                }
            }
        });
        all.addAll(expectations);
        return all;
    }

    /**
     * @param actual the schema of the validated data
     * @param pinned the pinned schema, if any
     * @return the columns removed and retyped relative to the pinned schema, then those added
     */
    @API(status = API.Status.INTERNAL, consumers = "dev.lifecycle.spark")
    public static List<ValidationReport.SchemaChange> schemaChanges(Schema actual, Optional<Schema> pinned) {
        List<ValidationReport.SchemaChange> changes = new ArrayList<>();
        if (pinned.isEmpty()) {
            return changes;
        }
        Schema p = pinned.get();
        for (Field f : p.fields()) {
            Optional<Field> a = actual.field(f.name());
            if (a.isEmpty()) {
                changes.add(new ValidationReport.SchemaChange(f.name(), ValidationReport.SchemaChange.Kind.REMOVED,
                        f.type(), null));
            } else if (a.get().type() != f.type()) {
                changes.add(new ValidationReport.SchemaChange(f.name(), ValidationReport.SchemaChange.Kind.RETYPED,
                        f.type(), a.get().type()));
            }
        }
        for (Field f : actual.fields()) {
            if (p.field(f.name()).isEmpty()) {
                changes.add(new ValidationReport.SchemaChange(f.name(), ValidationReport.SchemaChange.Kind.ADDED,
                        null, f.type()));
            }
        }
        return changes;
    }

    /**
     * An unregistered, in-memory version (version 0) of rows, for engines that process a large dataset in
     * parts (lifecycle-spark profiles, validates and evaluates each partition this way, then merges).
     *
     * @param declared the columns in order with their types (categories are taken from the rows) and the target
     * @param rows at least one row, each with every declared column
     * @throws dev.lifecycle.api.data.DataImportException naming the part, row and column when a value does not fit
     */
    @API(status = API.Status.INTERNAL, consumers = "dev.lifecycle.spark")
    public static DatasetVersion part(String name, Schema declared, Iterable<Row> rows) {
        Map<String, dev.lifecycle.api.data.FieldType> types = new LinkedHashMap<>();
        declared.fields().forEach(f -> types.put(f.name(), f.type()));
        return TableReader.read(RowSource.of(name, declared.names(), rows), declared.target(), types,
                declared.roles(), name, new Lineage(List.of(), "part", name, Map.of()));
    }

    /**
     * @return a version of {@code <name>.balanced} in which every target class has as many rows as the
     *     rarest one (rows drawn at random without replacement, seeded)
     */
    public DatasetVersion undersample(DatasetVersion data, long seed) {
        return rebalance(data, seed, false);
    }

    /**
     * @return a version of {@code <name>.balanced} in which every target class has as many rows as the
     *     most frequent one (extra rows drawn at random with replacement, seeded)
     */
    public DatasetVersion oversample(DatasetVersion data, long seed) {
        return rebalance(data, seed, true);
    }

    private DatasetVersion rebalance(DatasetVersion data, long seed, boolean over) {
        Map<String, List<Integer>> byClass = byClass(data);
        int size = over ? byClass.values().stream().mapToInt(List::size).max().orElse(0)
                : byClass.values().stream().mapToInt(List::size).min().orElse(0);
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        List<Integer> rows = new ArrayList<>();
        for (List<Integer> members : byClass.values()) {
            int[] a = members.stream().mapToInt(Integer::intValue).toArray();
            Shuffle.inPlace(a, random);
            for (int i = 0; i < size; i++) {
                rows.add(i < a.length ? a[i] : a[random.nextInt(a.length)]);
            }
        }
        int[] chosen = rows.stream().mapToInt(Integer::intValue).sorted().toArray();
        return derive(data, data.name() + ".balanced", chosen, over ? "oversample" : "undersample",
                Map.of("seed", Long.toString(seed), "rowsPerClass", Integer.toString(size)));
    }

    /** @return balanced class weights {@code rows / (classes * classRows)} per target class */
    public Map<String, Double> classWeights(DatasetVersion data) {
        Map<String, List<Integer>> byClass = byClass(data);
        Map<String, Double> out = new java.util.TreeMap<>();
        byClass.forEach((k, v) -> out.put(k, (double) data.size() / (byClass.size() * v.size())));
        return out;
    }

    /**
     * @return a version of {@code <name>.weighted} with a {@link dev.lifecycle.api.data.ColumnRole#WEIGHT
     *     weight} column holding each row's {@link #classWeights class weight}, times the row's existing
     *     example weight when the data already has one (which the new column replaces); never a feature.
     *     Trainers that honour example weights then fit as on a class-balanced copy.
     */
    public DatasetVersion withClassWeights(DatasetVersion data, String column) {
        ColumnarDataset d = columnar(data);
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
        Map<String, dev.lifecycle.api.data.ColumnRole> roles = new LinkedHashMap<>(d.schema().roles());
        if (prior != null) {
            roles.put(prior, dev.lifecycle.api.data.ColumnRole.IGNORED);
        }
        roles.put(column, dev.lifecycle.api.data.ColumnRole.WEIGHT);
        Lineage lineage = new Lineage(List.of(data.id()), "class-weights", null, Map.of("column", column));
        return registerDerived(data.name() + ".weighted",
                new ColumnarDataset(data.name() + ".weighted", 0, new Schema(fields, d.schema().target(), roles),
                        lineage, cols), lineage);
    }

    /**
     * @return a version of {@code <name>.roles} with the same rows and these column roles changed
     *     (e.g. {@code Map.of("fnlwgt", ColumnRole.FEATURE)} to train without the weights); lineage says which
     */
    public DatasetVersion withRoles(DatasetVersion data, Map<String, dev.lifecycle.api.data.ColumnRole> roles) {
        ColumnarDataset d = columnar(data);
        Schema schema = d.schema();
        for (Map.Entry<String, dev.lifecycle.api.data.ColumnRole> e : new java.util.TreeMap<>(roles).entrySet()) {
            schema = schema.withRole(e.getKey(), e.getValue());
        }
        Map<String, String> details = new java.util.TreeMap<>();
        roles.forEach((k, v) -> details.put(k, v.name()));
        Lineage lineage = new Lineage(List.of(data.id()), "roles", null, details);
        return registerDerived(data.name() + ".roles",
                new ColumnarDataset(data.name() + ".roles", 0, schema, lineage, d.columns()), lineage);
    }

    /**
     * Hard-example mining: the rows a model got wrong or was unsure of, as a version of {@code <name>.hard}.
     *
     * @param scored the model's answer per row (from an evaluation or a prediction log)
     * @param confidenceBelow rows predicted correctly but with a confidence below this are kept too
     */
    public DatasetVersion hardExamples(DatasetVersion data, List<ScoredRow> scored, double confidenceBelow) {
        java.util.TreeSet<Integer> rows = new java.util.TreeSet<>();
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
        return derive(data, data.name() + ".hard", rows.stream().mapToInt(Integer::intValue).toArray(),
                "hard-examples", Map.of("scored", Integer.toString(scored.size()), "confidenceBelow",
                        Double.toString(confidenceBelow)));
    }

    /**
     * Applies a label patch: the next version of the same dataset, with the patched labels and lineage
     * to {@code data}; the patch (with reasons and authors) is stored and referenced from the lineage.
     *
     * @throws IllegalArgumentException naming the class and the known ones when a categorical label is
     *     not a class of the target, unless the patch {@link LabelPatch#extendingDomain() extends the domain}
     */
    public DatasetVersion relabel(DatasetVersion data, LabelPatch patch) {
        ColumnarDataset d = columnar(data);
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
        if (old instanceof Column.Coded coded && field.type() == dev.lifecycle.api.data.FieldType.CATEGORICAL) {
            java.util.TreeSet<String> dict = new java.util.TreeSet<>(coded.dictionary());
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
                        : java.util.Collections.binarySearch(sorted, coded.dictionary().get(coded.codes()[r]));
            }
            for (LabelPatch.Change c : patch.changes()) {
                codes[c.row()] = java.util.Collections.binarySearch(sorted, c.label());
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
        Map<String, String> details = Map.of("patch", patchId.hex(), "changes", Integer.toString(patch.changes().size()));
        Lineage lineage = new Lineage(List.of(data.id()), "relabel", null, details);
        return registerDerived(data.name(), new ColumnarDataset(data.name(), 0, d.schema().withFields(fields), lineage,
                cols), lineage);
    }

    /** @return the label patch recorded in the lineage of a relabelled version */
    public LabelPatch labelPatch(DatasetVersion relabelled) {
        String id = relabelled.lineage().details().get("patch");
        if (!"relabel".equals(relabelled.lineage().operation()) || id == null) {
            throw new IllegalArgumentException("Dataset " + relabelled.id() + " was made by '"
                    + relabelled.lineage().operation() + "', not by relabel; it has no label patch");
        }
        return Json.read(store.get(new ObjectId(id)), LabelPatch.class);
    }

    /**
     * @return what changed from {@code from} to {@code to}: rows added, removed and relabelled (matched
     *     by a 64-bit hash of every non-target value), and column statistics that differ
     */
    public DatasetDiff diff(DatasetVersion from, DatasetVersion to) {
        ColumnarDataset a = columnar(from);
        ColumnarDataset b = columnar(to);
        String target = b.schema().target() != null ? b.schema().target() : a.schema().target();
        Map<Long, java.util.ArrayDeque<Integer>> pending = new java.util.HashMap<>();
        for (int r = 0; r < a.size(); r++) {
            pending.computeIfAbsent(featureHash(a, r, target), k -> new java.util.ArrayDeque<>()).add(r);
        }
        int added = 0;
        List<DatasetDiff.LabelChange> labels = new ArrayList<>();
        for (int r = 0; r < b.size(); r++) {
            java.util.ArrayDeque<Integer> candidates = pending.get(featureHash(b, r, target));
            if (candidates == null || candidates.isEmpty()) {
                added++;
                continue;
            }
            String after = target == null || b.schema().indexOf(target) < 0 ? null : b.string(target, r);
            Integer match = null;
            for (Integer c : candidates) {
                if (java.util.Objects.equals(label(a, target, c), after)) {
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
        int removed = pending.values().stream().mapToInt(java.util.ArrayDeque::size).sum();
        return new DatasetDiff(from.id(), to.id(), added, removed, labels.size(), labels,
                columnChanges(profile(from), profile(to)));
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
        java.util.LinkedHashSet<String> names = new java.util.LinkedHashSet<>(a.columns().keySet());
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
                java.util.TreeSet<String> values = new java.util.TreeSet<>(p.counts().keySet());
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

    /** @return the lineage graph of a version: every ancestor back to the imports, with the operations */
    public LineageGraph lineage(DatasetVersion data) {
        List<LineageGraph.Node> nodes = new ArrayList<>();
        List<LineageGraph.Edge> edges = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        java.util.ArrayDeque<DatasetVersion> queue = new java.util.ArrayDeque<>();
        queue.add(data);
        seen.add(data.id());
        while (!queue.isEmpty()) {
            DatasetVersion v = queue.poll();
            nodes.add(new LineageGraph.Node(v.id(), v.lineage()));
            for (String parent : v.lineage().parents()) {
                edges.add(new LineageGraph.Edge(parent, v.id(), v.lineage().operation()));
                if (seen.add(parent)) {
                    queue.add(get(parent));
                }
            }
        }
        return new LineageGraph(data.id(), nodes, edges);
    }

    private static Map<String, List<Integer>> byClass(DatasetVersion data) {
        Map<String, List<Integer>> byClass = new java.util.TreeMap<>();
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

    private DatasetVersion registerDerived(String name, ColumnarDataset derived, Lineage lineage) {
        RefNames.checkName(name, "dataset name");
        ColumnarDataset content = stored(derived);
        Optional<DatasetVersion> same = byDigest(name, content.digest());
        if (same.isPresent() && same.get().lineage().parents().equals(lineage.parents())) {
            return same.get();
        }
        return register(name, content, lineage.operation(), null, lineage.details(), false);
    }

    /** @return the named dataset */
    public Dataset dataset(String name) {
        RefNames.checkName(name, "dataset name");
        return new Dataset() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public List<Integer> versions() {
                return Versions.list(store, prefix(name));
            }

            @Override
            public Optional<DatasetVersion> latest() {
                return DatasetRegistry.this.latest(name);
            }

            @Override
            public DatasetVersion version(int version) {
                return get(name, version);
            }
        };
    }

    /** @return the names of all datasets, sorted */
    public List<String> names() {
        List<String> out = new ArrayList<>();
        for (String ref : store.refs("datasets/").keySet()) {
            int slash = ref.indexOf('/', "datasets/".length());
            if (slash < 0) {
                continue; // a ref directly under datasets/ names no dataset
            }
            String n = ref.substring("datasets/".length(), slash);
            if (out.isEmpty() || !out.get(out.size() - 1).equals(n)) {
                out.add(n);
            }
        }
        return out;
    }

    /** @return the latest version of a dataset, if it has any */
    public Optional<DatasetVersion> latest(String name) {
        List<Integer> versions = Versions.list(store, prefix(RefNames.checkName(name, "dataset name")));
        return versions.isEmpty() ? Optional.empty() : Optional.of(get(name, versions.get(versions.size() - 1)));
    }

    /**
     * @return a registered version, read from the store and verified
     * @throws NotFoundException when it does not exist
     */
    public DatasetVersion get(String name, int version) {
        RefNames.checkName(name, "dataset name");
        ObjectId manifestId = Versions.manifest(store, prefix(name), version);
        if (manifestId == null) {
            throw new NotFoundException("Dataset " + name + " has no version " + version + "; it has versions "
                    + Versions.list(store, prefix(name)));
        }
        ColumnarDataset d = loaded.get(manifestId.hex(), k -> load(manifestId, name, version));
        if (!d.name().equals(name) || d.version() != version) {
            throw new dev.lifecycle.api.store.StoreDamagedException("The ref of dataset " + name + "@" + version
                    + " points to the manifest " + manifestId + " of " + d.name() + "@" + d.version()
                    + "; the store was changed outside Lifecycle. Run verify and repair");
        }
        return d;
    }

    /** @return the id-form {@code name@version} parsed and looked up */
    public DatasetVersion get(String id) {
        int at = id.lastIndexOf('@');
        if (at <= 0) {
            throw new IllegalArgumentException("A dataset version id looks like name@version, got '" + id + "'");
        }
        String v = id.substring(at + 1);
        if (v.isEmpty() || v.length() > 9 || !v.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("A dataset version id looks like name@version with a version number,"
                    + " got '" + id + "'");
        }
        return get(id.substring(0, at), Integer.parseInt(v));
    }

    private static ColumnarDataset columnar(DatasetVersion v) {
        return ColumnarDataset.of(v);
    }

    /**
     * Puts the columns into the store (each serialized and hashed once, in parallel); content-addressed,
     * so putting content the store already has changes nothing.
     *
     * @return the content with its column ids known, so its digest is cheap
     */
    private ColumnarDataset stored(ColumnarDataset content) {
        List<Column> columns = content.columns();
        String[] ids = new String[columns.size()];
        ColumnarDataset.parallel(ids.length, i -> ids[i] = put(columns.get(i).toBytes()).hex());
        return content.withColumnIds(List.of(ids));
    }

    /** Puts bytes that nothing else refers to; the memory store keeps them without a copy. */
    private ObjectId put(byte[] fresh) {
        return store instanceof MemoryStore memory ? (ObjectId) Sealed.invoke(PUT_OWNED, memory, new OwnedBytes(fresh))
                : store.put(fresh);
    }

    /** Registers content whose columns are already {@link #stored}. */
    private DatasetVersion register(String name, ColumnarDataset content, String operation, String source,
            Map<String, String> details, boolean linkToLatest) {
        List<String> columnIds = content.columnIds();
        String created = ctx.clock().instant().toString();
        ColumnarDataset[] result = new ColumnarDataset[1];
        int version = Versions.commitNext(store, prefix(name), n -> {
            List<String> parents = new ArrayList<>(content.lineage().parents());
            if (linkToLatest && n > 1) {
                parents.add(name + "@" + (n - 1));
            }
            Lineage lineage = new Lineage(parents, operation, source, details);
            result[0] = content.as(name, n, lineage);
            return store.put(Json.writeStored(new DatasetManifest(name, n, content.digest(), content.size(), content.schema(),
                    columnIds, lineage, created)));
        }, ctx.actor(), operation + " of " + content.size() + " rows" + (source != null ? " from " + source : ""));
        store.compareAndSet(prefix(name) + "/content/" + content.digest(), null, Integer.toString(version),
                ctx.actor(), "index content of " + name + "@" + version);
        return result[0];
    }

    private Optional<DatasetVersion> byDigest(String name, String digest) {
        return store.ref(prefix(name) + "/content/" + digest).map(v -> get(name, Integer.parseInt(v)));
    }

    private ColumnarDataset load(ObjectId manifestId, String name, int version) {
        String what = "dataset " + name + "@" + version;
        DatasetManifest m = dev.lifecycle.core.internal.StoredObjects.manifest(store, manifestId, DatasetManifest.class,
                what);
        if (m.name() == null || m.schema() == null || m.columns() == null || !m.name().equals(name)
                || m.version() != version) {
            throw new dev.lifecycle.api.store.StoreDamagedException("The manifest " + manifestId + " that " + what
                    + " points to " + (m.name() == null || m.schema() == null || m.columns() == null
                            ? "is not a dataset manifest" : "is the manifest of " + m.name() + "@" + m.version())
                    + "; the store was changed outside Lifecycle. Run verify and repair");
        }
        if (m.columns().size() != m.schema().fields().size()) {
            throw new dev.lifecycle.api.store.StoreException("Dataset " + m.name() + "@" + m.version() + " lists "
                    + m.columns().size() + " columns for " + m.schema().fields().size() + " fields; the store is damaged");
        }
        Column[] columns = new Column[m.columns().size()];
        ColumnarDataset.parallel(columns.length, i -> {
            Field f = m.schema().fields().get(i);
            byte[] bytes = dev.lifecycle.core.internal.StoredObjects.get(store, m.columns().get(i),
                    what + "'s column " + f.name());
            columns[i] = switch (f.type()) {
                case NUMERIC -> Column.Numeric.fromBytes(bytes);
                case TEXT -> Column.Text.fromBytes(bytes, m.rows());
                case BOOLEAN -> Column.Coded.fromBytes(bytes, List.of("false", "true"));
                case CATEGORICAL -> Column.Coded.fromBytes(bytes, f.categories());
            };
        });
        for (int i = 0; i < columns.length; i++) {
            if (columns[i].size() != m.rows()) {
                throw new dev.lifecycle.api.store.StoreException("Column '" + m.schema().fields().get(i).name()
                        + "' of dataset " + m.name() + "@" + m.version() + " has " + columns[i].size() + " rows where"
                        + " the manifest records " + m.rows() + "; the store is damaged");
            }
        }
        // store.get verified every column against its id, so the digest over the ids verifies the content
        ColumnarDataset d = new ColumnarDataset(m.name(), m.version(), m.schema(), m.lineage(), List.of(columns),
                m.columns());
        if (!d.digest().equals(m.digest())) {
            throw new dev.lifecycle.api.store.StoreException("Dataset " + m.name() + "@" + m.version()
                    + " does not match its recorded digest; the store is damaged");
        }
        return d;
    }

    private static String prefix(String name) {
        return "datasets/" + name;
    }

}
