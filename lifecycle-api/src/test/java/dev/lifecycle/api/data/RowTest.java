package dev.lifecycle.api.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;

@Tag("fast")
class RowTest {

    @Test
    void ofTakesNameValuePairsOfEverySupportedType() {
        Row r = Row.of("price", 0.05, "count", 3, "day", "mon", "open", true, "note", null);
        assertThat(r.size()).isEqualTo(5);
        assertThat(r.names()).containsExactly("price", "count", "day", "open", "note");
        assertThat(r.isNumber(0)).isTrue();
        assertThat(r.number(0)).isEqualTo(0.05);
        assertThat(r.number(1)).as("any Number is held as a double").isEqualTo(3.0);
        assertThat(r.get("count")).isEqualTo(3.0);
        assertThat(r.get("day")).isEqualTo("mon");
        assertThat(r.get("open")).isEqualTo(Boolean.TRUE);
        assertThat(r.isMissing(4)).isTrue();
        assertThat(r.has("note")).isTrue();
        assertThat(r.get("note")).isNull();
        assertThat(r.has("absent")).isFalse();
        assertThat(r.get("absent")).isNull();
        assertThat(r.indexOf("day")).isEqualTo(2);
        assertThat(r.indexOf("absent")).isEqualTo(-1);
        assertThat(r.name(3)).isEqualTo("open");
        assertThat(Row.of().size()).isZero();
        assertThat(Row.of("big", new BigDecimal("1.5")).number(0)).isEqualTo(1.5);
    }

    @Test
    void ofRejectsBadArgumentsClearly() {
        assertThatThrownBy(() -> Row.of("a", 1, "b")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("odd number (3)");
        assertThatThrownBy(() -> Row.of(1, "a")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("argument 0 must be a column name").hasMessageContaining("Integer '1'");
        assertThatThrownBy(() -> Row.of("a", 1, null, 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("argument 2 must be a column name").hasMessageContaining("null");
        assertThatThrownBy(() -> Row.of("a", 1, "a", 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Column 'a' is set twice");
        assertThatThrownBy(() -> Row.of("when", new java.util.Date())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Column 'when'").hasMessageContaining("unsupported value")
                .hasMessageContaining("Number, String, Boolean or null");
        assertThatThrownBy(() -> Row.of("c", 'x')).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Character");
    }

    @Test
    void builderSetsNumbersUnboxedAndGrows() {
        Row.Builder b = Row.builder(1);
        for (int i = 0; i < 20; i++) {
            b.set("c" + i, (double) i);
        }
        Row r = b.set("s", (Object) "x").missing("m").build();
        assertThat(r.size()).isEqualTo(22);
        assertThat(r.number(19)).isEqualTo(19.0);
        assertThat(r.get("s")).isEqualTo("x");
        assertThat(r.isMissing(r.indexOf("m"))).isTrue();
        assertThat(Row.builder().build().size()).isZero();
        assertThat(Row.builder(0).set("a", 1.0).set("b", 2.0).build().number(1)).isEqualTo(2.0);
    }

    @Test
    void builderRejectsBadArguments() {
        assertThatThrownBy(() -> Row.builder().set("a", 1.0).set("a", "again"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Column 'a' is set twice");
        assertThatThrownBy(() -> Row.builder().set("a", List.of(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Column 'a'")
                .hasMessageContaining("unsupported value");
        assertThatThrownBy(() -> Row.builder().set(null, 1.0)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("column name");
    }

    @Test
    void builtRowsDoNotChangeWhenTheBuilderGoesOn() {
        Row.Builder b = Row.builder().set("a", 1.0);
        Row first = b.build();
        b.set("b", 2.0);
        assertThat(first.size()).isEqualTo(1);
        assertThat(b.build().size()).isEqualTo(2);
    }

    @Test
    void readingTheWrongKind() {
        Row r = Row.of("s", "text", "m", null);
        assertThatThrownBy(() -> r.number(0)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Column 's' holds String 'text', not a number");
        assertThatThrownBy(() -> r.number(1)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Column 'm' holds null");
        assertThatThrownBy(() -> r.names().add("x")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void withReplacesOrAppendsAndLeavesTheOriginal() {
        Row r = Row.of("a", 1, "b", "x");
        Row replaced = r.with("a", 2);
        assertThat(replaced.names()).containsExactly("a", "b");
        assertThat(replaced.get("a")).isEqualTo(2.0);
        assertThat(r.get("a")).isEqualTo(1.0);
        Row appended = r.with("c", true);
        assertThat(appended.names()).containsExactly("a", "b", "c");
        assertThat(r.with("b", null).isMissing(1)).isTrue();
        assertThat(r.with("a", "now text").get("a")).isEqualTo("now text");
        assertThatThrownBy(() -> r.with("a", new Object())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Column 'a'");
    }

    @Test
    void withoutRemovesOneColumn() {
        Row r = Row.of("a", 1, "b", "x", "c", false);
        assertThat(r.without("b").names()).containsExactly("a", "c");
        assertThat(r.without("b").get("c")).isEqualTo(Boolean.FALSE);
        assertThat(r.without("absent")).isEqualTo(r);
        assertThat(r.without("a").without("b").without("c").size()).isZero();
        assertThat(r.size()).isEqualTo(3);
    }

    @Test
    void equalsIgnoresColumnOrderButNotValuesOrNames() {
        Row a = Row.of("x", 1, "y", "v", "z", null);
        Row b = Row.of("z", null, "y", "v", "x", 1.0);
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isEqualTo(Row.builder().set("x", 1.0).set("y", (Object) "v").missing("z").build());
        assertThat(a).isNotEqualTo(Row.of("x", 2, "y", "v", "z", null));
        assertThat(a).isNotEqualTo(Row.of("x", 1, "y", "v"));
        assertThat(a).isNotEqualTo(Row.of("x", 1, "y", "v", "w", null));
        assertThat(a).isNotEqualTo(Row.of("x", "1", "y", "v", "z", null));
        assertThat(Row.of("b", true)).isNotEqualTo(Row.of("b", "true"));
        assertThat(Row.of("n", Double.NaN)).isEqualTo(Row.of("n", Double.NaN));
        assertThat(a).isNotEqualTo(null).isNotEqualTo("x");
        assertThat(a.toString()).isEqualTo("Row{x=1.0, y=v, z=null}");
    }
}
