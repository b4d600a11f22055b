package dev.lifecycle.core.model;

import dev.lifecycle.api.model.Trainer;
import dev.lifecycle.core.internal.RefNames;
import dev.lifecycle.core.tribuo.Cart;
import dev.lifecycle.core.tribuo.CartRegression;
import dev.lifecycle.core.tribuo.LinearRegression;
import dev.lifecycle.core.tribuo.LinearSvm;
import dev.lifecycle.core.tribuo.LogisticRegression;
import dev.lifecycle.core.tribuo.RandomForest;
import dev.lifecycle.core.tribuo.Xgboost;
import dev.lifecycle.core.tribuo.XgboostRegression;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * Rebuilds trainers from what a model version or run recorded: name, parameters and seed. This is
 * what makes {@code Lifecycle.retrain} and searches possible. Immutable: {@link #with} returns a new
 * catalog that also knows a custom trainer.
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public final class TrainerCatalog {
    /** Makes a trainer from recorded parameters (strings) and a seed. */
    @API(status = API.Status.STABLE, since = "0.1.0")
    @FunctionalInterface
    public interface Factory {
        /**
         * @param parameters recorded hyperparameters; absent ones take defaults
         * @throws IllegalArgumentException naming an unknown or invalid parameter
         */
        Trainer create(Map<String, String> parameters, long seed);
    }

    private static final TrainerCatalog BUILT_IN = new TrainerCatalog(Map.of())
            .with("logistic-regression", LogisticRegression::fromParameters)
            .with("linear-svm", LinearSvm::fromParameters)
            .with("cart", Cart::fromParameters)
            .with("random-forest", RandomForest::fromParameters)
            .with("xgboost", Xgboost::fromParameters)
            .with("linear-regression", LinearRegression::fromParameters)
            .with("cart-regression", CartRegression::fromParameters)
            .with("xgboost-regression", XgboostRegression::fromParameters)
            .with(WindowEnsemble.NAME, (p, seed) -> WindowEnsemble.fromParameters(p, seed, TrainerCatalog.builtIn()));

    private final Map<String, Factory> factories;

    private TrainerCatalog(Map<String, Factory> factories) {
        this.factories = factories;
    }

    /** @return the catalog of the built-in Tribuo trainers ({@link Trainers}) */
    public static TrainerCatalog builtIn() {
        return BUILT_IN;
    }

    /**
     * @param name the {@link Trainer#name()} the factory's trainers report
     * @return a catalog that also rebuilds trainers of this name (replacing a factory of the same name)
     */
    public TrainerCatalog with(String name, Factory factory) {
        RefNames.checkName(name, "trainer name");
        Objects.requireNonNull(factory, "factory");
        Map<String, Factory> copy = new LinkedHashMap<>(factories);
        copy.put(name, factory);
        return new TrainerCatalog(copy);
    }

    /** @return the trainer names this catalog can rebuild */
    public Set<String> names() {
        return java.util.Collections.unmodifiableSet(factories.keySet());
    }

    /**
     * @return the trainer with this name, parameters and seed
     * @throws IllegalArgumentException when the name is unknown or a parameter is unknown or invalid
     */
    public Trainer rebuild(String name, Map<String, String> parameters, long seed) {
        Factory f = factories.get(name);
        if (f == null) {
            throw new IllegalArgumentException("No trainer named '" + name + "' in the catalog; known trainers are "
                    + factories.keySet() + ". Register custom trainers with TrainerCatalog.with(name, factory)");
        }
        Trainer t = f.create(parameters, seed);
        if (!t.name().equals(name)) {
            throw new IllegalStateException("The factory for '" + name + "' made a trainer named '" + t.name() + "'");
        }
        return t;
    }
}
