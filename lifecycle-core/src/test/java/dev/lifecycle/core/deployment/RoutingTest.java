package dev.lifecycle.core.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.deployment.Deployment;
import dev.lifecycle.api.deployment.RoutingPolicy;
import dev.lifecycle.api.model.ModelVersion;
import dev.lifecycle.core.Lifecycle;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Tag;

/** Canary and sticky A/B routing: splits, determinism, and stickiness across a restart. */
@Tag("fast")
@net.jqwik.api.Tag("fast")
class RoutingTest {
    private static final int KEYS = 100_000;

    @Test
    void abSplitOf100kKeysIsWithinOnePointAndTheSameAfterReopening(@TempDir Path home) {
        List<Row> base = Fixtures.inputs(Fixtures.labelled(5, 256));
        int[] first = new int[KEYS];
        try (Lifecycle lc = Lifecycle.open(home)) {
            ModelVersion a = Fixtures.train(lc, 1);
            ModelVersion b = Fixtures.train(lc, 2);
            lc.models().setAlias(Fixtures.MODEL, "champion", a, "test");
            lc.models().setAlias(Fixtures.MODEL, "challenger", b, "test");
            Deployment dep = lc.deploy(Fixtures.MODEL, Rollout.alias("champion").abTest("challenger", "user", 0.3));
            long toB = 0;
            for (int k = 0; k < KEYS; k++) {
                first[k] = dep.predict(base.get(k & 255).with("user", "user-" + k)).version();
                toB += first[k] == b.version() ? 1 : 0;
            }
            assertThat((double) toB / KEYS).as("share of keys on arm b").isCloseTo(0.3,
                    org.assertj.core.data.Offset.offset(0.01));
            assertThat(dep.metrics().arms()).containsKeys("a", "b");
        }
        try (Lifecycle lc = Lifecycle.open(home)) {
            Deployment dep = lc.deploy(Fixtures.MODEL, Rollout.alias("champion").abTest("challenger", "user", 0.3));
            for (int k = KEYS - 1; k >= 0; k--) {
                int again = dep.predict(base.get((k * 7) & 255).with("user", "user-" + k)).version();
                if (again != first[k]) {
                    throw new AssertionError("key user-" + k + " moved from version " + first[k] + " to " + again
                            + " after a restart");
                }
            }
        }
    }

    @Test
    void theSameKeyGetsTheSameArmWhateverElseTheRowHolds() {
        RoutingPolicy p = Routing.sticky("user", "exp-1", 0.5, 0.5);
        for (int k = 0; k < 1000; k++) {
            int arm = p.route(Row.of("user", "u" + k), k);
            assertThat(p.route(Row.of("x", 1.0, "user", "u" + k), k + 12345)).isEqualTo(arm);
        }
        assertThat(p.route(Row.of("x", 1.0), 1)).as("rows without the key go to arm 0").isZero();
    }

    @Test
    void aDifferentSaltReshufflesTheAssignment() {
        RoutingPolicy p1 = Routing.sticky("user", "exp-1", 0.5, 0.5);
        RoutingPolicy p2 = Routing.sticky("user", "exp-2", 0.5, 0.5);
        int differ = 0;
        for (int k = 0; k < 10_000; k++) {
            Row r = Row.of("user", "u" + k);
            differ += p1.route(r, 1) != p2.route(r, 1) ? 1 : 0;
        }
        assertThat(differ).as("keys that change arm with the salt").isBetween(4_500, 5_500);
    }

    @Property(tries = 20)
    void canaryShareByRequestIdIsWithinOnePoint(@ForAll @DoubleRange(min = 0, max = 1) double share) {
        RoutingPolicy p = Routing.canary(share, "s");
        int canary = 0;
        long firstId = 1_700_000_000_000_000L;
        for (int i = 0; i < 40_000; i++) {
            int arm = p.route(null, firstId + i);
            assertThat(arm).isEqualTo(p.route(null, firstId + i));
            canary += arm;
        }
        assertThat(canary / 40_000.0).isCloseTo(share, org.assertj.core.data.Offset.offset(0.01));
    }

    @Test
    void badSharesFailFastWithTheReason() {
        assertThatThrownBy(() -> Routing.sticky("user", "s", 0.5, 0.6)).hasMessageContaining("add up to 1");
        assertThatThrownBy(() -> Routing.canary(1.5, "s")).hasMessageContaining("[0, 1]");
        assertThatThrownBy(() -> Rollout.alias("champion").canary("a", 0.1).abTest("b", "user", 0.5))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("already has a canary");
        assertThatThrownBy(() -> Rollout.alias("champion").progressive("c", 0.5, 0.25))
                .hasMessageContaining("must increase");
    }
}
