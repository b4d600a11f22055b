package dev.lifecycle.core.tribuo;

import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.data.Field;
import dev.lifecycle.core.tribuo.internal.ParallelBagging;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.classification.dtree.impurity.GiniIndex;
import org.tribuo.classification.ensemble.VotingCombiner;
import org.tribuo.common.tree.RandomForestTrainer;

/**
 * A random forest: bagged CART trees, each split choosing among a random fraction of the features,
 * combined by voting. Scores are vote shares. Trees train on several threads (all cores by default) and
 * the model depends only on the seed, never on the thread count: tree {@code i} draws its bootstrap sample
 * and feature choices from its own seed. Immutable; each setter returns a changed copy and checks its
 * argument.
 */
@API(status = API.Status.MAINTAINED, since = "0.1.0")
public final class RandomForest extends TribuoTrainer {
    private static final String NAME = "random-forest";
    private final int trees;
    private final int maxDepth;
    private final float minChildWeight;
    private final double featureFraction;
    private final long seed;
    private final int threads;
    private final TreeProgress progress;

    private RandomForest(int trees, int maxDepth, float minChildWeight, double featureFraction, long seed) {
        this(trees, maxDepth, minChildWeight, featureFraction, seed, 0, null);
    }

    private RandomForest(int trees, int maxDepth, float minChildWeight, double featureFraction, long seed, int threads,
            TreeProgress progress) {
        this.trees = trees;
        this.maxDepth = maxDepth;
        this.minChildWeight = minChildWeight;
        this.featureFraction = featureFraction;
        this.seed = seed;
        this.threads = threads;
        this.progress = progress;
    }

    /**
     * @param n threads that train trees at once (at least 1); the model is the same for any number
     * @return a copy training on this many threads (default: one per available core)
     */
    public RandomForest threads(int n) {
        return new RandomForest(trees, maxDepth, minChildWeight, featureFraction, seed, Params.positive("threads", n),
                progress);
    }

    /** @return a copy that reports each finished tree to this listener (null for none) */
    public RandomForest onProgress(TreeProgress listener) {
        return new RandomForest(trees, maxDepth, minChildWeight, featureFraction, seed, threads, listener);
    }

    /** @return 50 trees of depth at most 12, minimum child weight 5, feature fraction 0.5, seed 1 */
    public static RandomForest defaults() {
        return new RandomForest(50, 12, 5f, 0.5, 1L);
    }

    /** @return a copy with this many trees (at least 1) */
    public RandomForest trees(int n) {
        return new RandomForest(Params.positive("trees", n), maxDepth, minChildWeight, featureFraction, seed, threads,
                progress);
    }

    /** @return a copy with this maximum tree depth (1 to 64) */
    public RandomForest maxDepth(int depth) {
        return new RandomForest(trees, Params.depth(depth), minChildWeight, featureFraction, seed, threads, progress);
    }

    /** @return a copy with this minimum total example weight in a leaf (positive) */
    public RandomForest minChildWeight(float weight) {
        return new RandomForest(trees, maxDepth, (float) Params.positive("minChildWeight", weight), featureFraction,
                seed, threads, progress);
    }

    /** @return a copy where each split considers this fraction of the features (above 0, below 1) */
    public RandomForest featureFraction(double fraction) {
        if (!(fraction > 0 && fraction < 1)) {
            throw new IllegalArgumentException("featureFraction of a random forest must be above 0 and below 1 "
                    + "(with 1 every tree sees the same features; use cart for a single tree), got " + fraction);
        }
        return new RandomForest(trees, maxDepth, minChildWeight, fraction, seed, threads, progress);
    }

    /** @return a copy with this seed (bootstrap samples and feature choices) */
    public RandomForest seed(long s) {
        return new RandomForest(trees, maxDepth, minChildWeight, featureFraction, s, threads, progress);
    }

    /**
     * Rebuilds a trainer from a recorded configuration; parameters not given keep their defaults.
     *
     * @throws IllegalArgumentException naming an unknown or invalid parameter
     */
    public static RandomForest fromParameters(Map<String, String> parameters, long seed) {
        RandomForest t = defaults().seed(seed);
        for (Map.Entry<String, String> e : Params.orEmpty(parameters).entrySet()) {
            String k = e.getKey();
            t = switch (k) {
                case "trees" -> t.trees(Params.asInt(NAME, k, e.getValue()));
                case "maxDepth" -> t.maxDepth(Params.asInt(NAME, k, e.getValue()));
                case "minChildWeight" -> t.minChildWeight((float) Params.asDouble(NAME, k, e.getValue()));
                case "featureFraction" -> t.featureFraction(Params.asDouble(NAME, k, e.getValue()));
                default -> throw Params.unknown(NAME, k, t.parameters().keySet());
            };
        }
        return t;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, String> parameters() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("trees", Integer.toString(trees));
        p.put("maxDepth", Integer.toString(maxDepth));
        p.put("minChildWeight", Float.toString(minChildWeight));
        p.put("featureFraction", Double.toString(featureFraction));
        return p;
    }

    @Override
    public long seed() {
        return seed;
    }

    @Override
    org.tribuo.Trainer<Label> tribuoTrainer() {
        return new RandomForestTrainer<>(tree(seed), new VotingCombiner(), trees, seed);
    }

    @Override
    org.tribuo.Model<Label> fit(MutableDataset<Label> dataset, List<Field> inputs, DatasetVersion data) {
        int n = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        TreeProgress listener = progress;
        return ParallelBagging.train(dataset, this::tree, trees, seed, n, new VotingCombiner(),
                listener == null ? null : listener::trees);
    }

    private CARTClassificationTrainer tree(long treeSeed) {
        return new CARTClassificationTrainer(maxDepth, minChildWeight, 0.0f, (float) featureFraction, false,
                new GiniIndex(), treeSeed);
    }
}
