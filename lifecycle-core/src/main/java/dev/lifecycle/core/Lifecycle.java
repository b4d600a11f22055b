package dev.lifecycle.core;

import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.deployment.Deployment;
import dev.lifecycle.api.evaluation.Evaluation;
import dev.lifecycle.api.model.Model;
import dev.lifecycle.api.model.ModelVersion;
import dev.lifecycle.api.model.Trainer;
import dev.lifecycle.api.store.Store;
import dev.lifecycle.core.data.DatasetRegistry;
import dev.lifecycle.core.deployment.InProcessDeployment;
import dev.lifecycle.core.evaluation.ClassificationEvaluator;
import dev.lifecycle.core.internal.Context;
import dev.lifecycle.core.internal.RefNames;
import dev.lifecycle.core.model.ModelRegistry;
import dev.lifecycle.core.store.FileStore;
import dev.lifecycle.core.store.MemoryStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;

/**
 * The entry point: one machine-learning loop, embedded in the host process.
 *
 * <pre>{@code
 * try (Lifecycle lc = Lifecycle.open(Path.of("lifecycle-home"))) {
 *     DatasetVersion data = lc.datasets().importCsv("elec2", csv, Csv.target("class"));
 *     Split split = lc.datasets().splitTimeOrdered(data, 0.8);
 *     ModelVersion m = lc.train("elec2-clf", Trainers.logisticRegression().seed(7), split.train());
 *     Evaluation ev = lc.evaluate(m, split.test());
 *     Deployment dep = lc.deploy(m);
 *     Prediction p = dep.predict(Row.of("nswprice", 0.05, ...));
 * }
 * }</pre>
 *
 * <p>Thread-safe. Closing it closes the store (when Lifecycle opened it) and every deployment made from it.
 */
public final class Lifecycle implements AutoCloseable {
    private final Context ctx;
    private final boolean ownsStore;
    private final DatasetRegistry datasets;
    private final ModelRegistry models;
    private final ClassificationEvaluator evaluator = new ClassificationEvaluator();
    private final java.util.List<Deployment> deployments = new java.util.concurrent.CopyOnWriteArrayList<>();

    private Lifecycle(Store store, Clock clock, String actor, boolean ownsStore) {
        this.ctx = new Context(store, clock, actor);
        this.ownsStore = ownsStore;
        this.datasets = new DatasetRegistry(ctx);
        this.models = new ModelRegistry(ctx);
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

    /** @return the store everything is kept in */
    public Store store() {
        return ctx.store();
    }

    /** @return the clock */
    public Clock clock() {
        return ctx.clock();
    }

    /**
     * Trains on a dataset version and registers the result as the next version of {@code modelName}.
     *
     * @throws dev.lifecycle.api.data.SchemaMismatchException when the data cannot train this trainer
     */
    public ModelVersion train(String modelName, Trainer trainer, DatasetVersion data) {
        RefNames.checkName(modelName, "model name");
        Objects.requireNonNull(trainer, "trainer");
        Model model = trainer.train(data);
        return models.register(modelName, model, trainer, data.id());
    }

    /** @return the evaluation of a model version on a labelled dataset version */
    public Evaluation evaluate(ModelVersion model, DatasetVersion data) {
        return evaluator.evaluate(model.model(), data, model.id());
    }

    /** @return a deployment serving the version; swap versions on it later */
    public Deployment deploy(ModelVersion version) {
        Deployment d = new InProcessDeployment(ctx, version, "deploy " + version.id());
        deployments.add(d);
        return d;
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
        Deployment d = InProcessDeployment.create(ctx, modelName, rollout,
                alias -> models.alias(modelName, alias).orElseThrow(() -> new dev.lifecycle.api.NotFoundException(
                        "Model " + modelName + " has no alias '" + alias + "'; set it with models().setAlias(...)")),
                datasets::get, "deploy " + rollout);
        deployments.add(d);
        return d;
    }

    @Override
    public void close() {
        deployments.forEach(Deployment::close);
        if (ownsStore) {
            ctx.store().close();
        }
    }

    /** Configures a {@link Lifecycle}; fails fast on conflicting choices. */
    public static final class Builder {
        private Store store;
        private Path directory;
        private Clock clock = Clock.systemUTC();
        private String actor = System.getProperty("user.name", "unknown");

        private Builder() {
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

        /** @return the open Lifecycle */
        public Lifecycle build() {
            if (store != null) {
                return new Lifecycle(store, clock, actor, false);
            }
            if (directory != null) {
                return new Lifecycle(FileStore.open(directory, clock), clock, actor, true);
            }
            return new Lifecycle(new MemoryStore(clock), clock, actor, true);
        }
    }
}
