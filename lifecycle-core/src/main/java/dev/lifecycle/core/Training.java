package dev.lifecycle.core;

import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.data.FieldType;
import dev.lifecycle.api.data.Lineage;
import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.evaluation.Evaluation;
import dev.lifecycle.api.model.Model;
import dev.lifecycle.api.model.ModelVersion;
import dev.lifecycle.api.model.OutputType;
import dev.lifecycle.api.model.Prediction;
import dev.lifecycle.api.model.ProgressListener;
import dev.lifecycle.api.model.RunStatus;
import dev.lifecycle.api.model.Trainer;
import dev.lifecycle.core.data.DatasetRegistry;
import dev.lifecycle.core.data.Folds;
import dev.lifecycle.core.internal.ColumnarDataset;
import dev.lifecycle.core.internal.RefNames;
import dev.lifecycle.core.evaluation.ClassificationEvaluator;
import dev.lifecycle.core.model.ActiveRun;
import dev.lifecycle.core.model.Experiments;
import dev.lifecycle.core.model.ModelLineage;
import dev.lifecycle.core.model.ModelRegistry;
import dev.lifecycle.core.model.Search;
import dev.lifecycle.core.model.SearchResult;
import dev.lifecycle.core.model.TrainerCatalog;
import dev.lifecycle.core.model.Trial;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Tracked training, retraining, searches and lineage: the model phase's orchestration behind {@code Lifecycle}. */
final class Training {
    private static final Set<String> CLASSIFICATION_METRICS = Set.of("accuracy", "balanced-accuracy", "macro-f1",
            "macro-precision", "macro-recall", "weighted-f1", "weighted-precision", "weighted-recall", "auc",
            "average-precision", "log-loss", "brier", "ece", "f1", "precision", "recall");
    private static final Set<String> REGRESSION_METRICS = Set.of("rmse", "mae", "mse", "r2");

    private final DatasetRegistry datasets;
    private final ModelRegistry models;
    private final Experiments runs;
    private final TrainerCatalog catalog;

    /** Created by {@code Lifecycle}. */
    Training(DatasetRegistry datasets, ModelRegistry models, Experiments runs, TrainerCatalog catalog) {
        this.datasets = datasets;
        this.models = models;
        this.runs = runs;
        this.catalog = catalog;
    }

    /** @return the catalog that rebuilds recorded trainers */
    public TrainerCatalog catalog() {
        return catalog;
    }

    /**
     * Trains in a new run (child of {@code parentRun} when given) and registers the model linked to it.
     * A failing trainer marks the run failed and rethrows.
     */
    public ModelVersion train(String modelName, Trainer trainer, DatasetVersion data, ProgressListener progress,
            String parentRun, Map<String, String> tags) {
        RefNames.checkName(modelName, "model name");
        try (ActiveRun run = runs.start(modelName, parentRun)) {
            run.trainer(trainer).input(data).tag("model", modelName);
            tags.forEach(run::tag);
            Model model;
            try {
                model = fit(trainer, data, progress, "train " + trainer.name() + " on " + data.id());
                run.log("train.rows", data.size());
                ModelVersion v = models.register(modelName, model, trainer, data.id(), run.id());
                run.tag("version", v.id());
                progress.progress("registered " + v.id(), 1, 1);
                return v;
            } catch (RuntimeException | Error e) {
                run.fail(e);
                throw e;
            }
        }
    }

    /** Retrains a version's recorded trainer (name, parameters, seed) on its recorded dataset version. */
    public ModelVersion retrain(ModelVersion version, ProgressListener progress) {
        Trainer trainer = catalog.rebuild(version.trainer(), version.parameters(), version.seed());
        DatasetVersion data = datasets.get(version.dataset());
        return train(version.name(), trainer, data, progress, null, Map.of("retrainOf", version.id()));
    }

