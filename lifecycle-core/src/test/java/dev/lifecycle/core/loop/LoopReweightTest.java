package dev.lifecycle.core.loop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.model.Prediction;
import dev.lifecycle.core.Lifecycle;
import dev.lifecycle.core.data.Csv;
import dev.lifecycle.core.data.RowSource;
import dev.lifecycle.core.data.SeaStream;
import dev.lifecycle.core.model.AdaptiveEnsemble;
import dev.lifecycle.core.model.EnsembleModel;
import dev.lifecycle.core.model.Reweighting;
import dev.lifecycle.core.model.Trainers;
import dev.lifecycle.core.model.WindowEnsemble;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A loop serving an ensemble champion re-weighted from its labels: served live, admitted on promotion, rebuilt after a restart. */
class LoopReweightTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-01-01T00:00:00Z"), ZoneOffset.UTC);

    @Test
    void joinedLabelsMoveTheServedWeightsPromotionsAdmitAndARestartReplaysTheLabelsSinceTheLastRetrain(
            @TempDir Path home) {
        SeaStream stream = new SeaStream(7, 1500, 0.05, 8, 4);
        Reweighting r = Reweighting.defaults().withRetained(2);
        long sinceRetrain;
        int storedMembers;
        try (Lifecycle lc = Lifecycle.builder().directory(home).clock(CLOCK).build()) {
            DatasetVersion d = lc.datasets().importFrom("sea", RowSource.of("sea", SeaStream.COLUMNS, stream.next(600)),
                    Csv.forTarget("label"));
            WindowEnsemble trainer = WindowEnsemble.of(Trainers.cart().maxDepth(4).seed(3)).windows(100, 300)
                    .validation(100);
            lc.models().setAlias("sea-clf", "champion", lc.train("sea-clf", trainer, d), "first");
            try (Loop loop = Loop.builder(lc, "sea-clf", "label").trigger(Trigger.everyLabelled(200)).history(500)
                    .holdout(100).noCanary().promoteUnlessWorse().executor(Runnable::run).reweightMembers(r).build()) {
                AdaptiveEnsemble first = (AdaptiveEnsemble) loop.serving().current().model();
                for (int i = 0; i < 150; i++) {
                    Row row = stream.next();
                    Prediction p = loop.predict(row.without("label"));
                    loop.feedback(p.id(), (String) row.get("label"));
                }
                assertThat(first.labels()).isEqualTo(150);
                for (int i = 0; i < 1000; i++) {
                    Row row = stream.next();
                    Prediction p = loop.predict(row.without("label"));
                    loop.feedback(p.id(), (String) row.get("label"));
                }
                assertThat(loop.promotions()).isPositive();
                assertThat(loop.champion().model()).as("the registry's version keeps its stored model")
                        .isInstanceOf(EnsembleModel.class);
                assertThat(loop.serving().current().id()).isEqualTo(loop.champion().id());
                AdaptiveEnsemble now = (AdaptiveEnsemble) loop.serving().current().model();
                storedMembers = ((EnsembleModel) loop.champion().model()).members().size();
                assertThat(now.stored()).isSameAs(loop.champion().model());
                assertThat(now.members()).as("the new members and at most 2 retained ones")
                        .hasSize(storedMembers + 2);
                sinceRetrain = loop.labels() % 200;
                for (int i = 0; i < 30; i++) {
                    Row row = stream.next();
                    Prediction p = loop.predict(row.without("label"));
                    loop.feedback(p.id(), (String) row.get("label"));
                }
                sinceRetrain += 30;
            }
        }
        try (Lifecycle lc = Lifecycle.builder().directory(home).clock(CLOCK).build();
                Loop loop = Loop.builder(lc, "sea-clf", "label").trigger(Trigger.everyLabelled(200)).history(500)
                        .holdout(100).noCanary().promoteUnlessWorse().executor(Runnable::run).reweightMembers(r)
                        .build()) {
            AdaptiveEnsemble rebuilt = (AdaptiveEnsemble) loop.serving().current().model();
            assertThat(rebuilt.labels()).as("labels joined since the last retrain, replayed").isEqualTo(sinceRetrain)
                    .isPositive();
            assertThat(rebuilt.members()).as("members of earlier champions are not stored").hasSize(storedMembers);
        }
    }

    @Test
    void withoutReweightingTheStoredEnsembleIsServed(@TempDir Path home) {
        SeaStream stream = new SeaStream(7, 1500, 0.05, 8, 4);
        try (Lifecycle lc = Lifecycle.builder().directory(home).clock(CLOCK).build()) {
            DatasetVersion d = lc.datasets().importFrom("sea", RowSource.of("sea", SeaStream.COLUMNS, stream.next(300)),
                    Csv.forTarget("label"));
            WindowEnsemble trainer = WindowEnsemble.of(Trainers.cart().maxDepth(4).seed(3)).windows(100, 200)
                    .validation(50);
            lc.models().setAlias("sea-clf", "champion", lc.train("sea-clf", trainer, d), "first");
            try (Loop loop = Loop.builder(lc, "sea-clf", "label").trigger(Trigger.manual()).history(200).holdout(50)
                    .noCanary().executor(Runnable::run).build()) {
                assertThat(loop.serving().current().model()).isSameAs(loop.champion().model());
            }
        }
    }
}
