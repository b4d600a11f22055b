package dev.lifecycle.core.internal;

import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.data.Field;
import dev.lifecycle.api.data.FieldType;
import dev.lifecycle.api.data.Lineage;
import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.data.Schema;
import dev.lifecycle.api.data.SchemaMismatchException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.stream.IntStream;

/** The in-memory form of a {@link DatasetVersion}: one {@link Column} per field. Immutable. */
public final class ColumnarDataset implements DatasetVersion {
    private final String name;
    private final int version;
    private final Schema schema;
    private final Lineage lineage;
    private final List<Column> columns;
    private final int size;
    private volatile List<String> columnIds;
    private volatile String digest;

    /**
     * The content digest and column ids are computed on first use.
     *
     * @param columns one per schema field, all of the same size; not copied, never changed afterwards
     */
    public ColumnarDataset(String name, int version, Schema schema, Lineage lineage, List<Column> columns) {
        this(name, version, schema, lineage, columns, null);
    }

    /**
     * @param columnIds the SHA-256 (hex) of each column's {@link Column#toBytes() stored bytes}, as
     *     {@code Store.put} returned them, or null to compute them on first use
     */
    public ColumnarDataset(String name, int version, Schema schema, Lineage lineage, List<Column> columns,
            List<String> columnIds) {
        if (columns.size() != schema.fields().size()) {
            throw new IllegalArgumentException(columns.size() + " columns for " + schema.fields().size() + " fields");
        }
        if (columnIds != null && columnIds.size() != columns.size()) {
            throw new IllegalArgumentException(columnIds.size() + " column ids for " + columns.size() + " columns");
        }
        this.name = name;
        this.version = version;
        this.schema = schema;
        this.lineage = lineage;
        this.columns = List.copyOf(columns);
        this.size = columns.isEmpty() ? 0 : columns.get(0).size();
        this.columnIds = columnIds == null ? null : List.copyOf(columnIds);
    }

    /** @return the columnar form of a version made by Lifecycle's registry */
    public static ColumnarDataset of(dev.lifecycle.api.data.DatasetVersion v) {
        if (v instanceof ColumnarDataset c) {
            return c;
        }
        throw new IllegalArgumentException("Dataset " + v.id() + " was not made by Lifecycle's registry;"
                + " import or derive it through Lifecycle.datasets()");
    }

    /**
     * @return the content digest: SHA-256 over the schema and the SHA-256 of each column's stored bytes
     *     (its store object id)
     */
    public static String digest(Schema schema, List<String> columnIds) {
        MessageDigest md = Digests.sha256();
        md.update(Json.write(schema));
        for (String id : columnIds) {
            md.update((byte) '\n');
            md.update(id.getBytes(StandardCharsets.US_ASCII));
        }
        return Digests.hex(md);
    }

    /** @return the SHA-256 (hex) of each column's stored bytes, in schema order; computed in parallel once */
    public List<String> columnIds() {
        List<String> ids = columnIds;
        if (ids == null) {
            String[] out = new String[columns.size()];
            parallel(out.length, i -> out[i] = Digests.sha256Hex(columns.get(i).toBytes()));
            ids = List.of(out);
            columnIds = ids;
        }
        return ids;
    }

    /** @return the same content, with column ids already known (e.g. returned by the store) */
    public ColumnarDataset withColumnIds(List<String> ids) {
        return new ColumnarDataset(name, version, schema, lineage, columns, ids);
    }

    /** Runs {@code task} for {@code 0..n-1}, in parallel when there is more than one. */
    public static void parallel(int n, java.util.function.IntConsumer task) {
        IntStream idx = IntStream.range(0, n);
        (n > 1 ? idx.parallel() : idx).forEach(task);
    }

    /** @return this content under another name, version and lineage */
    public ColumnarDataset as(String newName, int newVersion, Lineage newLineage) {
        ColumnarDataset d = new ColumnarDataset(newName, newVersion, schema, newLineage, columns, columnIds);
        d.digest = digest;
        return d;
    }

    /** @return a dataset of the given rows, in that order, with the same schema (not yet registered) */
    public ColumnarDataset select(int[] rows, String newName, Lineage newLineage) {
        return new ColumnarDataset(newName, 0, schema, newLineage, columns.stream().map(c -> c.select(rows)).toList());
    }

    /** @return the columns, in schema order */
    public List<Column> columns() {
        return columns;
    }

    /** @return the column of a field */
    public Column column(String field) {
        int i = schema.indexOf(field);
        if (i < 0) {
            throw new SchemaMismatchException(field, "Dataset " + id() + " has no column '" + field
                    + "'; its columns are " + schema.names());
        }
        return columns.get(i);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int version() {
        return version;
    }

    @Override
    public String digest() {
        String d = digest;
        if (d == null) {
            d = digest(schema, columnIds());
            digest = d;
        }
        return d;
    }

    @Override
    public Schema schema() {
        return schema;
    }

    @Override
    public Lineage lineage() {
        return lineage;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public Row row(int index) {
        List<Field> fields = schema.fields();
        Row.Builder b = Row.builder(fields.size());
        for (int i = 0; i < fields.size(); i++) {
            Field f = fields.get(i);
            Column c = columns.get(i);
            if (c.isMissing(index)) {
                b.missing(f.name());
            } else if (c instanceof Column.Numeric n) {
                b.set(f.name(), n.values()[index]);
            } else if (c instanceof Column.Coded coded) {
                String v = coded.value(index);
                b.set(f.name(), f.type() == FieldType.BOOLEAN ? (Object) Boolean.valueOf(v) : v);
            } else {
                b.set(f.name(), ((Column.Text) c).values()[index]);
            }
        }
        return b.build();
    }

    @Override
    public double number(String field, int row) {
        if (column(field) instanceof Column.Numeric n) {
            return n.values()[row];
        }
        throw new SchemaMismatchException(field, "Column '" + field + "' of dataset " + id() + " is "
                + schema.field(field).map(Field::type).orElse(null) + ", not NUMERIC; read it with string()");
    }

    @Override
    public String string(String field, int row) {
        Column c = column(field);
        if (c instanceof Column.Coded coded) {
            return coded.value(row);
        }
        if (c instanceof Column.Text t) {
            return t.values()[row];
        }
        double v = ((Column.Numeric) c).values()[row];
        return Double.isNaN(v) ? null : Double.toString(v);
    }

    @Override
    public String toString() {
        return id() + " (" + size + " rows, " + schema.fields().size() + " columns, digest " + digest().substring(0, 12)
                + ")";
    }
}
