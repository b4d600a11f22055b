package dev.lifecycle.core.loop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.model.ModelVersion;
import dev.lifecycle.api.model.Prediction;
import dev.lifecycle.core.Lifecycle;
import dev.lifecycle.core.data.Csv;
import dev.lifecycle.core.data.RowSource;
import dev.lifecycle.core.data.SeaStream;
import dev.lifecycle.core.model.EnsembleFormat;
import dev.lifecycle.core.model.EnsembleModel;
import dev.lifecycle.core.model.Trainers;
import dev.lifecycle.core.model.WindowEnsemble;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A window-ensemble champion goes around the loop like any model: rebuilt, stored, promoted, served. */
class LoopEnsembleTest {

    @Test
    void aWindowEnsembleChampionIsRetrainedStoredAndServedAndRefreshesPassUnlessShownWorse(@TempDir Path home) {
        Clock clock = Clock.fixed(Instant.parse("2024-01-01T00:00:00Z"), ZoneOffset.UTC);
        SeaStream stream = new SeaStream(7, 1500, 0.05, 8, 4);
        try (Lifecycle lc = Lifecycle.builder().directory(home).clock(clock).build()) {
            DatasetVersion d = lc.datasets().importFrom("sea", RowSource.of("sea", SeaStream.COLUMNS, stream.next(600)),
                    Csv.forTarget("label"));
            WindowEnsemble trainer = WindowEnsemble.of(Trainers.cart().maxDepth(4).seed(3)).windows(100, 300)
                    .validation(100);
            lc.models().setAlias("sea-clf", "champion", lc.train("sea-clf", trainer, d), "first");
            int ok = 0;
            try (Loop loop = Loop.builder(lc, "sea-clf", "label").trigger(Trigger.everyLabelled(200)).history(500)
                    .holdout(100).noCanary().promoteUnlessWorse().executor(Runnable::run).build()) {
                for (int i = 0; i < 2400; i++) {
                    Row r = stream.next();
                    Prediction p = loop.predict(r.without("label"));
                    ok += i >= 1800 && p.label().equals(r.get("label")) ? 1 : 0;
                    loop.feedback(p.id(), (String) r.get("label"));
                }
                assertThat(loop.iterations()).extracting(LoopIteration::outcome)
                        .doesNotContain(LoopIteration.Outcome.FAILED);
                assertThat(loop.promotions()).as("refreshes that were not shown worse").isGreaterThan(3);
                ModelVersion champion = loop.champion();
                assertThat(champion.version()).isGreaterThan(1);
                assertThat(champion.trainer()).isEqualTo(WindowEnsemble.NAME);
                assertThat(champion.parameters()).isEqualTo(trainer.parameters());
                assertThat(champion.format()).isEqualTo(EnsembleFormat.ID);
                assertThat(champion.model()).isInstanceOf(EnsembleModel.class);
            }
            assertThat(ok / 600.0).as("accuracy after the concept change at row 1,500").isGreaterThan(0.85);
        }
        try (Lifecycle reopened = Lifecycle.builder().directory(home).clock(clock).build()) {
            ModelVersion champion = reopened.models().alias("sea-clf", "champion").orElseThrow();
            assertThat(champion.model()).isInstanceOf(EnsembleModel.class);
        }
    }
}
