package dev.lifecycle.core.model;

import dev.lifecycle.core.data.Folds;
import dev.lifecycle.core.internal.eval.Metrics;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * How to run a search: the space, k-fold cross-validation, the metric to optimise and a listener
 * told about each trial as it finishes. Immutable; e.g.
 * {@code Search.over(space).folds(Folds.stratified(3, 7)).metric("auc").onTrial(listener)}.
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public final class Search {

    /** Told about each trial as it finishes. Called on the searching thread: return quickly. */
    @API(status = API.Status.STABLE, since = "0.1.0")
    @FunctionalInterface
    public interface Listener {
        /**
         * @param trial the finished (or failed) trial
         * @param done trials finished so far, this one included
         * @param total trials in the search
         */
        void trialFinished(Trial trial, int done, int total);
    }

    private final SearchSpace space;
    private final Folds folds;
    private final String metric;
    private final Boolean higherIsBetter;
    private final Listener listener;

    private Search(SearchSpace space, Folds folds, String metric, Boolean higherIsBetter, Listener listener) {
        this.space = space;
        this.folds = folds;
        this.metric = metric;
        this.higherIsBetter = higherIsBetter;
        this.listener = listener;
    }

    /**
     * @return a search over a space with 5 random folds (seed 1), optimising {@code accuracy} for
     *     classifiers and {@code rmse} for regressors, no listener
     */
    public static Search over(SearchSpace space) {
        return new Search(Objects.requireNonNull(space, "space"), Folds.random(5, 1L), null, null, (t, d, n) -> { });
    }

    /** @return a copy with k-fold cross-validation over {@code k} folds (2 to 20) of the same kind and seed */
    public Search folds(int k) {
        checkK(k);
        return new Search(space, folds.withK(k), metric, higherIsBetter, listener);
    }

    /**
     * @return a copy cross-validating over these folds (e.g. {@link Folds#stratified(int, long)}); the same
     *     held-out rows as {@code CrossValidation} and {@code datasets().kFold} with the same folds
     */
    public Search folds(Folds f) {
        checkK(Objects.requireNonNull(f, "folds").k());
        return new Search(space, f, metric, higherIsBetter, listener);
    }

    private static void checkK(int k) {
        if (k < 2 || k > 20) {
            throw new IllegalArgumentException("folds must be between 2 and 20, got " + k);
        }
    }

    /**
     * @param name for classifiers {@code accuracy}, {@code balanced-accuracy}, {@code macro-f1},
     *     {@code macro-precision}, {@code macro-recall}, {@code weighted-f1}, {@code auc},
     *     {@code average-precision}, {@code log-loss}, {@code brier}, and for binary ones {@code f1},
     *     {@code precision}, {@code recall}; for regressors {@code rmse}, {@code mse}, {@code mae}, {@code r2}
     * @return a copy optimising this metric (lower is better for errors and losses such as rmse and log-loss)
     */
    public Search metric(String name) {
        Objects.requireNonNull(name, "metric");
        return new Search(space, folds, name, Metrics.higherIsBetter(name), listener);
    }

    /** @return a copy optimising a metric in the given direction */
    public Search metric(String name, boolean higherIsBetterFlag) {
        return new Search(space, folds, Objects.requireNonNull(name, "metric"), higherIsBetterFlag, listener);
    }

    /** @return a copy whose fold assignment uses this seed */
    public Search seed(long s) {
        return new Search(space, folds.withSeed(s), metric, higherIsBetter, listener);
    }

    /** @return a copy that tells {@code l} about each finished trial */
    public Search onTrial(Listener l) {
        return new Search(space, folds, metric, higherIsBetter, Objects.requireNonNull(l, "listener"));
    }

    /** @return the configurations to try */
    public SearchSpace space() {
        return space;
    }

    /** @return the number of folds */
    public int folds() {
        return folds.k();
    }

    /** @return the fold assignment */
    public Folds foldAssignment() {
        return folds;
    }

    /** @return the metric optimised for a regressor ({@code true}) or a classifier */
    public String metric(boolean regression) {
        return metric != null ? metric : regression ? "rmse" : "accuracy";
    }

    /** @return whether higher values of the metric are better, for a regressor ({@code true}) or a classifier */
    public boolean higherIsBetter(boolean regression) {
        return higherIsBetter != null ? higherIsBetter : metric != null ? Metrics.higherIsBetter(metric) : !regression;
    }

    /** @return the seed of the fold assignment */
    public long seed() {
        return folds.seed();
    }

    /** @return the trial listener */
    public Listener listener() {
        return listener;
    }
}
