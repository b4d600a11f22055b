package dev.lifecycle.core.loop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.evaluation.DecisionRule;
import dev.lifecycle.api.model.ModelVersion;
import dev.lifecycle.api.model.Prediction;
import dev.lifecycle.core.Lifecycle;
import dev.lifecycle.core.data.Csv;
import dev.lifecycle.core.data.RowSource;
import dev.lifecycle.core.data.SeaStream;
import dev.lifecycle.core.model.Trainers;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;

@Tag("fast")
class LoopTest {

    /** Runs SEA with a concept change at row 3,000; returns the iterations and the accuracy after the change. */
    private static Object[] run() {
        Logger.getLogger("org.tribuo").setLevel(Level.WARNING);
        Clock clock = Clock.fixed(Instant.parse("2024-01-01T00:00:00Z"), ZoneOffset.UTC);
        try (Lifecycle lc = Lifecycle.builder().clock(clock).build()) {
            SeaStream stream = new SeaStream(5, 3000, 0.05, 8, 4);
            List<Row> first = stream.next(1000);
            DatasetVersion d = lc.datasets().importFrom("sea", RowSource.of("sea", SeaStream.COLUMNS, first),
                    Csv.forTarget("label"));
            ModelVersion m = lc.train("sea-clf", Trainers.cart().maxDepth(6).seed(3), d);
            lc.models().setAlias("sea-clf", "champion", m, "first");
            Loop loop = Loop.builder(lc, "sea-clf", "label").trigger(Trigger.accuracyBelow(0.85, 200))
                    .history(500, 1000).holdout(200).canary(0.5, 50, 0.05).executor(Runnable::run)
                    .evidence(DecisionRule.defaults().budget(2000)).build();
            int ok = 0;
            int after = 0;
            for (int i = 1000; i < 9000; i++) {
                Row r = stream.next();
                Prediction p = loop.predict(r.without("label"));
                if (i >= 6000) {
                    after++;
                    ok += p.label().equals(r.get("label")) ? 1 : 0;
                }
                loop.feedback(p.id(), (String) r.get("label"));
            }
            List<LoopIteration> its = new ArrayList<>(loop.iterations());
            loop.close();
            return new Object[] {its, (double) ok / after, lc.models().aliasHistory("sea-clf", "champion").size()};
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void aConceptChangeIsFollowedByAGatedCanaryPromotionAndRunsAreDeterministic() {
        Object[] a = run();
        List<LoopIteration> its = (List<LoopIteration>) a[0];
        assertThat(its).extracting(LoopIteration::outcome).contains(LoopIteration.Outcome.CANARY,
                LoopIteration.Outcome.PROMOTED);
        LoopIteration promoted = its.stream().filter(i -> i.outcome() == LoopIteration.Outcome.PROMOTED).findFirst()
                .orElseThrow();
        assertThat(promoted.labelsSeen()).isGreaterThan(2000);
        assertThat(promoted.challengerAccuracy()).isGreaterThan(promoted.championAccuracy());
        assertThat(promoted.dataset()).startsWith("sea-clf-loop@");
        assertThat(promoted.reason()).contains("accuracy");
        assertThat((double) a[1]).as("accuracy after the change").isGreaterThan(0.85);
        assertThat((int) a[2]).isGreaterThan(1);
        Object[] again = run();
        assertThat(again[0]).isEqualTo(a[0]);
        assertThat(again[1]).isEqualTo(a[1]);
    }

    @Test
    void iterationsAreStoredAndListedAfterAReopenAndANewLoopContinuesTheNumbering(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path home) {
        Logger.getLogger("org.tribuo").setLevel(Level.WARNING);
        Clock clock = Clock.fixed(Instant.parse("2024-01-01T00:00:00Z"), ZoneOffset.UTC);
        SeaStream stream = new SeaStream(11, 1500, 0.05, 8, 4);
        List<LoopIteration> first;
        try (Lifecycle lc = Lifecycle.builder().directory(home).clock(clock).actor("ops").build()) {
            DatasetVersion d = lc.datasets().importFrom("sea", RowSource.of("sea", SeaStream.COLUMNS, stream.next(500)),
                    Csv.forTarget("label"));
            lc.models().setAlias("sea-clf", "champion", lc.train("sea-clf", Trainers.cart().maxDepth(4).seed(3), d),
                    "first");
            Loop loop = Loop.builder(lc, "sea-clf", "label").trigger(Trigger.everyLabelled(300)).history(200)
                    .holdout(100).canary(0.5, 20, 0.05).executor(Runnable::run)
                    .evidence(DecisionRule.defaults().budget(400)).build();
            try (loop) {
                for (int i = 0; i < 2500; i++) {
                    Row r = stream.next();
                    Prediction p = loop.predict(r.without("label"));
                    loop.feedback(p.id(), (String) r.get("label"));
                }
            }
            first = List.copyOf(loop.iterations());
            assertThat(lc.store().journal("loops/sea-clf")).hasSize(first.size())
                    .allSatisfy(e -> assertThat(e.actor()).isEqualTo("ops"));
        }
        assertThat(first).hasSizeGreaterThan(3);
        try (Lifecycle lc = Lifecycle.builder().directory(home).clock(clock).build()) {
            assertThat(Loop.recorded(lc, "sea-clf")).isEqualTo(first);
            assertThat(Loop.recorded(lc, "no-such-model")).isEmpty();
            try (Loop again = Loop.builder(lc, "sea-clf", "label").trigger(Trigger.manual()).history(50).holdout(20)
                    .noCanary().build()) {
                for (int i = 0; i < 100; i++) {
                    Row r = stream.next();
                    again.feedback(again.predict(r.without("label")).id(), (String) r.get("label"));
                }
                LoopIteration next = again.retrainNow("operator asked");
                assertThat(next.index()).isEqualTo(first.get(first.size() - 1).index() + 1);
            }
            List<LoopIteration> all = Loop.recorded(lc, "sea-clf");
            assertThat(all).hasSize(first.size() + 1).startsWith(first.toArray(LoopIteration[]::new));
            assertThat(all.get(all.size() - 1).reason()).isEqualTo("manual: operator asked");
        }
    }
}
