package dev.lifecycle.samples;

import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.deployment.Deployment;
import dev.lifecycle.api.evaluation.ClassMetrics;
import dev.lifecycle.api.evaluation.Comparison;
import dev.lifecycle.api.evaluation.Evaluation;
import dev.lifecycle.api.model.ModelVersion;
import dev.lifecycle.api.model.Prediction;
import dev.lifecycle.api.store.JournalEntry;
import dev.lifecycle.core.Lifecycle;
import dev.lifecycle.core.data.Csv;
import dev.lifecycle.core.data.RowSource;
import dev.lifecycle.core.data.SeaStream;
import dev.lifecycle.core.data.Split;
import dev.lifecycle.core.evaluation.EvaluationOptions;
import dev.lifecycle.core.model.TrainerCatalog;
import dev.lifecycle.core.model.Trainers;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The whole loop on generated data, in one run: a seeded SEA stream whose concept changes every
 * 10,000 rows is imported, two models are trained and evaluated, the better one is deployed and
 * serves the stream; when its accuracy falls, recent labelled rows become a new dataset version,
 * the serving version's recorded recipe (trainer, parameters, seed) is trained on them, and the new
 * model is hot-swapped in when it beats the serving one on recent held-out rows.
 *
 * <p>Usage: {@code samples/run Quickstart [--home DIR] [--seed N]}. Without {@code --home} the store
 * lives in a fresh temporary directory.
 */
public final class Quickstart {
    private static final int CONCEPT = 10_000;
    private static final int WINDOW = 2_000;
    private static final double[] THRESHOLDS = {8.0, 9.5, 7.0, 9.0};

    private Quickstart() {
    }

