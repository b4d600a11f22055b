package dev.lifecycle.core.tribuo;

import java.util.Map;
import org.apiguardian.api.API;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.xgboost.XGBoostRegressionTrainer;

/**
 * Gradient-boosted trees for regression with squared error (XGBoost through Tribuo).
 *
 * <p>Training runs natively on {@code threads} threads (1 by default, which keeps it deterministic for a
 * given seed). The trained model is served in pure Java ({@link CompiledTreeModel}): one row costs a
 * few microseconds on the caller's thread, with no native call and no native thread pool. Immutable; each setter returns a changed copy and checks its argument.
 */
@API(status = API.Status.MAINTAINED, since = "0.1.0")
public final class XgboostRegression extends TribuoRegressionTrainer {
    private static final String NAME = "xgboost-regression";
    private final XgbConfig c;
    private final long seed;

    private XgboostRegression(XgbConfig c, long seed) {
        this.c = c;
        this.seed = seed;
    }

    /**
     * @return 50 trees, eta 0.3, depth 6, min child weight 1, no subsampling, lambda 1, alpha 0,
     *     gamma 0, 1 thread, seed 1
     */
    public static XgboostRegression defaults() {
        return new XgboostRegression(XgbConfig.DEFAULTS, 1L);
    }

    /** @return a copy with this many boosting rounds (at least 1) */
    public XgboostRegression trees(int n) {
        return with("trees", Integer.toString(n));
    }

    /** @return a copy with this learning rate (positive) */
    public XgboostRegression eta(double v) {
        return with("eta", Double.toString(v));
    }

    /** @return a copy with this maximum tree depth (1 to 64) */
    public XgboostRegression maxDepth(int v) {
        return with("maxDepth", Integer.toString(v));
    }

    /** @return a copy with this minimum hessian weight in a child (at least 0) */
    public XgboostRegression minChildWeight(double v) {
        return with("minChildWeight", Double.toString(v));
    }

    /** @return a copy that trains each tree on this fraction of the rows (in (0, 1]) */
    public XgboostRegression subsample(double v) {
        return with("subsample", Double.toString(v));
    }

    /** @return a copy that gives each tree this fraction of the features (in (0, 1]) */
    public XgboostRegression featureSubsample(double v) {
        return with("featureSubsample", Double.toString(v));
    }

    /** @return a copy with this L2 regularisation (at least 0) */
    public XgboostRegression lambda(double v) {
        return with("lambda", Double.toString(v));
    }

    /** @return a copy with this L1 regularisation (at least 0) */
    public XgboostRegression alpha(double v) {
        return with("alpha", Double.toString(v));
    }

    /** @return a copy with this minimum loss reduction to split (at least 0) */
    public XgboostRegression gamma(double v) {
        return with("gamma", Double.toString(v));
    }

    /** @return a copy training on this many native threads (at least 1; more than 1 may not be reproducible) */
    public XgboostRegression threads(int v) {
        return with("threads", Integer.toString(v));
    }

    /** @return a copy with this seed */
    public XgboostRegression seed(long s) {
        return new XgboostRegression(c, s);
    }

    /**
     * Rebuilds a trainer from a recorded configuration; parameters not given keep their defaults.
     *
     * @throws IllegalArgumentException naming an unknown or invalid parameter
     */
    public static XgboostRegression fromParameters(Map<String, String> parameters, long seed) {
        return new XgboostRegression(XgbConfig.DEFAULTS.withAll(NAME, parameters), seed);
    }

    private XgboostRegression with(String key, String value) {
        return new XgboostRegression(c.with(NAME, key, value), seed);
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
    org.tribuo.Trainer<Regressor> tribuoTrainer() {
        return new XGBoostRegressionTrainer(XGBoostRegressionTrainer.RegressionType.LINEAR, c.trees(), c.eta(), c.gamma(),
                c.maxDepth(), c.minChildWeight(), c.subsample(), c.featureSubsample(), c.lambda(), c.alpha(), c.threads(),
                true, seed);
    }
}
