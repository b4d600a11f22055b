package dev.lifecycle.core.data;

import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.data.Field;
import dev.lifecycle.api.data.Lineage;
import dev.lifecycle.api.store.ObjectId;
import dev.lifecycle.api.store.Store;
import dev.lifecycle.api.store.StoreDamagedException;
import dev.lifecycle.api.store.StoreException;
import dev.lifecycle.core.internal.Column;
import dev.lifecycle.core.internal.ColumnarDataset;
import dev.lifecycle.core.internal.Context;
import dev.lifecycle.core.internal.DatasetManifest;
import dev.lifecycle.core.internal.Json;
import dev.lifecycle.core.internal.OwnedBytes;
import dev.lifecycle.core.internal.Sealed;
import dev.lifecycle.core.internal.StoredObjects;
import dev.lifecycle.core.internal.Versions;
import dev.lifecycle.core.store.MemoryStore;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How {@link DatasetRegistry} keeps versions in the store: each column a content-addressed object, each
 * version a manifest under {@code datasets/<name>}, and an index from content digest to version. Writes
 * them, and reads them back verified.
 */
final class DatasetStorage {
    private static final MethodHandle PUT_OWNED = Sealed.method(MemoryStore.class, "putOwned",
            ObjectId.class, OwnedBytes.class);

    private final Context ctx;
    private final Store store;

    DatasetStorage(Context ctx) {
        this.ctx = ctx;
        this.store = ctx.store();
    }

    /** @return the prefix of every ref of the named dataset */
    static String prefix(String name) {
        return "datasets/" + name;
    }

    /**
     * Puts the columns into the store (each serialized and hashed once, in parallel); content-addressed,
     * so putting content the store already has changes nothing.
     *
     * @return the content with its column ids known, so its digest is cheap
     */
    ColumnarDataset stored(ColumnarDataset content) {
        List<Column> columns = content.columns();
        String[] ids = new String[columns.size()];
        ColumnarDataset.parallel(ids.length, i -> ids[i] = put(columns.get(i).toBytes()).hex());
        return content.withColumnIds(List.of(ids));
    }

    /** Puts bytes that nothing else refers to; the memory store keeps them without a copy. */
    private ObjectId put(byte[] fresh) {
        return store instanceof MemoryStore memory
                ? (ObjectId) Sealed.invoke(PUT_OWNED, memory, new OwnedBytes(fresh)) : store.put(fresh);
    }

    /** Registers content whose columns are already {@link #stored}. */
    DatasetVersion register(String name, ColumnarDataset content, String operation, String source,
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
            return store.put(Json.writeStored(new DatasetManifest(name, n, content.digest(), content.size(),
                    content.schema(), columnIds, lineage, created)));
        }, ctx.actor(), operation + " of " + content.size() + " rows" + (source != null ? " from " + source : ""));
        store.compareAndSet(prefix(name) + "/content/" + content.digest(), null, Integer.toString(version),
                ctx.actor(), "index content of " + name + "@" + version);
        return result[0];
    }

    /** @return the version of {@code name} registered with content {@code digest}, if one is */
    Optional<Integer> versionWith(String name, String digest) {
        return store.ref(prefix(name) + "/content/" + digest).map(Integer::parseInt);
    }

    /** @return the version a manifest describes, its columns read from the store and verified */
    ColumnarDataset load(ObjectId manifestId, String name, int version) {
        String what = "dataset " + name + "@" + version;
        DatasetManifest m = StoredObjects.manifest(store, manifestId, DatasetManifest.class, what);
        if (m.name() == null || m.schema() == null || m.columns() == null || !m.name().equals(name)
                || m.version() != version) {
            throw new StoreDamagedException("The manifest " + manifestId + " that " + what + " points to "
                    + (m.name() == null || m.schema() == null || m.columns() == null
                            ? "is not a dataset manifest" : "is the manifest of " + m.name() + "@" + m.version())
                    + "; the store was changed outside Lifecycle. Run verify and repair");
        }
        if (m.columns().size() != m.schema().fields().size()) {
            throw new StoreException("Dataset " + m.name() + "@" + m.version() + " lists " + m.columns().size()
                    + " columns for " + m.schema().fields().size() + " fields; the store is damaged");
        }
        Column[] columns = new Column[m.columns().size()];
        ColumnarDataset.parallel(columns.length, i -> {
            Field f = m.schema().fields().get(i);
            byte[] bytes = StoredObjects.get(store, m.columns().get(i), what + "'s column " + f.name());
            columns[i] = switch (f.type()) {
                case NUMERIC -> Column.Numeric.fromBytes(bytes);
                case TEXT -> Column.Text.fromBytes(bytes, m.rows());
                case BOOLEAN -> Column.Coded.fromBytes(bytes, List.of("false", "true"));
                case CATEGORICAL -> Column.Coded.fromBytes(bytes, f.categories());
            };
        });
        for (int i = 0; i < columns.length; i++) {
            if (columns[i].size() != m.rows()) {
                throw new StoreException("Column '" + m.schema().fields().get(i).name() + "' of dataset "
                        + m.name() + "@" + m.version() + " has " + columns[i].size() + " rows where"
                        + " the manifest records " + m.rows() + "; the store is damaged");
            }
        }
        // store.get verified every column against its id, so the digest over the ids verifies the content
        ColumnarDataset d = new ColumnarDataset(m.name(), m.version(), m.schema(), m.lineage(), List.of(columns),
                m.columns());
        if (!d.digest().equals(m.digest())) {
            throw new StoreException("Dataset " + m.name() + "@" + m.version()
                    + " does not match its recorded digest; the store is damaged");
        }
        return d;
    }
}