    /** Fits a trainer, reporting the elapsed time every second while it runs when someone listens. */
    static Model fit(Trainer trainer, DatasetVersion data, ProgressListener progress, String task) {
        progress.progress(task, 0, -1);
        if (progress == ProgressListener.NONE) {
            return trainer.train(data);
        }
        long t0 = System.nanoTime();
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "lifecycle-progress");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleAtFixedRate(() -> progress.progress(task + " (" + (System.nanoTime() - t0) / 1_000_000_000L
                + " s)", 0, -1), 1, 1, TimeUnit.SECONDS);
        try {
            return trainer.train(data);
        } finally {
            ticker.shutdownNow();
        }
    }

    /** Runs a search with k-fold cross-validation, each trial a child run, and registers the best. */
    public SearchResult search(String modelName, Search search, DatasetVersion data, ProgressListener progress) {
        RefNames.checkName(modelName, "model name");
        boolean regression = data.schema().targetField().map(f -> f.type() == FieldType.NUMERIC).orElse(false);
        String metric = search.metric(regression);
        boolean higher = search.higherIsBetter(regression);
        Set<String> known = regression ? REGRESSION_METRICS : CLASSIFICATION_METRICS;
        if (!known.contains(metric)) {
            throw new IllegalArgumentException("Metric '" + metric + "' is not computed for "
                    + (regression ? "regression" : "classification") + "; choose one of " + known);
        }
        Trainer base = search.space().base();
        List<Map<String, String>> configs = search.space().configurations();
        List<Trainer> trainers = new ArrayList<>();
        for (Map<String, String> c : configs) {
            trainers.add(catalog.rebuild(base.name(), c, base.seed()));
        }
        int k = search.folds();
        if (data.size() < 2 * k) {
            throw new IllegalArgumentException("Dataset " + data.id() + " has " + data.size() + " rows: too few for "
                    + k + "-fold cross-validation");
        }
        ColumnarDataset whole = ColumnarDataset.of(data);
        Folds folds = search.foldAssignment();
        int[][] foldTest = folds.testRows(data);
        List<DatasetVersion[]> parts = new ArrayList<>();
        for (int f = 0; f < k; f++) {
            int[] test = foldTest[f];
            int[] train = Folds.complement(data.size(), test);
            Map<String, String> details = new LinkedHashMap<>(folds.details());
            details.put("fold", Integer.toString(f));
            parts.add(new DatasetVersion[] {
                whole.select(train, data.name() + ".cv" + f + "-train", new Lineage(List.of(data.id()), "k-fold",
                        null, details)),
                whole.select(test, data.name() + ".cv" + f + "-test", new Lineage(List.of(data.id()), "k-fold", null,
                        details))});
        }
        long totalSteps = (long) trainers.size() * k + 1;
        try (ActiveRun parent = runs.start("search:" + modelName)) {
            parent.input(data).tag("kind", search.space().isRandom() ? "random-search" : "grid-search")
                    .tag("metric", metric).tag("folds", Integer.toString(k)).tag("trainer", base.name())
                    .tag("foldAssignment", folds.toString());
            List<Trial> trials = new ArrayList<>();
            Trial best = null;
            try {
                for (int i = 0; i < trainers.size(); i++) {
                    Trial t = trial(i, trainers.get(i), parts, metric, parent.id(), data, progress, trainers.size(),
                            (long) i * k, totalSteps);
                    trials.add(t);
                    if (t.status() == RunStatus.FINISHED && (best == null
                            || (higher ? t.mean() > best.mean() : t.mean() < best.mean()))) {
                        best = t;
                    }
                    parent.log("trial." + metric, t.mean(), i);
                    search.listener().trialFinished(t, i + 1, trainers.size());
                }
                if (best == null) {
                    throw new IllegalStateException("Every trial of the search for " + modelName + " failed; first: "
                            + trials.get(0).failure());
                }
                parent.log("best.cv." + metric, best.mean());
                parent.tag("best", best.run());
                Trainer winner = trainers.get(best.index());
                long refit = totalSteps - 1;
                ModelVersion v = train(modelName, winner, data, (task, d, t) -> progress.progress(task,
                        Math.min(refit + d, totalSteps), totalSteps), parent.id(),
                        Map.of("search", parent.id(), "cv." + metric, Double.toString(best.mean())));
                parent.tag("registered", v.id());
                return new SearchResult(parent.id(), trials, best, v);
            } catch (RuntimeException | Error e) {
                parent.fail(e);
                throw e;
            }
        }
    }

    private Trial trial(int index, Trainer trainer, List<DatasetVersion[]> parts, String metric, String parentId,
            DatasetVersion data, ProgressListener progress, int total, long stepsBefore, long totalSteps) {
        ActiveRun run = runs.start("trial", parentId);
        run.trainer(trainer).input(data).tag("trial", Integer.toString(index));
        List<Double> folds = new ArrayList<>();
        try {
            for (int f = 0; f < parts.size(); f++) {
                long done = stepsBefore + f;
                String task = "trial " + (index + 1) + "/" + total + " fold " + (f + 1) + "/" + parts.size();
                Model m = fit(trainer, parts.get(f)[0], (t, d, n) -> progress.progress(t, done, totalSteps), task);
                double v = score(m, parts.get(f)[1], metric);
                folds.add(v);
                run.log("cv." + metric, v, f);
                progress.progress(task + " " + metric + " " + v, done + 1, totalSteps);
            }
            double mean = folds.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
            run.log(metric, mean);
            run.finish();
            return new Trial(index, run.id(), trainer.name(), trainer.parameters(), metric, mean, folds,
                    RunStatus.FINISHED, null);
        } catch (RuntimeException e) {
            run.fail(e);
            return new Trial(index, run.id(), trainer.name(), trainer.parameters(), metric, Double.NaN, folds,
                    RunStatus.FAILED, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /** @return the metric of a model on labelled rows */
    static double score(Model model, DatasetVersion test, String metric) {
        if (model.signature().outputType() == OutputType.CLASSIFICATION) {
            Evaluation ev = new ClassificationEvaluator().evaluate(model, test, "trial");
            return ev.metric(metric).orElseThrow(() -> new IllegalArgumentException(ev.whyNot(metric)
                    .map(why -> "Metric '" + metric + "' is not available on " + test.id() + ": " + why)
                    .orElse("The evaluation has no metric '" + metric + "'; it has " + ev.metrics().keySet())));
        }
        String target = test.schema().target();
        List<Row> rows = new ArrayList<>(test.size());
        List<Double> ys = new ArrayList<>(test.size());
        for (int i = 0; i < test.size(); i++) {
            double y = test.number(target, i);
            if (!Double.isNaN(y)) {
                rows.add(test.row(i));
                ys.add(y);
            }
        }
        List<Prediction> ps = model.predictAll(rows);
        double se = 0;
        double ae = 0;
        double mean = ys.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        double ss = 0;
        for (int i = 0; i < ps.size(); i++) {
            double d = ps.get(i).value() - ys.get(i);
            se += d * d;
            ae += Math.abs(d);
            ss += (ys.get(i) - mean) * (ys.get(i) - mean);
        }
        int n = ps.size();
        return switch (metric) {
            case "rmse" -> Math.sqrt(se / n);
            case "mse" -> se / n;
            case "mae" -> ae / n;
            case "r2" -> 1 - se / ss;
            default -> throw new IllegalArgumentException("Unknown regression metric '" + metric + "'");
        };
    }

    /** @return version → run → dataset versions → sources */
    public ModelLineage lineage(ModelVersion version) {
        dev.lifecycle.api.model.Run run = version.run() == null ? null : runs.get(version.run());
        List<ModelLineage.Node> nodes = new ArrayList<>();
        LinkedHashSet<String> sources = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>();
        Set<String> seen = new LinkedHashSet<>();
        todo.add(version.dataset());
        if (run != null) {
            todo.addAll(run.inputs());
        }
        while (!todo.isEmpty()) {
            String id = todo.poll();
            if (!seen.add(id)) {
                continue;
            }
            DatasetVersion d = datasets.get(id);
            nodes.add(new ModelLineage.Node(id, d.size(), d.lineage()));
            if (d.lineage().source() != null) {
                sources.add(d.lineage().source());
            }
            todo.addAll(d.lineage().parents());
        }
        return new ModelLineage(version.id(), run, version.dataset(), nodes, List.copyOf(sources));
    }

    /**
     * @param evaluations evaluations to show besides the tracked ones (named by the evaluated dataset id)
     * @return the model card of a version
     */
    public dev.lifecycle.core.model.ModelCard card(ModelVersion version, List<Evaluation> evaluations) {
        ModelLineage lineage = lineage(version);
        Map<String, Double> metrics = new java.util.TreeMap<>();
        if (lineage.run() != null) {
            metrics.putAll(lineage.run().metrics());
            lineage.run().tags().forEach((k, v) -> {
                if (k.startsWith("cv.")) {
                    metrics.put(k, Double.parseDouble(v));
                }
            });
        }
        Map<String, Evaluation> evs = new LinkedHashMap<>(models.evaluations(version.name(), version.version()));
        if (lineage.run() != null) {
            for (String tracked : evs.keySet()) {
                metrics.keySet().removeIf(k -> k.startsWith(tracked + "."));
            }
        }
        for (Evaluation e : evaluations) {
            String key = evs.containsKey(e.dataset()) ? e.dataset() + " (given)" : e.dataset();
            evs.put(key, e);
        }
        DatasetVersion data = datasets.get(version.dataset());
        Map<String, Double> target = new LinkedHashMap<>();
        String t = data.schema().target();
        if (version.signature().outputType() == OutputType.CLASSIFICATION) {
            for (String l : version.signature().labels()) {
                target.put(l, 0.0);
            }
            for (int i = 0; i < data.size(); i++) {
                String y = data.target(i);
                if (y != null) {
                    target.merge(y, 1.0, Double::sum);
                }
            }
        } else {
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            double sum = 0;
            int n = 0;
            for (int i = 0; i < data.size(); i++) {
                double y = data.number(t, i);
                if (!Double.isNaN(y)) {
                    min = Math.min(min, y);
                    max = Math.max(max, y);
                    sum += y;
                    n++;
                }
            }
            target.put("count", (double) n);
            target.put("min", min);
            target.put("mean", sum / n);
            target.put("max", max);
        }
        List<String> aliases = new ArrayList<>();
        models.aliases(version.name()).forEach((a, v) -> {
            if (v == version.version()) {
                aliases.add(a);
            }
        });
        return new dev.lifecycle.core.model.ModelCard(version, models.description(version.name(), version.version())
                .orElse(null), models.tags(version.name(), version.version()), aliases, target, metrics, lineage, evs,
                models.threshold(version.name(), version.version()).orElse(null));
    }
}
