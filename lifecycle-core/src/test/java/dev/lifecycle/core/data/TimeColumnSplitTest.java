package dev.lifecycle.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.data.SchemaMismatchException;
import dev.lifecycle.core.Lifecycle;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;

/** A time-ordered split by a time column: every test row strictly later than every training row. */
@Tag("fast")
@net.jqwik.api.Tag("fast")
class TimeColumnSplitTest {

    @Property(tries = 80)
    void everyTestRowIsLaterThanEveryTrainingRowAndThePartsPartitionTheRows(
            @ForAll @Size(min = 2, max = 300) List<@IntRange(min = 0, max = 60) Integer> times,
            @ForAll @IntRange(min = 1, max = 9) int tenths) {
        if (times.stream().distinct().count() < 2) {
            return;
        }
        try (Lifecycle lc = Lifecycle.inMemory()) {
            DatasetVersion data = numericTimes(lc, times);
            Split split;
            try {
                split = lc.datasets().split(data, Splits.timeOrdered("t", tenths / 10.0));
            } catch (IllegalArgumentException cannotSplit) {
                int cut = (int) Math.round(times.size() * tenths / 10.0);
                List<Integer> sorted = times.stream().sorted().toList();
                if (cut == 0 || cut == times.size()) {
                    assertThat(cannotSplit).hasMessageContaining("too few to split");
                } else {
                    assertThat(sorted.get(cut - 1)).as("only the latest time may fill the test part")
                            .isEqualTo(sorted.get(sorted.size() - 1));
                    assertThat(cannotSplit).hasMessageContaining("lower trainFraction").hasMessageContaining("'t'");
                }
                return;
            }
            double latestTrain = Double.NEGATIVE_INFINITY;
            List<Integer> ids = new ArrayList<>();
            for (int r = 0; r < split.train().size(); r++) {
                latestTrain = Math.max(latestTrain, split.train().number("t", r));
                ids.add((int) split.train().number("id", r));
            }
            List<Integer> testIds = new ArrayList<>();
            for (int r = 0; r < split.test().size(); r++) {
                assertThat(split.test().number("t", r)).isGreaterThan(latestTrain);
                testIds.add((int) split.test().number("id", r));
            }
            assertThat(ids).isSorted();
            assertThat(testIds).isSorted();
            ids.addAll(testIds);
            assertThat(ids).hasSize(times.size()).doesNotHaveDuplicates();
            assertThat(split.train().size()).isGreaterThanOrEqualTo((int) Math.round(times.size() * tenths / 10.0));
        }
    }

    @Test
    void rowsOutOfTimeOrderAreSplitByTheirTimeAndTiesStayInTraining() {
        try (Lifecycle lc = Lifecycle.inMemory()) {
            DatasetVersion data = numericTimes(lc, List.of(9, 1, 5, 5, 2, 8, 5, 7, 3, 6));
            Split split = lc.datasets().split(data, Splits.timeOrdered("t", 0.4));
            assertThat(column(split.train(), "t")).containsExactly(1.0, 5.0, 5.0, 2.0, 5.0, 3.0);
            assertThat(column(split.test(), "t")).containsExactly(9.0, 8.0, 7.0, 6.0);
            assertThat(split.test().lineage().operation()).isEqualTo("split-time-ordered");
            assertThat(split.test().lineage().details()).containsEntry("column", "t");
        }
    }

    @Test
    void isoTimestampsInATextColumnOrderInTime() {
        try (Lifecycle lc = Lifecycle.inMemory()) {
            List<Row> rows = new ArrayList<>();
            String[] at = {"2024-03-01T10:00:00Z", "2023-12-31T23:59:59Z", "2024-01-15T08:30:00Z", "2024-02-29T12:00:00Z"};
            for (int i = 0; i < at.length; i++) {
                rows.add(Row.of("id", (double) i, "when", at[i], "y", i % 2 == 0 ? "a" : "b"));
            }
            DatasetVersion data = lc.datasets().importFrom("events", RowSource.of("events", List.of("id", "when", "y"),
                    rows), Csv.forTarget("y").type("when", dev.lifecycle.api.data.FieldType.TEXT));
            Split split = lc.datasets().split(data, Splits.timeOrdered("when", 0.5));
            assertThat(column(split.train(), "id")).containsExactly(1.0, 2.0);
            assertThat(column(split.test(), "id")).containsExactly(0.0, 3.0);
        }
    }

    @Test
    void aMissingTimeOrAnAbsentColumnIsAnErrorNamingIt() {
        try (Lifecycle lc = Lifecycle.inMemory()) {
            List<Row> rows = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                rows.add(Row.of("id", (double) i, "t", i == 6 ? Double.NaN : (double) i, "y", "a"));
            }
            DatasetVersion data = lc.datasets().importFrom("gappy", RowSource.of("gappy", List.of("id", "t", "y"), rows),
                    Csv.forTarget("y"));
            assertThatThrownBy(() -> lc.datasets().split(data, Splits.timeOrdered("t", 0.5)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("no time in 't' at row 6");
            assertThatThrownBy(() -> lc.datasets().split(data, Splits.timeOrdered("timestamp", 0.5)))
                    .isInstanceOf(SchemaMismatchException.class)
                    .hasMessageContaining("no time column 'timestamp'");
        }
    }

    private static DatasetVersion numericTimes(Lifecycle lc, List<Integer> times) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < times.size(); i++) {
            rows.add(Row.of("id", (double) i, "t", (double) times.get(i), "y", i % 3 == 0 ? "a" : "b"));
        }
        return lc.datasets().importFrom("timed", RowSource.of("timed rows", List.of("id", "t", "y"), rows),
                Csv.forTarget("y"));
    }

    private static List<Double> column(DatasetVersion d, String name) {
        List<Double> out = new ArrayList<>();
        for (int r = 0; r < d.size(); r++) {
            out.add(d.number(name, r));
        }
        return out;
    }
}
