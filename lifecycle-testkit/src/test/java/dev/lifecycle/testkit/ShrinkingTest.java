package dev.lifecycle.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.lifecycle.api.data.Field;
import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.data.Schema;
import dev.lifecycle.testkit.generators.GeneratedData;
import dev.lifecycle.testkit.generators.LifecycleArbitraries;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.jupiter.api.Tag;

/** A property with a planted bug must shrink to a small failing dataset. */
@Tag("fast")
@net.jqwik.api.Tag("fast")
class ShrinkingTest {

    @Test
    void aPlantedBugShrinksToATinyDataset() {
        PlantedBug.failures.clear();
        EngineTestKit.engine("jqwik").selectors(selectClass(PlantedBug.class)).execute().testEvents()
                .assertStatistics(s -> s.failed(1));
        assertThat(PlantedBug.failures).isNotEmpty();
        int shrunk = PlantedBug.failures.get(PlantedBug.failures.size() - 1);
        int first = PlantedBug.failures.get(0);
        assertThat(shrunk).as("rows in the shrunk failing dataset (first failure had %d)", first).isLessThanOrEqualTo(2);
    }

    /** Run only through the engine test kit above. */
    static class PlantedBug {
        static final List<Integer> failures = new CopyOnWriteArrayList<>();

        @Property(tries = 200, seed = "7")
        boolean meanIsBelowFifty(@ForAll("data") GeneratedData data) {
            double sum = 0;
            for (Row r : data.rows()) {
                sum += r.number(0);
            }
            // planted bug: a "mean" that divides by a constant instead of the row count
            boolean ok = sum / 10 < 5;
            if (!ok) {
                failures.add(data.size());
            }
            return ok;
        }

        @Provide
        Arbitrary<GeneratedData> data() {
            Schema schema = new Schema(List.of(Field.numeric("x"), Field.categorical("label", List.of("0", "1"))),
                    "label");
            return LifecycleArbitraries.datasets(schema, 1, 300, 0.5);
        }
    }
}
