package dev.lifecycle.core.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.data.SchemaMismatchException;
import dev.lifecycle.api.deployment.Deployment;
import dev.lifecycle.api.model.ModelVersion;
import dev.lifecycle.api.model.Prediction;
import dev.lifecycle.api.store.JournalEntry;
import dev.lifecycle.core.Fixtures;
import dev.lifecycle.core.Lifecycle;
import dev.lifecycle.core.data.Csv;
import dev.lifecycle.core.data.RowSource;
import dev.lifecycle.core.model.Trainers;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Tag;

/** Bad rows get a {@link SchemaMismatchException} naming the feature; swaps check compatibility. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Tag("fast")
class DeploymentSchemaTest {
    private Lifecycle lc;
    private DatasetVersion mixed;
    private DatasetVersion numericOnly;
    private ModelVersion mixedLr;
    private ModelVersion mixedCart;
    private ModelVersion numericCart;

    @BeforeAll
    void train() {
        lc = Lifecycle.inMemory();
        mixed = Fixtures.importMixed(lc, "mixed", 300, 2);
        List<Row> rows = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(4);
        for (int i = 0; i < 200; i++) {
            double a = random.nextDouble();
            double b = random.nextDouble();
            rows.add(Row.of("a", a, "b", b, "label", a > b ? "hi" : "lo"));
        }
        numericOnly = lc.datasets().importFrom("num", RowSource.of("rows", List.of("a", "b", "label"), rows),
                Csv.forTarget("label"));
        mixedLr = lc.train("m", Trainers.logisticRegression().seed(1), mixed);
        mixedCart = lc.train("m", Trainers.cart().seed(1), mixed);
        numericCart = lc.train("n", Trainers.cart().seed(1), numericOnly);
    }

    @AfterAll
    void close() {
        lc.close();
    }

    private Deployment deployment(String which) {
        return lc.deploy(switch (which) {
            case "lr" -> mixedLr;
            case "cart" -> mixedCart;
            default -> throw new IllegalArgumentException(which);
        });
    }

    private static void assertMismatch(Deployment d, Row row, String feature, String... messageParts) {
        Throwable t = catchThrowable(() -> d.predict(row));
        assertThat(t).as("predict(%s)", row).isExactlyInstanceOf(SchemaMismatchException.class);
        SchemaMismatchException e = (SchemaMismatchException) t;
        assertThat(e.feature()).isEqualTo(feature);
        assertThat(e.getMessage()).contains("'" + feature + "'").contains(messageParts);
        // and the batch path says the same
        Throwable batch = catchThrowable(() -> d.predictAll(List.of(row)));
        assertThat(batch).isExactlyInstanceOf(SchemaMismatchException.class);
        assertThat(((SchemaMismatchException) batch).feature()).isEqualTo(feature);
    }

    @ParameterizedTest
    @ValueSource(strings = {"lr", "cart"})
    void badRowsNameTheFeature(String model) {
        Deployment d = deployment(model);
        Row good = mixed.row(0).without("label");
        assertThat(d.predict(good).label()).isIn("yes", "no");

        assertMismatch(d, good.without("x"), "x", "missing");
        assertMismatch(d, good.without("color"), "color", "missing");
        assertMismatch(d, good.with("x", "1.5"), "x", "must be a number", "String '1.5'");
        assertMismatch(d, good.with("x", true), "x", "must be a number");
        assertMismatch(d, good.with("x", Double.NaN), "x", "missing value");
        assertMismatch(d, good.with("x", null), "x", "missing value");
        assertMismatch(d, good.with("color", 3), "color", "Double '3.0'");
        assertMismatch(d, good.with("color", null), "color", "missing value");
        assertMismatch(d, good.with("color", "purple"), "color", "'purple'", "never saw", "[blue, green, red]");
        assertMismatch(d, good.with("flag", "true"), "flag", "true or false");
        assertMismatch(d, good.with("flag", 1), "flag", "true or false");
        assertMismatch(d, good.with("flag", null), "flag", "missing value");
        assertMismatch(d, Row.of(), "x", "missing");
    }

    @Test
    void numericOnlyModelNamesTheFeatureToo() {
        Deployment d = lc.deploy(numericCart);
        Row good = numericOnly.row(0).without("label");
        assertThat(d.predict(good).label()).isIn("hi", "lo");
        assertMismatch(d, good.without("b"), "b", "missing");
        assertMismatch(d, good.with("a", "x"), "a", "must be a number");
        assertMismatch(d, good.with("b", Double.NaN), "b", "missing value");
        assertMismatch(d, good.with("a", null), "a", "missing value");
    }

    @ParameterizedTest
    @ValueSource(strings = {"lr", "cart"})
    void columnOrderAndExtraColumnsDoNotMatter(String model) {
        Deployment d = deployment(model);
        for (int r = 0; r < mixed.size(); r++) {
            Row canonical = mixed.row(r).without("label");
            List<String> names = new ArrayList<>(canonical.names());
            java.util.Collections.reverse(names);
            Row.Builder b = Row.builder().set("extra", "ignored").set("label", "whatever");
            for (String n : names) {
                b.set(n, canonical.get(n));
            }
            Row shuffled = b.set("more", 42.0).build();
            Prediction p = d.predict(canonical);
            Prediction q = d.predict(shuffled);
            assertThat(q.label()).as("row %d", r).isEqualTo(p.label());
            assertThat(q.scores()).as("row %d", r).containsExactly(p.scores());
            assertThat(q.id()).isNotEqualTo(p.id());
            assertThat(p.model()).isEqualTo("m");
        }
    }

    @Test
    void swapToIncompatibleVersionIsRefused() {
        List<Row> rows = new ArrayList<>();
        for (int r = 0; r < mixed.size(); r++) {
            rows.add(mixed.row(r).with("z", r % 7 * 1.0));
        }
        DatasetVersion wider = lc.datasets().importFrom("wider", RowSource.of("rows",
                List.of("x", "y", "color", "flag", "z", "label"), rows), Csv.forTarget("label"));
        ModelVersion needsZ = lc.train("m", Trainers.cart(), wider);
        Deployment d = lc.deploy(mixedLr);
        Throwable t = catchThrowable(() -> d.swap(needsZ, "try wider model"));
        assertThat(t).isExactlyInstanceOf(SchemaMismatchException.class);
        assertThat(((SchemaMismatchException) t).feature()).isEqualTo("z");
        assertThat(t.getMessage()).contains("'z' is a new input").contains(mixedLr.id()).contains(needsZ.id());
        assertThat(d.current()).isSameAs(mixedLr);
        assertThat(lc.store().journal("deployments/m/serving")).extracting(JournalEntry::reason)
                .doesNotContain("try wider model");
    }

    @Test
    void swapToCompatibleVersionChangesCurrentAndIsJournaled() {
        Deployment d = lc.deploy(mixedLr);
        Row row = mixed.row(3).without("label");
        assertThat(d.predict(row).version()).isEqualTo(mixedLr.version());
        ModelVersion before = d.swap(mixedCart, "cart is better on slice red");
        assertThat(before).isSameAs(mixedLr);
        assertThat(d.current()).isSameAs(mixedCart);
        assertThat(d.predict(row).version()).isEqualTo(mixedCart.version());
        assertThat(d.predict(row).label()).isEqualTo(mixedCart.model().predict(row).label());
        List<JournalEntry> journal = lc.store().journal("deployments/m/serving");
        JournalEntry last = journal.get(journal.size() - 1);
        assertThat(last.ref()).isEqualTo("deployments/m/serving");
        assertThat(last.reason()).isEqualTo("cart is better on slice red");
        assertThat(last.oldValue()).isEqualTo(Integer.toString(mixedLr.version()));
        assertThat(last.newValue()).isEqualTo(Integer.toString(mixedCart.version()));
        assertThat(lc.store().ref("deployments/m/serving")).contains(Integer.toString(mixedCart.version()));
    }

    @Test
    void swapToAnotherModelAndUseAfterCloseAreRefused() {
        Deployment d = lc.deploy(mixedLr);
        assertThatThrownBy(() -> d.swap(numericCart, "wrong model")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(numericCart.id());
        d.close();
        Row row = mixed.row(0).without("label");
        assertThatThrownBy(() -> d.predict(row)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        assertThatThrownBy(() -> d.predictAll(List.of(row))).isInstanceOf(IllegalStateException.class);
    }
}
