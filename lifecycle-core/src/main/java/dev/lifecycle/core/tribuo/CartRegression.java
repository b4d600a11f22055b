package dev.lifecycle.core.tribuo;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apiguardian.api.API;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.rtree.CARTRegressionTrainer;
import org.tribuo.regression.rtree.impurity.MeanSquaredError;

/**
 * A CART regression tree (Tribuo), split by mean squared error. Immutable; each setter returns a
 * changed copy and checks its argument.
 */
@API(status = API.Status.MAINTAINED, since = "0.1.0")
public final class CartRegression extends TribuoRegressionTrainer {
    private static final String NAME = "cart-regression";
    private final int maxDepth;
    private final float minChildWeight;
    private final long seed;

    private CartRegression(int maxDepth, float minChildWeight, long seed) {
        this.maxDepth = maxDepth;
        this.minChildWeight = minChildWeight;
        this.seed = seed;
    }

    /** @return depth at most 10, minimum child weight 5, seed 1 */
    public static CartRegression defaults() {
        return new CartRegression(10, 5f, 1L);
    }

    /** @return a copy with this maximum depth (1 to 64) */
    public CartRegression maxDepth(int depth) {
        return new CartRegression(Params.depth(depth), minChildWeight, seed);
    }

    /** @return a copy with this minimum total example weight in a leaf (positive) */
    public CartRegression minChildWeight(float weight) {
        return new CartRegression(maxDepth, (float) Params.positive("minChildWeight", weight), seed);
    }

    /** @return a copy with this seed */
    public CartRegression seed(long s) {
        return new CartRegression(maxDepth, minChildWeight, s);
    }

    /**
     * Rebuilds a trainer from a recorded configuration; parameters not given keep their defaults.
     *
     * @throws IllegalArgumentException naming an unknown or invalid parameter
     */
    public static CartRegression fromParameters(Map<String, String> parameters, long seed) {
        CartRegression t = defaults().seed(seed);
        for (Map.Entry<String, String> e : Params.orEmpty(parameters).entrySet()) {
            String k = e.getKey();
            t = switch (k) {
                case "maxDepth" -> t.maxDepth(Params.asInt(NAME, k, e.getValue()));
                case "minChildWeight" -> t.minChildWeight((float) Params.asDouble(NAME, k, e.getValue()));
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
        p.put("maxDepth", Integer.toString(maxDepth));
        p.put("minChildWeight", Float.toString(minChildWeight));
        return p;
    }

    @Override
    public long seed() {
        return seed;
    }

    @Override
    org.tribuo.Trainer<Regressor> tribuoTrainer() {
        return new CARTRegressionTrainer(maxDepth, minChildWeight, 0.0f, 1.0f, false, new MeanSquaredError(), seed);
    }
}
