package dev.lifecycle.core.loop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifecycle.api.data.ColumnRole;
import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.data.Field;
import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.model.ModelVersion;
import dev.lifecycle.api.model.Prediction;
import dev.lifecycle.core.Lifecycle;
import dev.lifecycle.core.data.Csv;
import dev.lifecycle.core.data.RowSource;
import dev.lifecycle.core.data.SeaStream;
import dev.lifecycle.core.model.Trainers;
import dev.lifecycle.core.monitoring.Monitor;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;

/** Column roles survive a retrain: the loop's datasets, the new champion's signature and the monitor keep them. */
@Tag("fast")
class LoopRolesTest {

    private static List<Row> withIds(List<Row> rows, int from) {
        List<Row> out = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            out.add(rows.get(i).with("customer", "C" + (from + i)));
        }
        return out;
    }

    @Test
    void identifierStaysAnIdentifierThroughARetrain() {
        Clock clock = Clock.fixed(Instant.parse("2024-01-01T00:00:00Z"), ZoneOffset.UTC);
        try (Lifecycle lc = Lifecycle.builder().clock(clock).build()) {
            SeaStream stream = new SeaStream(5, 100_000, 0.05, 8, 4);
            List<String> columns = new ArrayList<>(SeaStream.COLUMNS);
            columns.add("customer");
            DatasetVersion d = lc.datasets().importFrom("sea", RowSource.of("sea", columns,
                    withIds(stream.next(600), 0)), Csv.forTarget("label").identifier("customer"));
            assertThat(d.schema().role("customer")).isEqualTo(ColumnRole.IDENTIFIER);
            ModelVersion first = lc.train("sea-roles", Trainers.cart().maxDepth(5).seed(3), d);
            lc.models().setAlias("sea-roles", "champion", first, "first");
            Monitor monitor = Monitor.builder("sea-roles", lc.datasets().profile(d)).chunkRows(32).windowChunks(2)
                    .build();
            assertThat(monitor.features()).doesNotContain("customer", "label");
            try (Loop loop = Loop.builder(lc, "sea-roles", "label").trigger(Trigger.manual()).history(300)
                    .holdout(100).noCanary().monitor(monitor).build()) {
                for (int i = 0; i < 600; i++) {
                    Row r = stream.next().with("customer", "P" + i);
                    Prediction p = loop.predict(r.without("label"));
                    assertThat(p.identifier("customer")).isEqualTo("P" + i);
                    loop.feedback(p.id(), (String) r.get("label"));
                }
                LoopIteration it = loop.retrainNow("roles check");
                DatasetVersion retrainData = lc.datasets().get(it.dataset());
                assertThat(retrainData.schema().role("customer")).isEqualTo(ColumnRole.IDENTIFIER);
                assertThat(retrainData.schema().features()).extracting(Field::name).doesNotContain("customer");
                if (it.challenger() != null) {
                    ModelVersion challenger = lc.models().get("sea-roles",
                            Integer.parseInt(it.challenger().substring(it.challenger().indexOf('@') + 1)));
                    assertThat(challenger.signature().roles()).containsEntry("customer", ColumnRole.IDENTIFIER);
                    assertThat(challenger.signature().inputs()).extracting(Field::name).doesNotContain("customer");
                }
                monitor.flush();
                assertThat(monitor.features()).doesNotContain("customer", "label");
                assertThat(monitor.driftWindows()).allSatisfy(w -> assertThat(w.drift())
                        .extracting(r -> r.feature()).doesNotContain("customer", "label"));
                assertThat(monitor.alerts()).extracting(a -> a.subject()).doesNotContain("customer", "label");
            }
        }
    }
}
