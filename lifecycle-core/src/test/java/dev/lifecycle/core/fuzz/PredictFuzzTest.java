package dev.lifecycle.core.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.deployment.Deployment;
import dev.lifecycle.api.model.ModelVersion;
import dev.lifecycle.core.Lifecycle;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;

/**
 * Bad rows at predict never get past a typed error: every failure is a SchemaMismatchException naming
 * a feature, every success a valid prediction carrying the row's identifier. The properties run a few
 * hundred rows per model; {@link #longSeededRun()} runs the big counts when {@code -Dfuzz.rows=N} is set.
 */
@Tag("slow")
@net.jqwik.api.Tag("slow")
class PredictFuzzTest {
    private static final class Models {
        static final Lifecycle LC = Lifecycle.inMemory();
        static final DatasetVersion DATA = PredictFuzz.data(LC, 2000, 11);
        static final ModelVersion LR = LC.train("fuzz-lr", PredictFuzz.trainer("lr"), DATA);
        static final ModelVersion CART = LC.train("fuzz-cart", PredictFuzz.trainer("cart"), DATA);
        static final ModelVersion XGB = LC.train("fuzz-xgb", PredictFuzz.trainer("xgboost"), DATA);
        static final Deployment LR_DEP = LC.deploy(LR);
        static final Deployment CART_DEP = LC.deploy(CART);
        static final Deployment XGB_DEP = LC.deploy(XGB);
    }

    @Provide
    Arbitrary<Row> rows() {
        return Arbitraries.randomValue((Random r) -> PredictFuzz.row(r, r.nextInt(1000)));
    }

    @Property(tries = 400)
    void logisticRegressionFailsOnlyWithSchemaMismatch(@ForAll("rows") Row row) {
        assertOnlyTypedOutcomes(Models.LR_DEP, Models.LR, row);
    }

    @Property(tries = 200)
    void cartFailsOnlyWithSchemaMismatch(@ForAll("rows") Row row) {
        assertOnlyTypedOutcomes(Models.CART_DEP, Models.CART, row);
    }

    @Property(tries = 100)
    void xgboostFailsOnlyWithSchemaMismatch(@ForAll("rows") Row row) {
        assertOnlyTypedOutcomes(Models.XGB_DEP, Models.XGB, row);
    }

    private static void assertOnlyTypedOutcomes(Deployment dep, ModelVersion m, Row row) {
        PredictFuzz.Tally t = new PredictFuzz.Tally();
        PredictFuzz.check(dep, m, row, t);
        assertThat(t.other).as("%s", t).isZero();
    }

    @Test
    void numericFormsOfAnIntegerCodedCategoryAreTheSameCategory() {
        Row base = Row.of("x1", 1.0, "x2", 500.0, "color", "red", "region", "north", "flag", true);
        String expected = Models.LR.model().predict(base.with("code", "2")).label();
        for (Object two : new Object[] {2, 2.0, "2", "2.0", 2L, 2.0f}) {
            assertThat(Models.LR.model().predict(base.with("code", two)).label()).as("code %s", two).isEqualTo(expected);
            assertThat(Models.LR.model().predict(base.with("code", two)).score("yes"))
                    .isEqualTo(Models.LR.model().predict(base.with("code", "2")).score("yes"));
        }
    }

    @Test
    void longSeededRun() {
        String n = System.getProperty("fuzz.rows");
        org.junit.jupiter.api.Assumptions.assumeTrue(n != null, "set -Dfuzz.rows=N to run the long fuzz");
        long lrRows = Long.parseLong(n);
        long treeRows = Long.parseLong(System.getProperty("fuzz.treeRows", Long.toString(lrRows / 10)));
        for (Object[] run : new Object[][] {{"lr", Models.LR_DEP, Models.LR, lrRows},
                {"cart", Models.CART_DEP, Models.CART, treeRows}, {"xgboost", Models.XGB_DEP, Models.XGB, treeRows}}) {
            Random rnd = new Random(20261201L);
            PredictFuzz.Tally t = new PredictFuzz.Tally();
            long start = System.nanoTime();
            for (long i = 0; i < (long) run[3]; i++) {
                PredictFuzz.check((Deployment) run[1], (ModelVersion) run[2], PredictFuzz.row(rnd, i), t);
            }
            System.out.printf("FUZZ predict %s: %s (%.1f s)%n", run[0], t, (System.nanoTime() - start) / 1e9);
            assertThat(t.other).as("%s", t).isZero();
        }
    }
}
