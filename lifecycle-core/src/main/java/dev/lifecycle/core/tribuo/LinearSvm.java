package dev.lifecycle.core.tribuo;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apiguardian.api.API;
import org.tribuo.classification.Label;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.Hinge;
import org.tribuo.math.optimisers.AdaGrad;

/**
 * A linear support vector machine: Tribuo's linear SGD with the hinge loss and AdaGrad. Its scores
 * are margins, not probabilities. Immutable; each setter returns a changed copy and checks its argument.
 */
@API(status = API.Status.MAINTAINED, since = "0.1.0")
public final class LinearSvm extends TribuoTrainer {
    private static final String NAME = "linear-svm";
    private final int epochs;
    private final double learningRate;
    private final int minibatch;
    private final double margin;
    private final long seed;
    private final boolean standardize;

    private LinearSvm(int epochs, double learningRate, int minibatch, double margin, long seed) {
        this(epochs, learningRate, minibatch, margin, seed, true);
    }

    private LinearSvm(int epochs, double learningRate, int minibatch, double margin, long seed, boolean standardize) {
        this.standardize = standardize;
        this.epochs = epochs;
        this.learningRate = learningRate;
        this.minibatch = minibatch;
        this.margin = margin;
        this.seed = seed;
    }

    /** @return 5 epochs, learning rate 1.0, minibatch 1, margin 1.0, seed 1 */
    public static LinearSvm defaults() {
        return new LinearSvm(5, 1.0, 1, 1.0, 1L);
    }

    /** @return a copy with this many passes over the data (at least 1) */
    public LinearSvm epochs(int n) {
        return new LinearSvm(Params.positive("epochs", n), learningRate, minibatch, margin, seed, standardize);
    }

    /** @return a copy with this AdaGrad learning rate (positive) */
    public LinearSvm learningRate(double rate) {
        return new LinearSvm(epochs, Params.positive("learningRate", rate), minibatch, margin, seed, standardize);
    }

    /** @return a copy with this minibatch size (at least 1) */
    public LinearSvm minibatch(int size) {
        return new LinearSvm(epochs, learningRate, Params.positive("minibatch", size), margin, seed, standardize);
    }

    /** @return a copy with this hinge margin (positive) */
    public LinearSvm margin(double m) {
        return new LinearSvm(epochs, learningRate, minibatch, Params.positive("margin", m), seed, standardize);
    }

    /**
     * @return a copy that standardises numeric features (mean 0, variance 1, statistics from the
     *     training data, stored inside the model) when {@code on}; the default is on
     */
    public LinearSvm standardize(boolean on) {
        return new LinearSvm(epochs, learningRate, minibatch, margin, seed, on);
    }

    /** @return a copy with this seed */
    public LinearSvm seed(long s) {
        return new LinearSvm(epochs, learningRate, minibatch, margin, s, standardize);
    }

    /**
     * Rebuilds a trainer from a recorded configuration; parameters not given keep their defaults.
     *
     * @throws IllegalArgumentException naming an unknown or invalid parameter
     */
    public static LinearSvm fromParameters(Map<String, String> parameters, long seed) {
        LinearSvm t = defaults().seed(seed);
        for (Map.Entry<String, String> e : Params.orEmpty(parameters).entrySet()) {
            String k = e.getKey();
            t = switch (k) {
                case "epochs" -> t.epochs(Params.asInt(NAME, k, e.getValue()));
                case "learningRate" -> t.learningRate(Params.asDouble(NAME, k, e.getValue()));
                case "minibatch" -> t.minibatch(Params.asInt(NAME, k, e.getValue()));
                case "margin" -> t.margin(Params.asDouble(NAME, k, e.getValue()));
                case "standardize" -> t.standardize(Params.asBoolean("linear-svm", e.getKey(), e.getValue()));
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
        p.put("margin", Double.toString(margin));
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
        return new LinearSGDTrainer(new Hinge(margin), new AdaGrad(learningRate, 1e-6), epochs, Integer.MAX_VALUE,
                minibatch, seed);
    }
}
