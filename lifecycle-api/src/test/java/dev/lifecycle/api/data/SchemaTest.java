package dev.lifecycle.api.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;

@Tag("fast")
class SchemaTest {
    private static final Schema SCHEMA = new Schema(List.of(Field.numeric("price"),
            Field.categorical("day", List.of("mon", "tue")), Field.bool("open"), Field.text("note").asNullable(),
            Field.categorical("class", List.of("0", "1"))), "class");

    @Test
    void fieldFactories() {
        Field f = Field.categorical("day", List.of("mon", "tue"));
        assertThat(f.type()).isEqualTo(FieldType.CATEGORICAL);
        assertThat(f.nullable()).isFalse();
        assertThat(f.asNullable().nullable()).isTrue();
        assertThat(f.asNullable().categories()).isEqualTo(f.categories());
        assertThat(f.categoryIndex("tue")).isEqualTo(1);
        assertThat(f.categoryIndex("sun")).isEqualTo(-1);
        assertThat(Field.numeric("x").categories()).isEmpty();
        assertThat(new Field("x", FieldType.NUMERIC, false, null).categories()).isEmpty();
        assertThat(Field.bool("b").type()).isEqualTo(FieldType.BOOLEAN);
        assertThat(Field.text("t").type()).isEqualTo(FieldType.TEXT);
    }

    @Test
    void fieldCopiesItsCategories() {
        List<String> cats = new ArrayList<>(List.of("a", "b"));
        Field f = Field.categorical("c", cats);
        cats.add("z");
        assertThat(f.categories()).containsExactly("a", "b");
        assertThatThrownBy(() -> f.categories().add("y")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void fieldValidation() {
        assertThatThrownBy(() -> Field.numeric(" ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must not be blank");
        assertThatThrownBy(() -> Field.numeric(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("name");
        assertThatThrownBy(() -> new Field("x", null, false, List.of())).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("type");
        assertThatThrownBy(() -> new Field("x", FieldType.NUMERIC, false, List.of("a")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Field 'x' is NUMERIC")
                .hasMessageContaining("only CATEGORICAL fields have categories");
        assertThatThrownBy(() -> Field.categorical("day", List.of("mon", "tue", "mon")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Field 'day'")
                .hasMessageContaining("'mon'").hasMessageContaining("twice");
    }

    @Test
    void schemaLookups() {
        assertThat(SCHEMA.names()).containsExactly("price", "day", "open", "note", "class");
        assertThat(SCHEMA.indexOf("open")).isEqualTo(2);
        assertThat(SCHEMA.indexOf("absent")).isEqualTo(-1);
        assertThat(SCHEMA.field("day")).contains(Field.categorical("day", List.of("mon", "tue")));
        assertThat(SCHEMA.field("absent")).isEmpty();
        assertThat(SCHEMA.targetField().orElseThrow().name()).isEqualTo("class");
        assertThat(SCHEMA.features()).extracting(Field::name).containsExactly("price", "day", "open", "note");
        Schema unlabelled = Schema.of(SCHEMA.fields());
        assertThat(unlabelled.target()).isNull();
        assertThat(unlabelled.targetField()).isEmpty();
        assertThat(unlabelled.features()).hasSize(5);
        assertThat(unlabelled.withTarget("class")).isEqualTo(SCHEMA);
    }

    @Test
    void schemaValidation() {
        assertThatThrownBy(() -> Schema.of(List.of(Field.numeric("a"), Field.text("a"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Column 'a' appears twice");
        assertThatThrownBy(() -> SCHEMA.withTarget("label")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Target column 'label' is not in the schema")
                .hasMessageContaining("[price, day, open, note, class]");
        assertThatThrownBy(() -> new Schema(null, null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("fields");
        List<Field> fields = new ArrayList<>(List.of(Field.numeric("a")));
        Schema s = Schema.of(fields);
        fields.add(Field.numeric("b"));
        assertThat(s.fields()).hasSize(1);
    }
}
