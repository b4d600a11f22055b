package dev.lifecycle.core;

import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.deployment.Deployment;
import dev.lifecycle.api.evaluation.Comparison;
import dev.lifecycle.api.evaluation.Evaluation;
import dev.lifecycle.api.evaluation.Evaluator;
import dev.lifecycle.api.evaluation.GateResult;
import dev.lifecycle.api.model.Model;
import dev.lifecycle.api.model.ProgressListener;
import dev.lifecycle.api.model.ModelFormat;
import dev.lifecycle.api.model.ModelVersion;
import dev.lifecycle.api.model.Trainer;
import dev.lifecycle.api.store.Store;
import dev.lifecycle.core.data.DatasetRegistry;
import dev.lifecycle.core.deployment.InProcessDeployment;
import dev.lifecycle.core.evaluation.Baseline;
import dev.lifecycle.core.evaluation.ClassificationEvaluator;
import dev.lifecycle.core.evaluation.EvaluationOptions;
import dev.lifecycle.core.evaluation.Evaluations;
import dev.lifecycle.core.evaluation.Gate;
import dev.lifecycle.core.evaluation.PredictionSet;
import dev.lifecycle.core.internal.Context;
import dev.lifecycle.core.internal.IdAllocator;
import dev.lifecycle.core.internal.IdLeases;
import dev.lifecycle.core.internal.RefNames;
import dev.lifecycle.core.internal.Sealed;
import dev.lifecycle.core.model.Experiments;
import dev.lifecycle.core.model.ModelCard;
import dev.lifecycle.core.model.ModelLineage;
import dev.lifecycle.core.model.ModelRegistry;
import dev.lifecycle.core.model.Search;
import dev.lifecycle.core.model.SearchResult;
import dev.lifecycle.core.model.TrainerCatalog;
import dev.lifecycle.core.store.FileStore;
import dev.lifecycle.core.store.MemoryStore;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * The entry point: one machine-learning loop, embedded in the host process.
 *
 * <pre>{@code
 * try (Lifecycle lc = Lifecycle.open(Path.of("lifecycle-home"))) {
 *     DatasetVersion data = lc.datasets().importCsv("elec2", csv, Csv.forTarget("class"));
 *     Split split = lc.datasets().splitTimeOrdered(data, 0.8);
 *     ModelVersion m = lc.train("elec2-clf", Trainers.logisticRegression().seed(7), split.train());
 *     Evaluation ev = lc.evaluate(m, split.test());
 *     Deployment dep = lc.deploy(m);
 *     Prediction p = dep.predict(Row.of("nswprice", 0.05, ...));
 * }
 * }</pre>
 *
 * <p>Thread-safe. Prediction ids come from one allocator per Lifecycle, shared by all its deployments and
 * loops and leased in the store, so none is issued twice, across restarts and JVMs too. Closing it closes
 * every deployment made from it, the id allocator, and the store (when Lifecycle opened it).
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public final class Lifecycle implements AutoCloseable {
    private final Context ctx;
    private final boolean ownsStore;
    private final DatasetRegistry datasets;
    private final ModelRegistry models;
    private final Experiments runs;
    private final Training training;
    private final ClassificationEvaluator evaluator = new ClassificationEvaluator();
    private final ExtraMetrics extraMetrics;
    private final java.util.List<Deployment> deployments = new java.util.concurrent.CopyOnWriteArrayList<>();

    private static final MethodHandle NEW_DATASETS = Sealed.constructor(DatasetRegistry.class, Context.class);
    private static final MethodHandle NEW_MODELS = Sealed.constructor(ModelRegistry.class, Context.class,
            boolean.class, java.util.List.class);
    private static final MethodHandle NEW_RUNS = Sealed.constructor(Experiments.class, Context.class);
    private static final MethodHandle NEW_DEPLOYMENT = Sealed.constructor(InProcessDeployment.class, Context.class,
            ModelVersion.class, String.class);
    private static final MethodHandle ROLL_OUT = Sealed.staticMethod(InProcessDeployment.class, "create",
            InProcessDeployment.class, Context.class, String.class, dev.lifecycle.core.deployment.Rollout.class,
            java.util.function.Function.class, java.util.function.Function.class, String.class);

    private Lifecycle(Store store, Clock clock, String actor, boolean ownsStore, TrainerCatalog trainers,
            boolean nativeModels, java.util.List<ModelFormat> formats, java.util.List<Evaluator> evaluators) {
        this.extraMetrics = new ExtraMetrics(evaluators);
        this.ctx = new Context(store, clock, actor,
                new IdAllocator(new IdLeases(store, clock, actor), "Lifecycle (actor " + actor + ")"));
        this.ownsStore = ownsStore;
        this.datasets = (DatasetRegistry) Sealed.invoke(NEW_DATASETS, ctx);
        this.models = (ModelRegistry) Sealed.invoke(NEW_MODELS, ctx, nativeModels, formats);
        this.runs = (Experiments) Sealed.invoke(NEW_RUNS, ctx);
        this.training = new Training(datasets, models, runs, trainers);
    }

    /** @return a Lifecycle on a directory store, created if needed */
    public static Lifecycle open(Path home) {
        return builder().directory(home).build();
    }

    /** @return a Lifecycle in memory, for tests and experiments */
    public static Lifecycle inMemory() {
        return builder().build();
    }

    /** @return a builder for a Lifecycle with a chosen store, clock or actor */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the datasets */
    public DatasetRegistry datasets() {
        return datasets;
    }

    /** @return the model registry */
    public ModelRegistry models() {
        return models;
    }

    /**
     * Starts a monitor for a model version: its reference is the profile of the version's training data,
     * the target left out of the monitored features. Configure windows and alerts on the builder.
     *
     * <pre>{@code
     * Monitor monitor = lc.monitor(champion).windowChunks(8).alertListener(a -> log.warn(a.message())).build();
     * }</pre>
     *
     * @throws IllegalArgumentException when the version records no training data
     * @throws dev.lifecycle.api.NotFoundException when its training data is not in this store
     */
    public dev.lifecycle.core.monitoring.Monitor.Builder monitor(ModelVersion version) {
        Objects.requireNonNull(version, "version");
        if (version.dataset() == null) {
            throw new IllegalArgumentException("Model " + version.id() + " records no training data to compare"
                    + " served rows with; use Monitor.builder(name, lc.datasets().profile(dataset)) with a chosen"
                    + " reference");
        }
        dev.lifecycle.api.data.DatasetVersion training = datasets.get(version.dataset());
        dev.lifecycle.core.monitoring.Monitor.Builder b = dev.lifecycle.core.monitoring.Monitor.builder(version.name(),
                datasets.profile(training));
        String target = training.schema().target();
        return target == null ? b : b.target(target);
    }

    /** @return experiment tracking: runs, their metrics, and search over them */
    public Experiments runs() {
        return runs;
    }

    /** @return the store everything is kept in */
    public Store store() {
        return ctx.store();
    }

    /** @return the clock */
    public Clock clock() {
        return ctx.clock();
    }

    /** @return the actor recorded with every change this Lifecycle makes */
    public String actor() {
        return ctx.actor();
    }

    /**
     * Trains on a dataset version and registers the result as the next version of {@code modelName}.
     *
     * @throws dev.lifecycle.api.data.SchemaMismatchException when the data cannot train this trainer
     */
    public ModelVersion train(String modelName, Trainer trainer, DatasetVersion data) {
        return train(modelName, trainer, data, ProgressListener.NONE);
    }

    /**
     * Trains in a tracked run (trainer, parameters, seed, input version, environment) and registers the
     * model as the next version of {@code modelName}, linked to the run. A failing trainer leaves the
     * run marked failed.
     *
     * @param progress told when fitting starts, every second while it runs, and when the version is registered
     * @throws dev.lifecycle.api.data.SchemaMismatchException when the data cannot train this trainer
     */
    public ModelVersion train(String modelName, Trainer trainer, DatasetVersion data, ProgressListener progress) {
        RefNames.checkName(modelName, "model name");
        Objects.requireNonNull(trainer, "trainer");
        Objects.requireNonNull(data, "data");
        return training.train(modelName, trainer, data, Objects.requireNonNull(progress, "progress"), null,
                java.util.Map.of());
    }

    /**
     * Reproduces a version: rebuilds its recorded trainer (name, parameters, seed) and trains it on its
     * recorded dataset version, registering the result as a new version (tagged {@code retrainOf}).
     *
     * @throws IllegalArgumentException when the trainer is not in this Lifecycle's trainer catalog
     */
    public ModelVersion retrain(ModelVersion version) {
        return training.retrain(Objects.requireNonNull(version, "version"), ProgressListener.NONE);
    }

    /**
     * Grid or random search with k-fold cross-validation on {@code data}; each trial is a child run of
     * the search's run; the best configuration is retrained on all rows and registered as the next
     * version of {@code modelName}.
     *
     * @throws IllegalStateException when every trial failed
     */
    public SearchResult search(String modelName, Search search, DatasetVersion data, ProgressListener progress) {
        return training.search(modelName, Objects.requireNonNull(search, "search"), Objects.requireNonNull(data, "data"),
                Objects.requireNonNull(progress, "progress"));
    }

    /** @return where a version came from: its run, its dataset versions and their sources */
    public ModelLineage lineage(ModelVersion version) {
        return training.lineage(Objects.requireNonNull(version, "version"));
    }

    /** @return the model card of a version: its tracked evaluations and these ones, threshold, roles and limitations */
    public ModelCard modelCard(ModelVersion version, Evaluation... evaluations) {
        return training.card(Objects.requireNonNull(version, "version"), java.util.List.of(evaluations));
    }

    /**
     * Scores every labelled row of a version with a classifier, in batches: the input of
     * {@code datasets().hardExamples(data, scored, confidenceBelow)}. Rows without a target value are
     * left out. The confidence is the predicted label's score, clamped to [0, 1] (1 for models without scores).
     *
     * @throws IllegalArgumentException when the model is not a classifier
     * @throws dev.lifecycle.api.data.SchemaMismatchException naming the feature when a row cannot be scored
     */
    public java.util.List<dev.lifecycle.api.data.ScoredRow> score(ModelVersion model, DatasetVersion data) {
        return Scoring.score(model, data);
    }

    /**
     * @return the evaluation of a model version on a labelled dataset version
     * @throws dev.lifecycle.api.data.SchemaMismatchException naming every difference when the data does
     *     not match the version's signature
     */
    public Evaluation evaluate(ModelVersion model, DatasetVersion data) {
        model.signature().requireMatch(data.schema(), data.id() + " with " + model.id());
        return extraMetrics.addTo(evaluator.evaluate(models.served(model), data, model.id()), models.served(model),
                data);
    }

    /**
     * @return the evaluation of a model version with slices, intervals, fairness and diagnostics as the options
     *     say; labels are predicted at the version's decision threshold when it has one (see
     *     {@link ModelRegistry#setThreshold}), as a deployment serves them
     */
    public Evaluation evaluate(ModelVersion model, DatasetVersion data, EvaluationOptions options) {
        model.signature().requireMatch(data.schema(), data.id() + " with " + model.id());
        return extraMetrics.addTo(Evaluations.evaluate(models.served(model), data, model.id(), options),
                models.served(model), data);
    }

    /**
     * @return champion against challenger on the same rows, each at its decision threshold: metric deltas with
     *     intervals and McNemar's test
     */
    public Comparison compare(ModelVersion champion, ModelVersion challenger, DatasetVersion data,
            EvaluationOptions options) {
        return Evaluations.compare(PredictionSet.predict(models.served(champion), data), champion.id(),
                PredictionSet.predict(models.served(challenger), data), challenger.id(), data, options);
    }

    /**
     * Keeps an evaluation of a version: stores it (metrics, intervals, slices, fairness and the threshold its
     * labels were predicted at) as an object, attaches it to the version under {@code name} (journaled) and, when
     * the version came from a tracked run, to that run, whose metrics gain {@code <name>.<metric>} so runs can be
     * compared by them:
     *
     * <pre>{@code
     * lc.track(m, "test", lc.evaluate(m, split.test(), options));
     * List<Run> best = lc.runs().find(RunQuery.all().orderBy("test.auc", true).limit(5));
     * }</pre>
     *
     * @param name what the evaluation is, e.g. {@code test} or {@code validation} (a ref name segment)
     * @return the id of the stored evaluation
     * @throws IllegalArgumentException when the evaluation is not of this version
     */
    public dev.lifecycle.api.store.ObjectId track(ModelVersion version, String name, Evaluation evaluation) {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(evaluation, "evaluation");
        RefNames.checkName(name, "evaluation name");
        if (!evaluation.model().equals(version.id())) {
            throw new IllegalArgumentException("The evaluation is of " + evaluation.model() + ", not of "
                    + version.id() + "; evaluate the version with lc.evaluate(version, data, options) and track that");
        }
        dev.lifecycle.api.store.ObjectId id = ctx.store().put(dev.lifecycle.core.internal.Json.write(
                dev.lifecycle.core.internal.EvaluationDoc.of(name, evaluation, ctx.clock().instant().toString())));
        String reason = "track evaluation '" + name + "' of " + version.id() + " on " + evaluation.dataset();
        models.attachEvaluation(version, name, id, reason);
        if (version.run() != null) {
            runs.attachEvaluation(version.run(), name, id, evaluation.metrics(), reason);
        }
        return id;
    }

    /**
     * Chooses a binary classifier's decision threshold from its scores on held-out rows (not its training
     * rows); store it with {@code models().setThreshold(version, threshold, reason)} to serve it.
     *
     * <pre>{@code
     * DecisionThreshold t = lc.chooseThreshold(m, split.test(), ">50K", ThresholdRule.maxF1());
     * lc.models().setThreshold(m, t, "max F1 on " + t.chosenOn());
     * }</pre>
     *
     * @param positiveLabel the label the threshold applies to
     * @throws IllegalArgumentException when the model is not a binary classifier with scores, or no threshold
     *     reaches the rule's target
     */
    public dev.lifecycle.api.evaluation.DecisionThreshold chooseThreshold(ModelVersion model, DatasetVersion validation,
            String positiveLabel, dev.lifecycle.core.evaluation.ThresholdRule rule) {
        model.signature().requireMatch(validation.schema(), validation.id() + " with " + model.id());
        return Objects.requireNonNull(rule, "rule").choose(PredictionSet.predict(model.model(), validation),
                positiveLabel, validation.id());
    }

    /**
     * @return the evaluation, on {@code data}, of the version an alias of a model points to, as a gate baseline;
     *         an unusable baseline saying why when the alias is not set
     */
    public Baseline baseline(String modelName, String alias, DatasetVersion data, EvaluationOptions options) {
        return models.alias(modelName, alias).map(v -> Baseline.of(evaluate(v, data, options)))
                .orElseGet(() -> Baseline.unusable("model " + modelName + " has no alias '" + alias + "'"));
    }

    /** @return the decision of a gate on an evaluation against a baseline (may be {@code null} without baseline checks) */
    public GateResult gate(Evaluation evaluation, Gate gate, Baseline baseline) {
        return gate.check(evaluation, baseline);
    }

    /** @return a deployment serving the version; swap versions on it later */
    public Deployment deploy(ModelVersion version) {
        Objects.requireNonNull(version, "version");
        return track((Deployment) Sealed.invoke(NEW_DEPLOYMENT, ctx, version, "deploy " + version.id()));
    }

    /**
     * Deploys a model name with a rollout: the primary (and any candidate, shadow or fallback) resolved
     * from aliases now, warmed up before taking traffic, then routed, logged and monitored as the
     * rollout says.
     *
     * <pre>{@code
     * Deployment dep = lc.deploy("elec2-clf", Rollout.alias("champion").canary("challenger", 0.10).logPredictions());
     * }</pre>
     *
     * @throws dev.lifecycle.api.NotFoundException when an alias is not set
     */
    public Deployment deploy(String modelName, dev.lifecycle.core.deployment.Rollout rollout) {
        RefNames.checkName(modelName, "model name");
        Objects.requireNonNull(rollout, "rollout");
        java.util.function.Function<String, ModelVersion> aliases = alias -> models.alias(modelName, alias)
                .orElseThrow(() -> new dev.lifecycle.api.NotFoundException(
                        "Model " + modelName + " has no alias '" + alias + "'; set it with models().setAlias(...)"));
        java.util.function.Function<String, DatasetVersion> versions = datasets::get;
        Deployment d = (Deployment) Sealed.invoke(ROLL_OUT, ctx, modelName, rollout, aliases, versions,
                "deploy " + rollout);
        return track(d);
    }

    /** Remembers a deployment so that closing the Lifecycle closes it; forgets the ones already closed. */
    private Deployment track(Deployment d) {
        deployments.removeIf(old -> old instanceof InProcessDeployment p && p.isClosed());
        deployments.add(d);
        return d;
    }

    @Override
    public void close() {
        RuntimeException first = null;
        try {
            for (Deployment d : deployments) {
                try {
                    d.close();
                } catch (RuntimeException e) {
                    if (first == null) {
                        first = e;
                    } else {
                        first.addSuppressed(e);
                    }
                }
            }
        } finally {
            ctx.ids().close(); // after the deployments: gives the ids no one took back to the store; never throws
            if (ownsStore) {
                try {
                    ctx.store().close();
                } catch (RuntimeException e) {
                    if (first == null) {
                        first = e;
                    } else {
                        first.addSuppressed(e);
                    }
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** Configures a {@link Lifecycle}; fails fast on conflicting choices. */
    @API(status = API.Status.STABLE, since = "0.1.0")
    public static final class Builder {
        private Store store;
        private Path directory;
        private Clock clock = Clock.systemUTC();
        private String actor = System.getProperty("user.name", "unknown");
        private TrainerCatalog trainers = TrainerCatalog.builtIn();
        private boolean nativeModels = true;
        private final java.util.List<ModelFormat> formats = new java.util.ArrayList<>();
        private boolean loadFormats = true;
        private final java.util.List<Evaluator> evaluators = new java.util.ArrayList<>();

        private Builder() {
        }

        /**
         * Stores and reads models of another engine with this format (besides Tribuo's and those found by
         * {@link java.util.ServiceLoader}); formats are asked in the order added whether they support a model.
         *
         * @throws IllegalArgumentException when a format with the same id was already added
         */
        public Builder modelFormat(ModelFormat format) {
            Objects.requireNonNull(format, "format");
            String id = Objects.requireNonNull(format.id(), "format.id()");
            if (id.equals(dev.lifecycle.core.tribuo.TribuoProtobufFormat.ID)
                    || formats.stream().anyMatch(f -> f.id().equals(id))) {
                throw new IllegalArgumentException("A model format with id '" + id + "' is already registered;"
                        + " give each format its own id");
            }
            formats.add(format);
            return this;
        }

        /**
         * Whether the {@link ModelFormat}s that {@link java.util.ServiceLoader} finds (providers listed in
         * {@code META-INF/services/dev.lifecycle.api.model.ModelFormat} or a module's {@code provides}) are
         * added after the ones given to {@link #modelFormat} (default true); a provider whose id is already
         * taken is skipped, so a format given to the builder wins.
         */
        public Builder loadModelFormats(boolean load) {
            this.loadFormats = load;
            return this;
        }

        private java.util.List<ModelFormat> formats() {
            java.util.List<ModelFormat> all = new java.util.ArrayList<>(formats);
            if (loadFormats) {
                for (ModelFormat f : java.util.ServiceLoader.load(ModelFormat.class)) {
                    String id = f.id();
                    if (id != null && !id.equals(dev.lifecycle.core.tribuo.TribuoProtobufFormat.ID)
                            && all.stream().noneMatch(g -> g.id().equals(id))) {
                        all.add(f);
                    }
                }
            }
            return all;
        }

        /** Uses a directory store (created if needed); the Lifecycle closes it. */
        public Builder directory(Path home) {
            if (store != null) {
                throw new IllegalStateException("A store is already set; choose either directory(...) or store(...)");
            }
            this.directory = Objects.requireNonNull(home, "home");
            return this;
        }

        /** Uses a store the caller owns (and closes). */
        public Builder store(Store s) {
            if (directory != null) {
                throw new IllegalStateException("A directory is already set; choose either directory(...) or store(...)");
            }
            this.store = Objects.requireNonNull(s, "store");
            return this;
        }

        /** Uses this clock for every recorded time. */
        public Builder clock(Clock c) {
            this.clock = Objects.requireNonNull(c, "clock");
            return this;
        }

        /** Records changes as made by this actor (default: the OS user name). */
        public Builder actor(String name) {
            this.actor = Objects.requireNonNull(name, "actor");
            return this;
        }

        /** Rebuilds recorded trainers (for retrain and search) from this catalog (default: the built-in trainers). */
        public Builder trainers(TrainerCatalog catalog) {
            this.trainers = Objects.requireNonNull(catalog, "catalog");
            return this;
        }

        /**
         * Whether stored models of formats that native libraries read (XGBoost) are loaded (default true).
         * XGBoost models are always validated and served in pure Java; false refuses them outright, for
         * stores whose directory others can write to.
         */
        public Builder nativeModels(boolean allow) {
            this.nativeModels = allow;
            return this;
        }

        /**
         * Adds the metrics of this evaluator to every evaluation {@code Lifecycle.evaluate} makes (same model,
         * same rows), after the built-in ones; a name already reported keeps its first value. The evaluator is
         * called behind a guard: when it throws, the evaluation lists it in {@code notApplicable} instead.
         */
        public Builder evaluator(Evaluator extra) {
            evaluators.add(Objects.requireNonNull(extra, "evaluator"));
            return this;
        }

        /** @return the open Lifecycle */
        public Lifecycle build() {
            java.util.List<ModelFormat> all = formats();
            if (store != null) {
                return new Lifecycle(store, clock, actor, false, trainers, nativeModels, all, evaluators);
            }
            if (directory != null) {
                return new Lifecycle(FileStore.open(directory, clock), clock, actor, true, trainers, nativeModels, all, evaluators);
            }
            return new Lifecycle(new MemoryStore(clock), clock, actor, true, trainers, nativeModels, all, evaluators);
        }
    }
}