    /** Runs the demo. */
    public static void main(String[] args) throws IOException {
        Path home = null;
        long seed = 42;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--home" -> home = Path.of(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                default -> {
                    System.err.println("Unknown argument " + args[i] + "; usage: Quickstart [--home DIR] [--seed N]");
                    System.exit(2);
                }
            }
        }
        if (home == null) {
            home = Files.createTempDirectory("lifecycle-quickstart-");
        }
        long started = System.nanoTime();
        try (Lifecycle lc = Lifecycle.open(home)) {
            run(lc, home, seed);
        }
        System.out.printf(Locale.ROOT, "%nDone in %.1f s. The store is in %s%n", (System.nanoTime() - started) / 1e9,
                home);
    }

    private static void run(Lifecycle lc, Path home, long seed) throws IOException {
        SeaStream stream = new SeaStream(seed, CONCEPT, 0.05, THRESHOLDS);

        heading("1. DATA", "import a CSV into an immutable, versioned dataset");
        Path csv = home.resolve("sea-initial.csv");
        writeCsv(csv, stream.next(CONCEPT));
        DatasetVersion data = lc.datasets().importCsv("sea", csv, Csv.forTarget("label"));
        System.out.printf("imported %s from %s%n", data, csv.getFileName());
        data.schema().fields().forEach(f -> System.out.printf("  column %-6s %s%s%n", f.name(), f.type(),
                f.name().equals(data.schema().target()) ? "  (target, values " + f.categories() + ")" : ""));
        DatasetVersion again = lc.datasets().importCsv("sea", csv, Csv.forTarget("label"));
        System.out.printf("importing the same bytes again gives %s: the same version, nothing new stored%n", again.id());
        Split split = lc.datasets().splitTimeOrdered(data, 0.8);
        System.out.printf("time-ordered split: train %s (%d rows), test %s (%d rows), both with lineage to %s%n",
                split.train().id(), split.train().size(), split.test().id(), split.test().size(), data.id());

        heading("2. TRAIN", "two Tribuo trainers behind one SPI; every model version is registered with its recipe");
        ConsoleProgress bar = new ConsoleProgress(System.out);
        ModelVersion lr = timed("logistic regression", () -> {
            ModelVersion v = lc.train("sea-clf", Trainers.logisticRegression().epochs(10).seed(seed), split.train(), bar);
            bar.done();
            return v;
        });
        ModelVersion tree = timed("CART tree", () -> lc.train("sea-clf", Trainers.cart().maxDepth(8).seed(seed),
                split.train()));

        heading("3. EVALUATE", "on the held-out rows");
        Evaluation evLr = lc.evaluate(lr, split.test());
        Evaluation evTree = lc.evaluate(tree, split.test());
        printEvaluation(lr, evLr);
        printEvaluation(tree, evTree);
        ModelVersion champion = evLr.accuracy() >= evTree.accuracy() ? lr : tree;
        Evaluation championEval = champion == lr ? evLr : evTree;
        lc.models().setAlias("sea-clf", "champion", champion,
                String.format(Locale.ROOT, "best held-out accuracy %.4f", championEval.accuracy()));
        System.out.printf("champion -> %s%n", champion);

        heading("4. DEPLOY AND SERVE", "in-process predictions on a stream whose concept changes every "
                + CONCEPT + " rows");
        try (Deployment dep = lc.deploy(champion)) {
            Prediction sample = dep.predict(Row.of("x1", 2.0, "x2", 3.0, "x3", 7.0));
            System.out.printf("one request: x1=2, x2=3, x3=7 -> %s%n", sample);
            serve(lc, dep, stream, championEval.accuracy(), seed);
        }

        heading("5. WHAT THE STORE REMEMBERS", "every version, alias move and swap, with who, when and why");
        System.out.printf("dataset versions of sea: %s%n", lc.datasets().dataset("sea").versions());
        lc.datasets().latest("sea").ifPresent(v -> System.out.printf("  %s lineage: parents %s, %s from %s%n",
                v.id(), v.lineage().parents(), v.lineage().operation(), v.lineage().source()));
        System.out.printf("model versions of sea-clf: %s%n", lc.models().versions("sea-clf"));
        for (JournalEntry e : lc.models().aliasHistory("sea-clf", "champion")) {
            System.out.printf("  champion %s -> %s at %s: %s%n", e.oldValue(), e.newValue(), e.time(), e.reason());
        }
        for (JournalEntry e : lc.store().journal("deployments/sea-clf/serving")) {
            System.out.printf("  serving %s -> %s: %s%n", e.oldValue(), e.newValue(), e.reason());
        }
    }

    /** Serves the rest of the stream window by window; retrains on recent labelled rows when accuracy drops. */
    private static void serve(Lifecycle lc, Deployment dep, SeaStream stream, double baseline, long seed) {
        int total = THRESHOLDS.length * CONCEPT - CONCEPT;
        List<Row> recent = new ArrayList<>();
        int retrains = 0;
        System.out.println("rows          concept  version  window accuracy");
        for (int start = CONCEPT; start < CONCEPT + total; start += WINDOW) {
            int concept = stream.concept() + 1;
            int correct = 0;
            List<Row> window = stream.next(WINDOW);
            for (Row labelled : window) {
                Prediction p = dep.predict(labelled.without("label"));
                if (p.label().equals(labelled.get("label"))) {
                    correct++;
                }
            }
            double acc = (double) correct / WINDOW;
            int servedBy = dep.current().version();
            System.out.printf(Locale.ROOT, "%5d-%-7d  %4d  %7s  %.3f %s%n", start + 1, start + WINDOW, concept,
                    "v" + servedBy, acc, bar(acc));
            recent.addAll(window);
            if (recent.size() > 2 * WINDOW) {
                recent = new ArrayList<>(recent.subList(recent.size() - 2 * WINDOW, recent.size()));
            }
            if (acc < baseline - 0.04 && recent.size() >= 2 * WINDOW) {
                retrains++;
                DatasetVersion fresh = lc.datasets().importFrom("sea",
                        RowSource.of("labelled production rows " + (start - WINDOW + 1) + "-" + (start + WINDOW),
                                SeaStream.COLUMNS, recent),
                        Csv.forTarget("label"));
                Split s = lc.datasets().splitTimeOrdered(fresh, 0.75);
                ModelVersion serving = dep.current();
                ModelVersion candidate = lc.train("sea-clf", TrainerCatalog.builtIn().rebuild(serving.trainer(),
                        serving.parameters(), serving.seed()), s.train());
                Comparison cmp = lc.compare(serving, candidate, s.test(), EvaluationOptions.defaults());
                double now = cmp.delta("accuracy").orElseThrow().champion();
                double next = cmp.delta("accuracy").orElseThrow().challenger();
                Comparison.McNemar test = cmp.mcNemar().orElseThrow();
                boolean better = test.challengerOnlyCorrect() > test.championOnlyCorrect() && test.pValue() < 0.05;
                System.out.printf(Locale.ROOT, "      accuracy %.3f is below %.3f: retrained on %s -> %s;"
                        + " on recent held-out rows %.3f vs %.3f for %s (McNemar p=%.3g)%n", acc, baseline - 0.04,
                        fresh.id(), candidate.id(), next, now, serving.id(), test.pValue());
                if (better) {
                    ModelVersion previous = dep.swap(candidate,
                            String.format(Locale.ROOT, "retrained after accuracy fell to %.3f", acc));
                    lc.models().setAlias("sea-clf", "champion", candidate, String.format(Locale.ROOT,
                            "beat %s on %d recent rows: %.3f vs %.3f, McNemar p=%.3g", previous.id(), cmp.rows(),
                            next, now, test.pValue()));
                    System.out.printf("      hot-swapped to %s%n", candidate.id());
                    recent.clear();
                }
            }
        }
        System.out.printf("served %d rows, retrained %d times%n", total, retrains);
    }

    private static void printEvaluation(ModelVersion m, Evaluation ev) {
        System.out.printf(Locale.ROOT, "%s: accuracy %.4f, macro F1 %.4f on %d rows%n", m.id() + " (" + m.trainer() + ")",
                ev.accuracy(), ev.metric("macro-f1").orElse(Double.NaN), ev.rows());
        for (ClassMetrics c : ev.perClass()) {
            System.out.printf(Locale.ROOT, "    class %s: precision %.3f recall %.3f F1 %.3f (%d rows)%n", c.label(),
                    c.precision(), c.recall(), c.f1(), c.support());
        }
        System.out.printf("    confusion [truth][predicted] over %s: %s%n", ev.confusion().labels(),
                java.util.Arrays.deepToString(ev.confusion().counts()));
    }

    private static void heading(String title, String subtitle) {
        System.out.printf("%n== %s: %s%n", title, subtitle);
    }

    private static String bar(double accuracy) {
        int n = (int) Math.round(Math.max(0, accuracy - 0.5) * 80);
        return "#".repeat(n);
    }

    private interface Step<T> {
        T run();
    }

    private static <T> T timed(String what, Step<T> step) {
        long t0 = System.nanoTime();
        T result = step.run();
        System.out.printf(Locale.ROOT, "trained %s in %.2f s -> %s%n", what, (System.nanoTime() - t0) / 1e9, result);
        return result;
    }

    private static void writeCsv(Path file, List<Row> rows) throws IOException {
        try (Writer w = Files.newBufferedWriter(file)) {
            w.write(String.join(",", SeaStream.COLUMNS));
            w.write('\n');
            for (Row r : rows) {
                w.write(String.format(Locale.ROOT, "%.6f,%.6f,%.6f,%s%n", r.number(0), r.number(1), r.number(2),
                        r.get(3)));
            }
        }
    }
}
