package dev.lifecycle.core.model;

import java.util.Objects;
import java.util.Set;

/**
 * How to run a search: the space, k-fold cross-validation, the metric to optimise and a listener
 * told about each trial as it finishes. Immutable; e.g.
 * {@code Search.over(space).folds(3).metric("accuracy").seed(7).onTrial(listener)}.
 */
public final class Search {
    private static final Set<String> LOWER_IS_BETTER = Set.of("rmse", "mae", "mse", "log-loss");

    /** Told about each trial as it finishes. Called on the searching thread: return quickly. */
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
    private final int folds;
    private final String metric;
    private final Boolean higherIsBetter;
    private final long seed;
    private final Listener listener;

    private Search(SearchSpace space, int folds, String metric, Boolean higherIsBetter, long seed, Listener listener) {
        this.space = space;
        this.folds = folds;
        this.metric = metric;
        this.higherIsBetter = higherIsBetter;
        this.seed = seed;
        this.listener = listener;
    }

    /**
     * @return a search over a space with 5 folds, optimising {@code accuracy} for classifiers and
     *     {@code rmse} for regressors, fold seed 1, no listener
     */
    public static Search over(SearchSpace space) {
        return new Search(Objects.requireNonNull(space, "space"), 5, null, null, 1L, (t, d, n) -> { });
    }

    /** @return a copy with k-fold cross-validation over {@code k} folds (2 to 20) */
    public Search folds(int k) {
        if (k < 2 || k > 20) {
            throw new IllegalArgumentException("folds must be between 2 and 20, got " + k);
        }
        return new Search(space, k, metric, higherIsBetter, seed, listener);
    }

    /**
     * @param name for classifiers {@code accuracy}, {@code macro-f1}, {@code macro-precision},
     *     {@code macro-recall}; for regressors {@code rmse}, {@code mae}, {@code r2}
     * @return a copy optimising this metric (lower is better for rmse, mae, mse and log-loss)
     */
    public Search metric(String name) {
        Objects.requireNonNull(name, "metric");
        return new Search(space, folds, name, !LOWER_IS_BETTER.contains(name), seed, listener);
    }

    /** @return a copy optimising a metric in the given direction */
    public Search metric(String name, boolean higherIsBetterFlag) {
        return new Search(space, folds, Objects.requireNonNull(name, "metric"), higherIsBetterFlag, seed, listener);
    }

    /** @return a copy whose fold assignment is shuffled with this seed */
    public Search seed(long s) {
        return new Search(space, folds, metric, higherIsBetter, s, listener);
    }

    /** @return a copy that tells {@code l} about each finished trial */
    public Search onTrial(Listener l) {
        return new Search(space, folds, metric, higherIsBetter, seed, Objects.requireNonNull(l, "listener"));
    }

    /** @return the configurations to try */
    public SearchSpace space() {
        return space;
    }

    /** @return the number of folds */
    public int folds() {
        return folds;
    }

    /** @return the metric optimised for a regressor ({@code true}) or a classifier */
    public String metric(boolean regression) {
        return metric != null ? metric : regression ? "rmse" : "accuracy";
    }

    /** @return whether higher values of the metric are better, for a regressor ({@code true}) or a classifier */
    public boolean higherIsBetter(boolean regression) {
        return higherIsBetter != null ? higherIsBetter : metric != null ? !LOWER_IS_BETTER.contains(metric) : !regression;
    }

    /** @return the seed of the fold assignment */
    public long seed() {
        return seed;
    }

    /** @return the trial listener */
    public Listener listener() {
        return listener;
    }
}
