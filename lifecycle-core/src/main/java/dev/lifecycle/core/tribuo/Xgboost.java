package dev.lifecycle.core.tribuo;

import java.util.Map;
import org.apiguardian.api.API;
import org.tribuo.classification.Label;
import org.tribuo.classification.xgboost.XGBoostClassificationTrainer;

/**
 * Gradient-boosted trees for classification (XGBoost through Tribuo); scores are probabilities.
 *
 * <p>Training runs natively on {@code threads} threads (1 by default, which keeps it deterministic for a
 * given seed). The trained model is served in pure Java ({@link CompiledTreeModel}): one row costs a
 * few microseconds on the caller's thread, with no native call and no native thread pool. Immutable; each setter returns a changed copy and checks its argument.
 */
@API(status = API.Status.MAINTAINED, since = "0.1.0")
public final class Xgboost extends TribuoTrainer {
    private static final String NAME = "xgboost";
    private final XgbConfig c;
    private final long seed;

    private Xgboost(XgbConfig c, long seed) {
        this.c = c;
        this.seed = seed;
    }

    /**
     * @return 50 trees, eta 0.3, depth 6, min child weight 1, no subsampling, lambda 1, alpha 0,
     *     gamma 0, 1 thread, seed 1
     */
    public static Xgboost defaults() {
        return new Xgboost(XgbConfig.DEFAULTS, 1L);
    }

    /** @return a copy with this many boosting rounds (at least 1) */
    public Xgboost trees(int n) {
        return with("trees", Integer.toString(n));
    }

    /** @return a copy with this learning rate (positive) */
    public Xgboost eta(double v) {
        return with("eta", Double.toString(v));
    }

    /** @return a copy with this maximum tree depth (1 to 64) */
    public Xgboost maxDepth(int v) {
        return with("maxDepth", Integer.toString(v));
    }

    /** @return a copy with this minimum hessian weight in a child (at least 0) */
    public Xgboost minChildWeight(double v) {
        return with("minChildWeight", Double.toString(v));
    }

    /** @return a copy that trains each tree on this fraction of the rows (in (0, 1]) */
    public Xgboost subsample(double v) {
        return with("subsample", Double.toString(v));
    }

    /** @return a copy that gives each tree this fraction of the features (in (0, 1]) */
    public Xgboost featureSubsample(double v) {
        return with("featureSubsample", Double.toString(v));
    }

    /** @return a copy with this L2 regularisation (at least 0) */
    public Xgboost lambda(double v) {
        return with("lambda", Double.toString(v));
    }

    /** @return a copy with this L1 regularisation (at least 0) */
    public Xgboost alpha(double v) {
        return with("alpha", Double.toString(v));
    }

    /** @return a copy with this minimum loss reduction to split (at least 0) */
    public Xgboost gamma(double v) {
        return with("gamma", Double.toString(v));
    }

    /** @return a copy training on this many native threads (at least 1; more than 1 may not be reproducible) */
    public Xgboost threads(int v) {
        return with("threads", Integer.toString(v));
    }

    /** @return a copy with this seed */
    public Xgboost seed(long s) {
        return new Xgboost(c, s);
    }

    /**
     * Rebuilds a trainer from a recorded configuration; parameters not given keep their defaults.
     *
     * @throws IllegalArgumentException naming an unknown or invalid parameter
     */
    public static Xgboost fromParameters(Map<String, String> parameters, long seed) {
        return new Xgboost(XgbConfig.DEFAULTS.withAll(NAME, parameters), seed);
    }

    private Xgboost with(String key, String value) {
        return new Xgboost(c.with(NAME, key, value), seed);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, String> parameters() {
        return c.parameters();
    }

    @Override
    public long seed() {
        return seed;
    }

    @Override
    org.tribuo.Trainer<Label> tribuoTrainer() {
        return new XGBoostClassificationTrainer(c.trees(), c.eta(), c.gamma(), c.maxDepth(), c.minChildWeight(), c.subsample(),
                c.featureSubsample(), c.lambda(), c.alpha(), c.threads(), true, seed);
    }
}
