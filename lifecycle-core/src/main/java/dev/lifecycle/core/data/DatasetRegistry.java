package dev.lifecycle.core.data;

import static dev.lifecycle.core.data.DatasetStorage.prefix;

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
import dev.lifecycle.core.internal.ColumnarDataset;
import dev.lifecycle.core.internal.Context;
import dev.lifecycle.core.internal.Json;
import dev.lifecycle.core.internal.RefNames;
import dev.lifecycle.core.internal.PinnedSchema;
import dev.lifecycle.core.internal.TableReader;
import dev.lifecycle.core.internal.Versions;
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
    private final DatasetStorage storage;
    private final Derivations derivations;
    private final Cache<String, ColumnarDataset> loaded = Caffeine.newBuilder().maximumSize(32).softValues()
            .recordStats().build();

    {
        dev.lifecycle.core.internal.MeterHooks.cache(this, "datasets", loaded);
    }

    /** Created by {@code Lifecycle}. */
    DatasetRegistry(Context ctx) {
        this.ctx = ctx;
        this.store = ctx.store();
        this.storage = new DatasetStorage(ctx);
        this.derivations = new Derivations(this, store);
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
        ColumnarDataset content = storage.stored(TableReader.read(source, options.target(), options.types(),
                options.roles(), name, provisional));
        return registerImport(name, content, source);
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
        ColumnarDataset content = storage.stored(PinnedSchema.widen(read, schema));
        return registerImport(name, content, source);
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
        return derivations.select(parent, name, rows, operation, details);
    }

    /**
     * Splits a version into two registered versions, {@code <name>.train} and {@code <name>.test},
     * each with lineage to the whole recording the strategy and its parameters.
     */
    public Split split(DatasetVersion data, Splits.Strategy strategy) {
        return derivations.split(data, strategy);
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
        return derivations.kFold(data, folds);
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
        return Validation.report(columnar(data), pinnedSchema(data.name()), expectations);
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
        return Validation.expectationsFor(actual, pinned, expectations);
    }

    /**
     * @param actual the schema of the validated data
     * @param pinned the pinned schema, if any
     * @return the columns removed and retyped relative to the pinned schema, then those added
     */
    @API(status = API.Status.INTERNAL, consumers = "dev.lifecycle.spark")
    public static List<ValidationReport.SchemaChange> schemaChanges(Schema actual, Optional<Schema> pinned) {
        return Validation.schemaChanges(actual, pinned);
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
        return derivations.rebalance(data, seed, false);
    }

    /**
     * @return a version of {@code <name>.balanced} in which every target class has as many rows as the
     *     most frequent one (extra rows drawn at random with replacement, seeded)
     */
    public DatasetVersion oversample(DatasetVersion data, long seed) {
        return derivations.rebalance(data, seed, true);
    }

    /** @return balanced class weights {@code rows / (classes * classRows)} per target class */
    public Map<String, Double> classWeights(DatasetVersion data) {
        return derivations.classWeights(data);
    }

    /**
     * @return a version of {@code <name>.weighted} with a {@link dev.lifecycle.api.data.ColumnRole#WEIGHT
     *     weight} column holding each row's {@link #classWeights class weight}, times the row's existing
     *     example weight when the data already has one (which the new column replaces); never a feature.
     *     Trainers that honour example weights then fit as on a class-balanced copy.
     */
    public DatasetVersion withClassWeights(DatasetVersion data, String column) {
        return derivations.withClassWeights(data, column);
    }

    /**
     * @return a version of {@code <name>.roles} with the same rows and these column roles changed
     *     (e.g. {@code Map.of("fnlwgt", ColumnRole.FEATURE)} to train without the weights); lineage says which
     */
    public DatasetVersion withRoles(DatasetVersion data, Map<String, dev.lifecycle.api.data.ColumnRole> roles) {
        return derivations.withRoles(data, roles);
    }

    /**
     * Hard-example mining: the rows a model got wrong or was unsure of, as a version of {@code <name>.hard}.
     *
     * @param scored the model's answer per row (from an evaluation or a prediction log)
     * @param confidenceBelow rows predicted correctly but with a confidence below this are kept too
     */
    public DatasetVersion hardExamples(DatasetVersion data, List<ScoredRow> scored, double confidenceBelow) {
        return derivations.hardExamples(data, scored, confidenceBelow);
    }

    /**
     * Applies a label patch: the next version of the same dataset, with the patched labels and lineage
     * to {@code data}; the patch (with reasons and authors) is stored and referenced from the lineage.
     *
     * @throws IllegalArgumentException naming the class and the known ones when a categorical label is
     *     not a class of the target, unless the patch {@link LabelPatch#extendingDomain() extends the domain}
     */
    public DatasetVersion relabel(DatasetVersion data, LabelPatch patch) {
        return derivations.relabel(data, patch);
    }

    /** @return the label patch recorded in the lineage of a relabelled version */
    public LabelPatch labelPatch(DatasetVersion relabelled) {
        return derivations.labelPatch(relabelled);
    }

    /**
     * @return what changed from {@code from} to {@code to}: rows added, removed and relabelled (matched
     *     by a 64-bit hash of every non-target value), and column statistics that differ
     */
    public DatasetDiff diff(DatasetVersion from, DatasetVersion to) {
        return DatasetDiffs.diff(from, to, this::profile);
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

    /**
     * Registers content derived from the parents of {@code lineage}, or returns the version that has the same
     * content from the same parents.
     */
    DatasetVersion registerDerived(String name, ColumnarDataset derived, Lineage lineage) {
        RefNames.checkName(name, "dataset name");
        ColumnarDataset content = storage.stored(derived);
        Optional<DatasetVersion> same = byDigest(name, content.digest());
        if (same.isPresent() && same.get().lineage().parents().equals(lineage.parents())) {
            return same.get();
        }
        return storage.register(name, content, lineage.operation(), null, lineage.details(), false);
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
        ColumnarDataset d = loaded.get(manifestId.hex(), k -> storage.load(manifestId, name, version));
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

    /** Registers imported content whose columns are already stored, or returns the version that has it. */
    private DatasetVersion registerImport(String name, ColumnarDataset content, DataSource source) {
        Optional<DatasetVersion> same = byDigest(name, content.digest());
        if (same.isPresent()) {
            return same.get();
        }
        Map<String, String> details = new LinkedHashMap<>();
        details.put("rows", Integer.toString(content.size()));
        return storage.register(name, content, "import", source.name(), details, true);
    }

    private Optional<DatasetVersion> byDigest(String name, String digest) {
        return storage.versionWith(name, digest).map(v -> get(name, v));
    }
}
