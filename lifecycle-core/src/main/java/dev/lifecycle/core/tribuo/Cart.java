package dev.lifecycle.core.tribuo;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apiguardian.api.API;
import org.tribuo.classification.Label;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.classification.dtree.impurity.GiniIndex;

/**
 * A CART classification tree (Tribuo). Its scores are leaf class frequencies, not calibrated
 * probabilities. Immutable; each setter returns a changed copy and checks its argument.
 */
@API(status = API.Status.MAINTAINED, since = "0.1.0")
public final class Cart extends TribuoTrainer {
    private final int maxDepth;
    private final float minChildWeight;
    private final long seed;

    private Cart(int maxDepth, float minChildWeight, long seed) {
        this.maxDepth = maxDepth;
        this.minChildWeight = minChildWeight;
        this.seed = seed;
    }

    /** @return depth at most 10, minimum child weight 5, seed 1 */
    public static Cart defaults() {
        return new Cart(10, 5f, 1L);
    }

    /** @return a copy with this maximum depth (1 to 64) */
    public Cart maxDepth(int depth) {
        if (depth < 1 || depth > 64) {
            throw new IllegalArgumentException("maxDepth must be between 1 and 64, got " + depth);
        }
        return new Cart(depth, minChildWeight, seed);
    }

    /** @return a copy with this minimum total example weight in a leaf (positive) */
    public Cart minChildWeight(float weight) {
        if (!(weight > 0)) {
            throw new IllegalArgumentException("minChildWeight must be positive, got " + weight);
        }
        return new Cart(maxDepth, weight, seed);
    }

    /** @return a copy with this seed */
    public Cart seed(long s) {
        return new Cart(maxDepth, minChildWeight, s);
    }

    /**
     * Rebuilds a trainer from a recorded configuration; parameters not given keep their defaults.
     *
     * @throws IllegalArgumentException naming an unknown or invalid parameter
     */
    public static Cart fromParameters(Map<String, String> parameters, long seed) {
        Cart t = defaults().seed(seed);
        for (Map.Entry<String, String> e : Params.orEmpty(parameters).entrySet()) {
            t = switch (e.getKey()) {
                case "maxDepth" -> t.maxDepth(Params.asInt("cart", e.getKey(), e.getValue()));
                case "minChildWeight" -> t.minChildWeight((float) Params.asDouble("cart", e.getKey(), e.getValue()));
                default -> throw Params.unknown("cart", e.getKey(), t.parameters().keySet());
            };
        }
        return t;
    }

    @Override
    public String name() {
        return "cart";
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
    org.tribuo.Trainer<Label> tribuoTrainer() {
        return new CARTClassificationTrainer(maxDepth, minChildWeight, 0.0f, 1.0f, false, new GiniIndex(), seed);
    }
}
