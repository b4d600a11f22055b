package dev.lifecycle.core.tribuo;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apiguardian.api.API;
import org.tribuo.classification.Label;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.math.optimisers.AdaGrad;

/**
 * Multinomial logistic regression trained by Tribuo's linear SGD with AdaGrad. Immutable; each
 * setter returns a changed copy and checks its argument.
 */
@API(status = API.Status.MAINTAINED, since = "0.1.0")
public final class LogisticRegression extends TribuoTrainer {
    private final int epochs;
    private final double learningRate;
    private final int minibatch;
    private final long seed;
    private final boolean standardize;

    private LogisticRegression(int epochs, double learningRate, int minibatch, long seed) {
        this(epochs, learningRate, minibatch, seed, true);
    }

    private LogisticRegression(int epochs, double learningRate, int minibatch, long seed, boolean standardize) {
        this.standardize = standardize;
        this.epochs = epochs;
        this.learningRate = learningRate;
        this.minibatch = minibatch;
        this.seed = seed;
    }

    /** @return 5 epochs, learning rate 1.0, minibatch 1, seed 1 */
    public static LogisticRegression defaults() {
        return new LogisticRegression(5, 1.0, 1, 1L);
    }

    /** @return a copy with this many passes over the data (at least 1) */
    public LogisticRegression epochs(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("epochs must be at least 1, got " + n);
        }
        return new LogisticRegression(n, learningRate, minibatch, seed, standardize);
    }

    /** @return a copy with this AdaGrad learning rate (positive) */
    public LogisticRegression learningRate(double rate) {
        if (!(rate > 0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException("learningRate must be a positive number, got " + rate);
        }
        return new LogisticRegression(epochs, rate, minibatch, seed, standardize);
    }

    /** @return a copy with this minibatch size (at least 1) */
    public LogisticRegression minibatch(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("minibatch must be at least 1, got " + size);
        }
        return new LogisticRegression(epochs, learningRate, size, seed, standardize);
    }

    /**
     * @return a copy that standardises numeric features (mean 0, variance 1, statistics from the
     *     training data, stored inside the model) when {@code on}; the default is on
     */
    public LogisticRegression standardize(boolean on) {
        return new LogisticRegression(epochs, learningRate, minibatch, seed, on);
    }

    /** @return a copy with this seed */
    public LogisticRegression seed(long s) {
        return new LogisticRegression(epochs, learningRate, minibatch, s, standardize);
    }

    /**
     * Rebuilds a trainer from a recorded configuration; parameters not given keep their defaults.
     *
     * @throws IllegalArgumentException naming an unknown or invalid parameter
     */
    public static LogisticRegression fromParameters(Map<String, String> parameters, long seed) {
        LogisticRegression t = defaults().seed(seed);
        for (Map.Entry<String, String> e : Params.orEmpty(parameters).entrySet()) {
            String n = "logistic-regression";
            t = switch (e.getKey()) {
                case "epochs" -> t.epochs(Params.asInt(n, e.getKey(), e.getValue()));
                case "learningRate" -> t.learningRate(Params.asDouble(n, e.getKey(), e.getValue()));
                case "minibatch" -> t.minibatch(Params.asInt(n, e.getKey(), e.getValue()));
                case "standardize" -> t.standardize(Params.asBoolean("logistic-regression", e.getKey(), e.getValue()));
                default -> throw Params.unknown(n, e.getKey(), t.parameters().keySet());
            };
        }
        return t;
    }

    @Override
    public String name() {
        return "logistic-regression";
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
    org.tribuo.Trainer<Label> tribuoTrainer() {
        return new LinearSGDTrainer(new LogMulticlass(), new AdaGrad(learningRate, 1e-6), epochs, Integer.MAX_VALUE,
                minibatch, seed);
    }
}
