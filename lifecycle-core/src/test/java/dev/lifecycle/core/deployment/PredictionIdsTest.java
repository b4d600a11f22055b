package dev.lifecycle.core.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.deployment.Deployment;
import dev.lifecycle.api.deployment.FeedbackOutcome;
import dev.lifecycle.api.model.ModelVersion;
import dev.lifecycle.core.Lifecycle;
import dev.lifecycle.core.internal.IdLeases;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Tag;

/**
 * Prediction ids never repeat: not between deployments alive at once, not after a restart, even with a
 * clock that stands still (as in tests and replays), because ranges are leased in the store.
 */
@Tag("fast")
class PredictionIdsTest {
    private static final Clock FROZEN = Clock.fixed(Instant.parse("2024-01-01T00:00:00Z"), ZoneOffset.UTC);

    @Test
    void deploymentsOfOneModelUnderAFrozenClockNeverShareAnIdAndFeedbackFindsTheRightOne(@TempDir Path home) {
        Set<Long> seen = new HashSet<>();
        List<Row> rows = Fixtures.labelled(3, 300);
        try (Lifecycle lc = Lifecycle.builder().directory(home).clock(FROZEN).build()) {
            ModelVersion m = Fixtures.train(lc, 1);
            Deployment a = lc.deploy(Fixtures.MODEL, Rollout.version(m));
            Deployment b = lc.deploy(Fixtures.MODEL, Rollout.version(m));
            long fromA = 0;
            for (Row r : rows) {
                long ia = a.predict(r.without("label")).id();
                long ib = b.predict(r.without("label")).id();
                assertThat(seen.add(ia)).as("id %d from a is new", ia).isTrue();
                assertThat(seen.add(ib)).as("id %d from b is new", ib).isTrue();
                fromA = ia;
            }
            assertThat(lc.store().journal(IdLeases.REF)).as("one lease for both deployments").hasSize(1);
            assertThat(b.feedback(fromA, "1")).as("a's id is not b's").isEqualTo(FeedbackOutcome.UNKNOWN);
            assertThat(a.feedback(fromA, "1")).isEqualTo(FeedbackOutcome.JOINED);
            a.close();
            b.close();
        }
        try (Lifecycle lc = Lifecycle.builder().directory(home).clock(FROZEN).build()) {
            Deployment again = lc.deploy(Fixtures.MODEL, Rollout.version(lc.models().get(Fixtures.MODEL, 1)));
            for (Row r : rows) {
                long id = again.predict(r.without("label")).id();
                assertThat(seen.add(id)).as("id %d after the restart is new", id).isTrue();
            }
            again.close();
            assertThat(lc.store().journal(IdLeases.REF)).as("a lease, its unused rest given back on close, a lease")
                    .hasSize(3);
        }
    }

    @Test
    void aStoreFailingWhenTheLifecycleGivesItsUnusedIdsBackLeavesThemUnusedAndCloseDoesNotThrow() {
        FailingStore store = new FailingStore();
        long last;
        try (Lifecycle lc = Lifecycle.builder().store(store).clock(FROZEN).build()) {
            ModelVersion m = Fixtures.train(lc, 1);
            Deployment d = lc.deploy(m);
            last = d.predict(Fixtures.labelled(1, 1).get(0).without("label")).id();
            store.failing.set(true);
        }
        assertThat(store.failedWrites.get()).as("the give-back was tried").isEqualTo(1);
        store.failing.set(false);
        try (Lifecycle lc = Lifecycle.builder().store(store).clock(FROZEN).build()) {
            Deployment d = lc.deploy(lc.models().get(Fixtures.MODEL, 1));
            assertThat(d.predict(Fixtures.labelled(1, 1).get(0).without("label")).id()).isGreaterThan(last);
        }
    }

    @Test
    void aLeaseStartsNoLowerThanTheClockAndAfterEveryEarlierLease() {
        try (Lifecycle lc = Lifecycle.builder().clock(FROZEN).build()) {
            IdLeases leases = new IdLeases(lc.store(), FROZEN, "test");
            long first = leases.lease(10, "x");
            assertThat(first).isEqualTo(FROZEN.millis() * 1000 + 1);
            assertThat(leases.lease(5, "y")).isEqualTo(first + 10);
            assertThat(leases.lease(1, "z")).isEqualTo(first + 15);
            assertThat(lc.store().ref(IdLeases.REF)).contains(Long.toString(first + 16));
        }
    }
}
