package dev.lifecycle.testkit.generators;

import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.data.Field;
import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.data.Schema;
import dev.lifecycle.core.Lifecycle;
import dev.lifecycle.core.data.Csv;
import dev.lifecycle.core.data.RowSource;
import java.util.List;
import org.apiguardian.api.API;

/**
 * Generated labelled rows and the schema they conform to.
 *
 * @param schema the schema, with its target
 * @param rows the rows, each with every column of the schema
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public record GeneratedData(Schema schema, List<Row> rows) {

    /** Copies the rows. */
    public GeneratedData {
        rows = List.copyOf(rows);
    }

    /** @return the number of rows */
    public int size() {
        return rows.size();
    }

    /** @return the rows imported as a version of the named dataset, with the schema's column types */
    public DatasetVersion importInto(Lifecycle lifecycle, String name) {
        Csv options = Csv.forTarget(schema.target());
        for (Field f : schema.fields()) {
            options = options.type(f.name(), f.type());
        }
        return lifecycle.datasets().importFrom(name, RowSource.of("generated rows", schema.names(), rows), options);
    }

    @Override
    public String toString() {
        return "GeneratedData[" + rows.size() + " rows of " + schema.names() + "]";
    }
}
