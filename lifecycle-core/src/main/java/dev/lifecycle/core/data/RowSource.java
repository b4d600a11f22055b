package dev.lifecycle.core.data;

import dev.lifecycle.api.data.DataImportException;
import dev.lifecycle.api.data.DataSource;
import dev.lifecycle.api.data.Row;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * A {@link DataSource} over rows the host already holds (labelled production rows, generated data).
 * Each row must have every column; extra columns are an error, so nothing is dropped silently.
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public final class RowSource implements DataSource {
    private final String name;
    private final List<String> columns;
    private final Iterable<Row> rows;

    private RowSource(String name, List<String> columns, Iterable<Row> rows) {
        this.name = Objects.requireNonNull(name, "name");
        this.columns = List.copyOf(columns);
        this.rows = Objects.requireNonNull(rows, "rows");
    }

    /**
     * @param name how lineage and errors name this source
     * @param columns the columns, in order
     * @param rows the rows; iterated once per import
     */
    public static RowSource of(String name, List<String> columns, Iterable<Row> rows) {
        return new RowSource(name, columns, rows);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Cursor open() {
        Iterator<Row> it = rows.iterator();
        return new Cursor() {
            private Row current;
            private final int[] positions = new int[columns.size()];
            private long line;

            @Override
            public List<String> columns() {
                return columns;
            }

            @Override
            public boolean next() {
                if (!it.hasNext()) {
                    return false;
                }
                current = it.next();
                line++;
                for (int i = 0; i < positions.length; i++) {
                    positions[i] = current.indexOf(columns.get(i));
                    if (positions[i] < 0) {
                        throw new DataImportException(name, line, columns.get(i), "the row has no value for this"
                                + " column; rows are " + current.names() + ". Set it, or set it to null for missing");
                    }
                }
                if (current.size() != columns.size()) {
                    throw new DataImportException(name, line, null, "the row has columns " + current.names()
                            + ", more than the declared " + columns);
                }
                return true;
            }

            @Override
            public Object value(int column) {
                return current.get(positions[column]);
            }

            @Override
            public long line() {
                return line;
            }

            @Override
            public void close() {
                // nothing held
            }
        };
    }
}
