package dev.lifecycle.core.tribuo;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apiguardian.api.API;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.sgd.linear.LinearSGDTrainer;
import org.tribuo.regression.sgd.objectives.SquaredLoss;

/**
 * Linear regression with squared loss, trained by Tribuo's linear SGD with AdaGrad. Immutable; each
 * setter returns a changed copy and checks its argument.
 */
@API(status = API.Status.MAINTAINED, since = "0.1.0")
public final class LinearRegression extends TribuoRegressionTrainer {
    private static final String NAME = "linear-regression";
    private final int epochs;
    private final double learningRate;
    private final int minibatch;
    private final long seed;
    private final boolean standardize;

    private LinearRegression(int epochs, double learningRate, int minibatch, long seed) {
        this(epochs, learningRate, minibatch, seed, true);
    }

    private LinearRegression(int epochs, double learningRate, int minibatch, long seed, boolean standardize) {
        this.standardize = standardize;
        this.epochs = epochs;
        this.learningRate = learningRate;
        this.minibatch = minibatch;
        this.seed = seed;
    }

    /** @return 5 epochs, learning rate 0.1, minibatch 1, seed 1 */
    public static LinearRegression defaults() {
        return new LinearRegression(5, 0.1, 1, 1L);
    }

    /** @return a copy with this many passes over the data (at least 1) */
    public LinearRegression epochs(int n) {
        return new LinearRegression(Params.positive("epochs", n), learningRate, minibatch, seed, standardize);
    }

    /** @return a copy with this AdaGrad learning rate (positive) */
    public LinearRegression learningRate(double rate) {
        return new LinearRegression(epochs, Params.positive("learningRate", rate), minibatch, seed, standardize);
    }

    /** @return a copy with this minibatch size (at least 1) */
    public LinearRegression minibatch(int size) {
        return new LinearRegression(epochs, learningRate, Params.positive("minibatch", size), seed, standardize);
    }

    /**
     * @return a copy that standardises numeric features (mean 0, variance 1, statistics from the
     *     training data, stored inside the model) when {@code on}; the default is on
     */
    public LinearRegression standardize(boolean on) {
        return new LinearRegression(epochs, learningRate, minibatch, seed, on);
    }

    /** @return a copy with this seed */
    public LinearRegression seed(long s) {
        return new LinearRegression(epochs, learningRate, minibatch, s, standardize);
    }

    /**
     * Rebuilds a trainer from a recorded configuration; parameters not given keep their defaults.
     *
     * @throws IllegalArgumentException naming an unknown or invalid parameter
     */
    public static LinearRegression fromParameters(Map<String, String> parameters, long seed) {
        LinearRegression t = defaults().seed(seed);
        for (Map.Entry<String, String> e : Params.orEmpty(parameters).entrySet()) {
            String k = e.getKey();
            t = switch (k) {
                case "epochs" -> t.epochs(Params.asInt(NAME, k, e.getValue()));
                case "learningRate" -> t.learningRate(Params.asDouble(NAME, k, e.getValue()));
                case "minibatch" -> t.minibatch(Params.asInt(NAME, k, e.getValue()));
                case "standardize" -> t.standardize(Params.asBoolean("linear-regression", e.getKey(), e.getValue()));
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
        p.put("epochs", Integer.toString(epochs));
        p.put("learningRate", Double.toString(learningRate));
        p.put("minibatch", Integer.toString(minibatch));
        p.put("standardize", Boolean.toString(standardize));
        return p;
    }

    @Override
    boolean standardize() {
        return standardize;
    }

    @Override
    public long seed() {
        return seed;
    }

    @Override
    org.tribuo.Trainer<Regressor> tribuoTrainer() {
        return new LinearSGDTrainer(new SquaredLoss(), new AdaGrad(learningRate, 1e-6), epochs, Integer.MAX_VALUE,
                minibatch, seed);
    }
}
