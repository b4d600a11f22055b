package dev.lifecycle.core.loop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.deployment.Deployment;
import dev.lifecycle.api.deployment.FeedbackOutcome;
import dev.lifecycle.api.model.ModelVersion;
import dev.lifecycle.api.model.Prediction;
import dev.lifecycle.api.store.JournalEntry;
import dev.lifecycle.core.Lifecycle;
import dev.lifecycle.core.data.Csv;
import dev.lifecycle.core.data.RowSource;
import dev.lifecycle.core.data.SeaStream;
import dev.lifecycle.core.deployment.Rollout;
import dev.lifecycle.core.internal.IdLeases;
import dev.lifecycle.core.model.Trainers;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One id allocator per Lifecycle, shared by its deployments and its loop: across 20 close/reopen cycles of a
 * directory store, under a clock that stands still (so only the store's leases keep ids apart), no id is
 * issued twice, each open leases once whatever the number of deployments, and the loop joins the late labels
 * of predictions made before the restart to their own rows and refuses ids of the other deployments.
 */
@Tag("slow")
class LifecycleIdsRestartTest {
    private static final Clock FROZEN = Clock.fixed(Instant.parse("2024-01-01T00:00:00Z"), ZoneOffset.UTC);
    private static final int RESTARTS = 20;
    private static final int ROWS = 30;

    private static Lifecycle open(Path home) {
        return Lifecycle.builder().directory(home).clock(FROZEN).build();
    }

    private record Late(long id, Row row, String truth) {
    }

    @Test
    void deploymentsAndALoopOfOneLifecycleShareItsIdsAcross20RestartsAndLateLabelsJoinTheirOwnRows(
            @TempDir Path home) {
        Logger.getLogger("org.tribuo").setLevel(Level.WARNING);
        SeaStream stream = new SeaStream(11, 100_000, 0.05, 8, 4);
        try (Lifecycle lc = open(home)) {
            DatasetVersion d = lc.datasets().importFrom("sea", RowSource.of("sea", SeaStream.COLUMNS, stream.next(500)),
                    Csv.forTarget("label"));
            ModelVersion m = lc.train("sea-clf", Trainers.cart().maxDepth(4).seed(3), d);
            lc.models().setAlias("sea-clf", "champion", m, "first");
            assertThat(lc.store().journal(IdLeases.REF)).as("no ids leased before a deployment needs them").isEmpty();
        }
        Set<Long> ids = new HashSet<>();
        List<Late> late = new ArrayList<>();
        List<Long> othersBefore = new ArrayList<>();
        long joinedAfterRestart = 0;
        for (int run = 0; run < RESTARTS; run++) {
            try (Lifecycle lc = open(home)) {
                ModelVersion champion = lc.models().alias("sea-clf", "champion").orElseThrow();
                Loop loop = Loop.builder(lc, "sea-clf", "label").trigger(Trigger.manual()).history(50).holdout(20)
                        .noCanary().executor(Runnable::run).build();
                Deployment byVersion = lc.deploy(champion);
                Deployment byAlias = lc.deploy("sea-clf", Rollout.alias("champion"));
                try (loop) {
                    for (Late l : late) {
                        assertThat(loop.feedback(l.id, l.truth)).as("late label of %d after restart %d", l.id, run)
                                .isTrue();
                        joinedAfterRestart++;
                        List<Row> window = loop.labelledWindow();
                        Row joined = window.get(window.size() - 1);
                        assertThat(joined.without("label")).isEqualTo(l.row);
                        assertThat(joined.get("label")).isEqualTo(l.truth);
                    }
                    for (long other : othersBefore) {
                        assertThat(loop.feedback(other, "0")).as("id %d of another deployment", other).isFalse();
                    }
                    late.clear();
                    othersBefore.clear();
                    for (int i = 0; i < ROWS; i++) {
                        Row r = stream.next();
                        Row in = r.without("label");
                        String truth = (String) r.get("label");
                        Prediction p = loop.predict(in);
                        long a = byVersion.predict(in).id();
                        long b = byAlias.predict(in).id();
                        for (long id : new long[] {p.id(), a, b}) {
                            assertThat(ids.add(id)).as("id %d issued twice (run %d)", id, run).isTrue();
                        }
                        assertThat(byVersion.feedback(b, truth)).as("b's id is not a's").isEqualTo(FeedbackOutcome.UNKNOWN);
                        assertThat(byAlias.feedback(b, truth)).isEqualTo(FeedbackOutcome.JOINED);
                        othersBefore.add(a);
                        if (i % 3 == 0) {
                            late.add(new Late(p.id(), in, truth));
                        } else {
                            assertThat(loop.feedback(p.id(), truth)).isTrue();
                        }
                    }
                    assertThat(loop.waitingForLabels()).isEqualTo(late.size());
                }
                List<JournalEntry> journal = lc.store().journal(IdLeases.REF);
                assertThat(journal.stream().filter(e -> e.reason().contains(" for ")).count())
                        .as("one store lease per open, shared by %d deployments", 3).isEqualTo(run + 1);
            }
        }
        assertThat(ids).hasSize(RESTARTS * ROWS * 3);
        long span = ids.stream().mapToLong(Long::longValue).max().orElseThrow()
                - ids.stream().mapToLong(Long::longValue).min().orElseThrow() + 1;
        try (Lifecycle lc = open(home)) {
            List<JournalEntry> journal = lc.store().journal(IdLeases.REF);
            long leases = journal.stream().filter(e -> e.reason().contains(" for ")).count();
            long givenBack = journal.stream().filter(e -> e.reason().contains(" unused by ")).count();
            assertThat(leases).isEqualTo(RESTARTS);
            assertThat(givenBack).as("each close gives the untaken rest of its lease back").isEqualTo(RESTARTS);
            System.out.println("ids restart test: " + RESTARTS + " restarts, " + ids.size() + " distinct ids from 3"
                    + " deployments per open, " + leases + " store leases, " + givenBack + " unused rests given back,"
                    + " id span " + span + ", " + joinedAfterRestart + " late labels joined after a restart");
        }
    }
}
