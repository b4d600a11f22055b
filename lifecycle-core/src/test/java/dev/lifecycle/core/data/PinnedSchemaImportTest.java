package dev.lifecycle.core.data;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.data.Field;
import dev.lifecycle.api.data.FieldType;
import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.data.Schema;
import dev.lifecycle.core.Lifecycle;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Rows read with a given schema keep its types and every category of its domains. */
@net.jqwik.api.Tag("fast")
class PinnedSchemaImportTest {
    private static final List<String> DOMAIN = List.of("a", "b", "c", "d", "e");

    @Property(tries = 30)
    void aWindowLackingCategoriesKeepsTheSchemaDomainAndItsValues(
            @ForAll @Size(min = 1, max = 40) List<@IntRange(min = 0, max = 5) Integer> codes) {
        Schema schema = new Schema(List.of(Field.categorical("grade", DOMAIN), Field.categorical("code",
                List.of("1", "2", "3")), Field.numeric("x"), Field.categorical("y", List.of("no", "yes"))), "y");
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < codes.size(); i++) {
            int c = codes.get(i);
            String grade = c == 5 ? "new" : DOMAIN.get(c);
            rows.add(Row.of("grade", grade, "code", "2", "x", (double) i, "y", i % 2 == 0 ? "no" : "yes"));
        }
        try (Lifecycle lc = Lifecycle.inMemory()) {
            DatasetVersion d = lc.datasets().importFrom("window", RowSource.of("window", schema.names(), rows), schema);
            Field grade = d.schema().field("grade").orElseThrow();
            assertThat(grade.type()).isEqualTo(FieldType.CATEGORICAL);
            assertThat(grade.categories()).containsAll(DOMAIN).isSorted();
            assertThat(d.schema().field("code").orElseThrow().type()).as("declared, not inferred numeric")
                    .isEqualTo(FieldType.CATEGORICAL);
            assertThat(d.schema().field("code").orElseThrow().categories()).containsExactly("1", "2", "3");
            assertThat(d.schema().target()).isEqualTo("y");
            for (int i = 0; i < rows.size(); i++) {
                assertThat(d.string("grade", i)).isEqualTo(rows.get(i).get("grade"));
                assertThat(d.number("x", i)).isEqualTo((double) i);
            }
        }
    }
}
