package dev.lifecycle.core.loop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.deployment.Deployment;
import dev.lifecycle.api.evaluation.DecisionRule;
import dev.lifecycle.api.model.ModelVersion;
import dev.lifecycle.api.model.Prediction;
import dev.lifecycle.core.Lifecycle;
import dev.lifecycle.core.data.Csv;
import dev.lifecycle.core.data.RowSource;
import dev.lifecycle.core.data.SeaStream;
import dev.lifecycle.core.deployment.InProcessDeployment;
import dev.lifecycle.core.model.Trainers;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What keeps a loop bounded for months: the pending-label join's size and age, and closed superseded deployments. */
@Tag("slow")
class LoopBoundsTest {

    /** A clock the test moves. */
    private static final class Manual extends Clock {
        final AtomicLong millis = new AtomicLong(Instant.parse("2024-01-01T00:00:00Z").toEpochMilli());

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis.get());
        }
    }

    private static void champion(Lifecycle lc, SeaStream stream) {
        DatasetVersion d = lc.datasets().importFrom("sea", RowSource.of("sea", SeaStream.COLUMNS, stream.next(500)),
                Csv.forTarget("label"));
        ModelVersion m = lc.train("sea-clf", Trainers.cart().maxDepth(4).seed(3), d);
        lc.models().setAlias("sea-clf", "champion", m, "first");
    }

    @Test
    void waitingPredictionsAreBoundedBySizeAndAgeCountedAndTheBoundsHoldAfterAReopen(@TempDir Path home) {
        Logger.getLogger("org.tribuo").setLevel(Level.WARNING);
        SeaStream stream = new SeaStream(13, 100_000, 0.05, 8, 4);
        Manual clock = new Manual();
        List<Long> ids = new ArrayList<>();
        try (Lifecycle lc = Lifecycle.builder().directory(home).clock(clock).build()) {
            champion(lc, stream);
            Loop loop = Loop.builder(lc, "sea-clf", "label").trigger(Trigger.manual()).history(50).holdout(20)
                    .noCanary().executor(Runnable::run).pendingLabels(64, Duration.ofMinutes(5)).build();
            try (loop) {
                for (int i = 0; i < 200; i++) {
                    ids.add(loop.predict(stream.next().without("label")).id());
                }
                assertThat(loop.waitingForLabels()).isEqualTo(64);
                assertThat(loop.evictedPredictions()).as("pushed out by newer ones").isEqualTo(200 - 64);
                assertThat(loop.feedback(ids.get(0), "0")).as("an evicted prediction").isFalse();
                assertThat(loop.unknownLabels()).isEqualTo(1);
                clock.millis.addAndGet(Duration.ofMinutes(4).toMillis());
                assertThat(loop.feedback(ids.get(199), "0")).as("within the age bound").isTrue();
            }
        }
        clock.millis.addAndGet(Duration.ofMinutes(2).toMillis());
        try (Lifecycle lc = Lifecycle.builder().directory(home).clock(clock).build()) {
            Loop loop = Loop.builder(lc, "sea-clf", "label").trigger(Trigger.manual()).history(50).holdout(20)
                    .noCanary().executor(Runnable::run).pendingLabels(64, Duration.ofMinutes(5)).build();
            try (loop) {
                assertThat(loop.waitingForLabels()).as("restored after the reopen").isEqualTo(63);
                assertThat(loop.labels()).isEqualTo(1);
                assertThat(loop.feedback(ids.get(198), "0")).as("6 minutes after its prediction").isFalse();
                assertThat(loop.expiredLabels()).isEqualTo(1);
                assertThat(loop.unknownLabels()).as("unknown counts expired ones too, as documented").isEqualTo(1);
            }
        }
    }

    @Test
    void everyDeploymentACanaryReplacesIsClosedAndTheLastOneOnClose() {
        Logger.getLogger("org.tribuo").setLevel(Level.WARNING);
        SeaStream stream = new SeaStream(5, 2000, 0.05, 8, 4);
        Set<Deployment> served = new LinkedHashSet<>();
        try (Lifecycle lc = Lifecycle.builder().build()) {
            champion(lc, stream);
            Loop loop = Loop.builder(lc, "sea-clf", "label").trigger(Trigger.everyLabelled(400)).history(300)
                    .holdout(100).canary(0.5, 30, 0.5).promoteUnlessWorse().executor(Runnable::run)
                    .evidence(DecisionRule.defaults().budget(400)).build();
            try (loop) {
                for (int i = 0; i < 5000; i++) {
                    Row r = stream.next();
                    served.add(loop.serving());
                    Prediction p = loop.predict(r.without("label"));
                    loop.feedback(p.id(), (String) r.get("label"));
                }
                served.add(loop.serving());
                assertThat(loop.iterations()).extracting(LoopIteration::outcome).contains(LoopIteration.Outcome.CANARY);
                assertThat(served).as("one deployment per canary, plus the first").hasSizeGreaterThan(1);
                for (Deployment d : served) {
                    assertThat(((InProcessDeployment) d).isClosed()).as("%s", d).isEqualTo(d != loop.serving());
                }
            }
            assertThat(served).allSatisfy(d -> assertThat(((InProcessDeployment) d).isClosed()).isTrue());
            System.out.println("bounds test: " + served.size() + " deployments served, "
                    + loop.iterations().stream().filter(i -> i.outcome() == LoopIteration.Outcome.CANARY).count()
                    + " canaries, all superseded ones closed");
        }
    }
}
