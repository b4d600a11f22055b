package dev.lifecycle.surface;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.deployment.Deployment;
import dev.lifecycle.api.evaluation.Evaluation;
import dev.lifecycle.api.evaluation.Evaluator;
import dev.lifecycle.api.model.ModelVersion;
import dev.lifecycle.api.model.Prediction;
import dev.lifecycle.api.monitoring.DriftDetector;
import dev.lifecycle.api.monitoring.DriftResult;
import dev.lifecycle.api.monitoring.DriftVerdict;
import dev.lifecycle.api.monitoring.FeatureSummary;
import dev.lifecycle.core.Lifecycle;
import dev.lifecycle.core.data.Csv;
import dev.lifecycle.core.data.DatasetProfile;
import dev.lifecycle.core.data.RowSource;
import dev.lifecycle.core.loop.Loop;
import dev.lifecycle.core.loop.LoopIteration;
import dev.lifecycle.core.loop.Trigger;
import dev.lifecycle.core.model.TrainerCatalog;
import dev.lifecycle.core.monitoring.DriftDetectors;
import dev.lifecycle.core.monitoring.DriftWindow;
import dev.lifecycle.core.monitoring.Monitor;
import dev.lifecycle.surface.Stump.StumpFormat;
import dev.lifecycle.surface.Stump.StumpModel;
import dev.lifecycle.surface.Stump.StumpTrainer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model written from scratch (a decision stump, no Tribuo) goes through the whole loop on the public API
 * only: trained, registered, stored in a directory store, reloaded after reopening it (its format found by
 * the builder or by {@link java.util.ServiceLoader}), evaluated with a user's extra metric, deployed,
 * monitored (also with a detector that throws) and retrained by the loop after its concept moved.
 */
class FromScratchModelTest {

