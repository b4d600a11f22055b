package dev.lifecycle.api.data;

import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * What changed between two dataset versions. Rows are matched by the content of every column but
 * the target: a row whose features match one on the other side but whose label differs is changed;
 * rows without a match are added or removed.
 *
 * @param from the id of the earlier version
 * @param to the id of the later version
 * @param rowsAdded rows only in {@code to}
 * @param rowsRemoved rows only in {@code from}
 * @param rowsChanged rows whose features match but whose label differs
 * @param labelChanges the label changes, in row order of {@code to}
 * @param columnChanges statistics of columns that differ between the two profiles
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public record DatasetDiff(String from, String to, int rowsAdded, int rowsRemoved, int rowsChanged,
        List<LabelChange> labelChanges, List<ColumnChange> columnChanges) {

    /** Copies the lists. */
    public DatasetDiff {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        labelChanges = List.copyOf(labelChanges);
        columnChanges = List.copyOf(columnChanges);
    }

    /**
     * A row whose label differs.
     *
     * @param fromRow its position in {@code from}
     * @param toRow its position in {@code to}
     * @param before the label in {@code from}
     * @param after the label in {@code to}
     */
    @API(status = API.Status.STABLE, since = "0.1.0")
    public record LabelChange(int fromRow, int toRow, String before, String after) {
    }

    /**
     * A column statistic that differs.
     *
     * @param column the column
     * @param statistic e.g. {@code count}, {@code missing}, {@code mean}, {@code distinct}, {@code count[>50K]}
     * @param before its value in {@code from} (NaN when the column is absent)
     * @param after its value in {@code to} (NaN when the column is absent)
     */
    @API(status = API.Status.STABLE, since = "0.1.0")
    public record ColumnChange(String column, String statistic, double before, double after) {
        /** Checks that the components are present. */
        public ColumnChange {
            Objects.requireNonNull(column, "column");
            Objects.requireNonNull(statistic, "statistic");
        }
    }
}
