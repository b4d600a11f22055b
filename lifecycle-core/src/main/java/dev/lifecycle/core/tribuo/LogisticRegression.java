package dev.lifecycle.core.tribuo;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.tribuo.classification.Label;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.transform.TransformTrainer;
import org.tribuo.transform.Transformation;
import org.tribuo.transform.TransformationMap;
import org.tribuo.transform.transformations.MeanStdDevTransformation;

/**
 * Multinomial logistic regression trained by Tribuo's linear SGD with AdaGrad. Immutable; each
 * setter returns a changed copy and checks its argument.
 */
public final class LogisticRegression extends TribuoTrainer {
    private final int epochs;
    private final double learningRate;
    private final int minibatch;
    private final long seed;
    private final boolean standardize;

    private LogisticRegression(int epochs, double learningRate, int minibatch, long seed, boolean standardize) {
        this.epochs = epochs;
        this.learningRate = learningRate;
        this.minibatch = minibatch;
        this.seed = seed;
        this.standardize = standardize;
    }

    /** @return 5 epochs, learning rate 1.0, minibatch 1, seed 1, numeric features standardized */
    public static LogisticRegression defaults() {
        return new LogisticRegression(5, 1.0, 1, 1L, true);
    }

    /**
     * @return a copy that does (the default) or does not rescale each numeric feature to mean 0 and
     *     standard deviation 1 (as measured on the training data) before the linear model sees it. Without
     *     it, features on large scales (counts, amounts) swamp SGD and the model learns little.
     */
    public LogisticRegression standardize(boolean on) {
        return new LogisticRegression(epochs, learningRate, minibatch, seed, on);
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

    /** @return a copy with this seed */
    public LogisticRegression seed(long s) {
        return new LogisticRegression(epochs, learningRate, minibatch, s, standardize);
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
    public long seed() {
        return seed;
    }

    @Override
    org.tribuo.Trainer<Label> tribuoTrainer() {
        return new LinearSGDTrainer(new LogMulticlass(), new AdaGrad(learningRate, 1e-6), epochs, Integer.MAX_VALUE,
                minibatch, seed);
    }

    @Override
    org.tribuo.Trainer<Label> tribuoTrainer(Set<String> varyingNumeric) {
        if (!standardize || varyingNumeric.isEmpty()) {
            return tribuoTrainer();
        }
        // constant features are left alone: their standard deviation is 0
        Map<String, List<Transformation>> perFeature = new TreeMap<>();
        for (String f : varyingNumeric) {
            perFeature.put(f, List.of(new MeanStdDevTransformation()));
        }
        return new TransformTrainer<>(tribuoTrainer(), new TransformationMap(List.of(), perFeature));
    }
}