    /** Rows of x in [0, 1) labelled {@code "1"} above the concept's threshold. */
    private static List<Row> rows(int n, double threshold, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Row> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            double x = random.nextDouble();
            rows.add(Row.of("x", x, "y", x > threshold ? "1" : "0"));
        }
        return rows;
    }

    private static DatasetVersion importRows(Lifecycle lc, String name, List<Row> rows) {
        return lc.datasets().importFrom(name, RowSource.of(name, List.of("x", "y"), rows),
                Csv.forTarget("y").categorical("y"));
    }

    /** A user's evaluator: the share of rows predicted positive, added to every evaluation. */
    private static final Evaluator POSITIVE_RATE = (model, data) -> {
        int positive = 0;
        for (int i = 0; i < data.size(); i++) {
            positive += "1".equals(model.predict(data.row(i)).label()) ? 1 : 0;
        }
        return new Evaluation(model.toString(), data.id(), data.size(),
                Map.of("positive-rate", positive / (double) data.size()), List.of(), null);
    };

    @Test
    void aStumpIsTrainedStoredReloadedEvaluatedDeployedMonitoredAndRetrained(@TempDir Path home) {
        ModelVersion trained;
        try (Lifecycle lc = Lifecycle.builder().directory(home).modelFormat(new StumpFormat())
                .loadModelFormats(false).build()) {
            DatasetVersion train = importRows(lc, "points", rows(400, 0.3, 1));
            trained = lc.train("stump", new StumpTrainer(), train);
            assertThat(trained.format()).isEqualTo("stump-text");
            lc.models().setAlias("stump", "champion", trained, "first model");
        }

        // without the format the stored model cannot be read, and the error says how to register it
        try (Lifecycle lc = Lifecycle.builder().directory(home).loadModelFormats(false).build()) {
            assertThatThrownBy(() -> lc.models().get("stump", 1))
                    .hasMessageContaining("stump-text").hasMessageContaining("modelFormat(");
        }

        // reopened: the format comes from META-INF/services; the reloaded stump predicts like the trained one
        try (Lifecycle lc = Lifecycle.builder().directory(home).evaluator(POSITIVE_RATE).build()) {
            ModelVersion reloaded = lc.models().alias("stump", "champion").orElseThrow();
            assertThat(reloaded.model()).isInstanceOf(StumpModel.class)
                    .isEqualTo(new StumpModel(reloaded.model().signature(),
                            ((StumpModel) trained.model()).threshold()));
            assertThat(((StumpModel) reloaded.model()).threshold()).isBetween(0.28, 0.32);

            DatasetVersion test = importRows(lc, "points-test", rows(300, 0.3, 2));
            Evaluation ev = lc.evaluate(reloaded, test);
            assertThat(ev.accuracy()).isGreaterThan(0.97);
            assertThat(ev.metric("positive-rate").orElseThrow()).isBetween(0.6, 0.8);

            try (Deployment dep = lc.deploy(reloaded)) {
                assertThat(dep.predict(Row.of("x", 0.9)).label()).isEqualTo("1");
                assertThat(dep.predict(Row.of("x", 0.1)).label()).isEqualTo("0");
            }

            Monitor monitor = Monitor.builder("stump", DatasetProfile.of(lc.datasets().get(reloaded.dataset())))
                    .chunkRows(50).windowChunks(2).slideChunks(2).build();
            Loop loop = Loop.builder(lc, "stump", "y").trigger(Trigger.manual()).history(200).holdout(100)
                    .noCanary().executor(Runnable::run).monitor(monitor)
                    .trainers(TrainerCatalog.builtIn().with("stump", (parameters, seed) -> new StumpTrainer()))
                    .build();
            try (loop) {
                // the concept moves from 0.3 to 0.7: the champion is wrong on about 40% of the rows
                for (Row r : rows(400, 0.7, 3)) {
                    Prediction p = loop.predict(r.without("y"));
                    loop.feedback(p.id(), (String) r.get("y"));
                }
                monitor.flush();
                assertThat(monitor.driftWindows()).as("monitored windows").isNotEmpty();

                LoopIteration it = loop.retrainNow("concept moved");
                assertThat(it.outcome()).as(it.detail()).isEqualTo(LoopIteration.Outcome.PROMOTED);
                assertThat(it.challengerAccuracy()).isGreaterThan(it.championAccuracy() + 0.2);
                ModelVersion champion = loop.champion();
                assertThat(champion.version()).isGreaterThan(reloaded.version());
                assertThat(champion.format()).isEqualTo("stump-text");
                assertThat(((StumpModel) champion.model()).threshold()).isBetween(0.6, 0.8);
                assertThat(loop.predict(Row.of("x", 0.5)).label()).isEqualTo("0");
            }
        }
    }

    @Test
    void aThrowingDriftDetectorCostsOneFeatureNotTheWindow() {
        AtomicInteger calls = new AtomicInteger();
        DriftDetector flaky = new DriftDetector() {
            @Override
            public String method() {
                return "flaky";
            }

            @Override
            public boolean supports(boolean numeric) {
                return true;
            }

            @Override
            public DriftResult detect(FeatureSummary reference, FeatureSummary current) {
                calls.incrementAndGet();
                if (current.feature().equals("x")) {
                    throw new IllegalStateException("flaky detector broke on " + current.feature());
                }
                return DriftDetectors.auto().detect(reference, current);
            }
        };
        try (Lifecycle lc = Lifecycle.inMemory()) {
            List<Row> data = new ArrayList<>();
            SplittableRandom random = new SplittableRandom(5);
            for (int i = 0; i < 400; i++) {
                double x = random.nextDouble();
                data.add(Row.of("x", x, "z", random.nextDouble(), "y", x > 0.5 ? "1" : "0"));
            }
            DatasetVersion train = lc.datasets().importFrom("xz", RowSource.of("xz", List.of("x", "z", "y"), data),
                    Csv.forTarget("y").categorical("y"));
            ModelVersion m = lc.train("xz-stump", new StumpTrainer(), train);
            Monitor monitor = Monitor.builder("xz", DatasetProfile.of(train)).chunkRows(50).windowChunks(2)
                    .slideChunks(2).detector(flaky).build();
            try (monitor) {
                for (Row r : data) {
                    Row in = r.without("y");
                    monitor.observe(in, m.model().predict(in));
                }
                monitor.flush();
                List<DriftWindow> windows = monitor.driftWindows();
                assertThat(windows).hasSizeGreaterThanOrEqualTo(2);
                for (DriftWindow w : windows) {
                    DriftResult x = w.drift().stream().filter(d -> d.feature().equals("x")).findFirst().orElseThrow();
                    assertThat(x.verdict()).isEqualTo(DriftVerdict.INSUFFICIENT_DATA);
                    assertThat(x.score()).isNaN();
                    DriftResult z = w.drift().stream().filter(d -> d.feature().equals("z")).findFirst().orElseThrow();
                    assertThat(z.score()).as("the window's other features are judged").isNotNaN();
                }
                assertThat(calls.get()).isGreaterThanOrEqualTo(2 * windows.size());
            }
        }
    }
}
