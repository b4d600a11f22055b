package dev.lifecycle.core.data;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.lifecycle.api.NotFoundException;
import dev.lifecycle.api.data.DataSource;
import dev.lifecycle.api.data.Dataset;
import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.data.Field;
import dev.lifecycle.api.data.Lineage;
import dev.lifecycle.api.store.ObjectId;
import dev.lifecycle.api.store.Store;
import dev.lifecycle.core.internal.Column;
import dev.lifecycle.core.internal.ColumnarDataset;
import dev.lifecycle.core.internal.Context;
import dev.lifecycle.core.internal.DatasetManifest;
import dev.lifecycle.core.internal.Json;
import dev.lifecycle.core.internal.RefNames;
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

/**
 * The datasets of a {@code Lifecycle}: import, look up and derive immutable, versioned datasets.
 *
 * <p>Importing content that a dataset already has returns that version; new content becomes the next
 * version, with lineage to the previous one. A failed import writes nothing.
 */
public final class DatasetRegistry {
    private final Context ctx;
    private final Store store;
    private final Cache<String, ColumnarDataset> loaded = Caffeine.newBuilder().maximumSize(32).softValues().build();

    /** Created by {@code Lifecycle}. */
    public DatasetRegistry(Context ctx) {
        this.ctx = ctx;
        this.store = ctx.store();
    }

    /**
     * Imports a CSV file as a version of the named dataset.
     *
     * @throws dev.lifecycle.api.data.DataImportException naming file, line and column when the file is malformed
     */
    public DatasetVersion importCsv(String name, Path file, Csv options) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(options, "options");
        if (!Files.isRegularFile(file)) {
            throw new dev.lifecycle.api.data.DataImportException(file.toString(), 0, null,
                    "no such file; give the path of a CSV file");
        }
        return importFrom(name, new CsvSource(file, options), options);
    }

    /**
     * Imports rows from any source as a version of the named dataset, with the target and column types
     * of {@code options} (its CSV-specific settings are ignored).
     */
    public DatasetVersion importFrom(String name, DataSource source, Csv options) {
        RefNames.checkName(name, "dataset name");
        Lineage provisional = new Lineage(List.of(), "import", source.name(), Map.of());
        ColumnarDataset content = TableReader.read(source, options.target(), options.types(), name, provisional);
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
        if (!(trainFraction > 0 && trainFraction < 1)) {
            throw new IllegalArgumentException("trainFraction must be between 0 and 1 (exclusive), got " + trainFraction);
        }
        int cut = (int) Math.round(data.size() * trainFraction);
        if (cut == 0 || cut == data.size()) {
            throw new IllegalArgumentException("Dataset " + data.id() + " has " + data.size() + " rows: too few to split "
                    + trainFraction + " / " + (1 - trainFraction));
        }
        Map<String, String> details = Map.of("trainFraction", Double.toString(trainFraction), "cut",
                Integer.toString(cut));
        return new Split(derive(data, data.name() + ".train", range(0, cut), "split-time-ordered", details),
                derive(data, data.name() + ".test", range(cut, data.size()), "split-time-ordered", details));
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
        ColumnarDataset part = whole.select(rows, name, lineage);
        Optional<DatasetVersion> same = byDigest(name, part.digest());
        if (same.isPresent() && same.get().lineage().parents().equals(lineage.parents())) {
            return same.get();
        }
        return register(name, part, operation, null, details, false);
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
            String n = ref.substring("datasets/".length(), ref.indexOf('/', "datasets/".length()));
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
        return loaded.get(manifestId.hex(), k -> load(manifestId));
    }

    /** @return the id-form {@code name@version} parsed and looked up */
    public DatasetVersion get(String id) {
        int at = id.lastIndexOf('@');
        if (at <= 0) {
            throw new IllegalArgumentException("A dataset version id looks like name@version, got '" + id + "'");
        }
        return get(id.substring(0, at), Integer.parseInt(id.substring(at + 1)));
    }

    /** @return the columnar form of a version of this registry (internal use) */
    public static ColumnarDataset columnar(DatasetVersion v) {
        if (v instanceof ColumnarDataset c) {
            return c;
        }
        throw new IllegalArgumentException("Dataset " + v.id() + " was not made by Lifecycle's registry");
    }

    private DatasetVersion register(String name, ColumnarDataset content, String operation, String source,
            Map<String, String> details, boolean linkToLatest) {
        List<String> columnIds = new ArrayList<>();
        for (Column c : content.columns()) {
            columnIds.add(store.put(c.toBytes()).hex());
        }
        String created = ctx.clock().instant().toString();
        ColumnarDataset[] result = new ColumnarDataset[1];
        int version = Versions.commitNext(store, prefix(name), n -> {
            List<String> parents = new ArrayList<>(content.lineage().parents());
            if (linkToLatest && n > 1) {
                parents.add(name + "@" + (n - 1));
            }
            Lineage lineage = new Lineage(parents, operation, source, details);
            result[0] = content.as(name, n, lineage);
            return store.put(Json.write(new DatasetManifest(name, n, content.digest(), content.size(), content.schema(),
                    columnIds, lineage, created)));
        }, ctx.actor(), operation + " of " + content.size() + " rows" + (source != null ? " from " + source : ""));
        store.compareAndSet(prefix(name) + "/content/" + content.digest(), null, Integer.toString(version),
                ctx.actor(), "index content of " + name + "@" + version);
        return result[0];
    }

    private Optional<DatasetVersion> byDigest(String name, String digest) {
        return store.ref(prefix(name) + "/content/" + digest).map(v -> get(name, Integer.parseInt(v)));
    }

    private ColumnarDataset load(ObjectId manifestId) {
        DatasetManifest m = Json.read(store.get(manifestId), DatasetManifest.class);
        List<Column> columns = new ArrayList<>(m.columns().size());
        for (int i = 0; i < m.columns().size(); i++) {
            Field f = m.schema().fields().get(i);
            byte[] bytes = store.get(new ObjectId(m.columns().get(i)));
            columns.add(switch (f.type()) {
                case NUMERIC -> Column.Numeric.fromBytes(bytes);
                case TEXT -> Column.Text.fromBytes(bytes, m.rows());
                case BOOLEAN -> Column.Coded.fromBytes(bytes, List.of("false", "true"));
                case CATEGORICAL -> Column.Coded.fromBytes(bytes, f.categories());
            });
        }
        ColumnarDataset d = new ColumnarDataset(m.name(), m.version(), m.schema(), m.lineage(), columns);
        if (!d.digest().equals(m.digest())) {
            throw new dev.lifecycle.api.store.StoreException("Dataset " + m.name() + "@" + m.version()
                    + " does not match its recorded digest; the store is damaged");
        }
        return d;
    }

    private static String prefix(String name) {
        return "datasets/" + name;
    }

    private static int[] range(int from, int to) {
        int[] r = new int[to - from];
        for (int i = 0; i < r.length; i++) {
            r[i] = from + i;
        }
        return r;
    }

}
