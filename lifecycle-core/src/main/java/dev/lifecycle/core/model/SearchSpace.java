package dev.lifecycle.core.model;

import dev.lifecycle.api.model.Trainer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import org.apiguardian.api.API;

/**
 * The configurations a search tries: a base trainer and, per hyperparameter, the values to try.
 * A grid tries every combination; a random search draws {@code trials} distinct ones (discrete
 * choices uniformly, ranges uniformly or log-uniformly) from a seeded generator. Immutable.
 *
 * <pre>{@code
 * SearchSpace.grid(Trainers.logisticRegression().seed(7))
 *     .vary("learningRate", 0.05, 0.2, 1.0).vary("epochs", 2, 4);          // 6 configurations
 * SearchSpace.random(Trainers.xgboost(), 20, 42).logUniform("eta", 0.01, 0.5).vary("maxDepth", 3, 6, 9);
 * }</pre>
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public final class SearchSpace {
    private final Trainer base;
    private final Map<String, List<String>> choices;
    private final Map<String, double[]> ranges;
    private final int trials;
    private final long seed;

    private SearchSpace(Trainer base, Map<String, List<String>> choices, Map<String, double[]> ranges, int trials,
            long seed) {
        this.base = base;
        this.choices = choices;
        this.ranges = ranges;
        this.trials = trials;
        this.seed = seed;
    }

    /** @return a grid over the base trainer (so far one configuration: the base itself) */
    public static SearchSpace grid(Trainer base) {
        return new SearchSpace(Objects.requireNonNull(base, "base"), Map.of(), Map.of(), 0, 0);
    }

    /**
     * @param trials how many distinct configurations to draw (at least 1)
     * @param seed seeds the draws
     * @return a random search over the base trainer
     */
    public static SearchSpace random(Trainer base, int trials, long seed) {
        if (trials < 1) {
            throw new IllegalArgumentException("A random search needs at least 1 trial, got " + trials);
        }
        return new SearchSpace(Objects.requireNonNull(base, "base"), Map.of(), Map.of(), trials, seed);
    }

    /** @return this space with the given values to try for one hyperparameter */
    public SearchSpace vary(String parameter, Object... values) {
        checkParameter(parameter);
        if (values.length == 0) {
            throw new IllegalArgumentException("vary(\"" + parameter + "\") needs at least one value");
        }
        List<String> v = new ArrayList<>();
        for (Object o : values) {
            v.add(String.valueOf(Objects.requireNonNull(o, "value")));
        }
        Map<String, List<String>> c = new LinkedHashMap<>(choices);
        c.put(parameter, List.copyOf(v));
        return new SearchSpace(base, c, ranges, trials, seed);
    }

    /** @return this random space drawing a hyperparameter uniformly from {@code [low, high]} */
    public SearchSpace uniform(String parameter, double low, double high) {
        return range(parameter, low, high, false);
    }

    /** @return this random space drawing a hyperparameter log-uniformly from {@code [low, high]} (both positive) */
    public SearchSpace logUniform(String parameter, double low, double high) {
        if (!(low > 0)) {
            throw new IllegalArgumentException("logUniform(\"" + parameter + "\") needs a positive low bound, got " + low);
        }
        return range(parameter, low, high, true);
    }

    private SearchSpace range(String parameter, double low, double high, boolean log) {
        checkParameter(parameter);
        if (trials == 0) {
            throw new IllegalStateException("Ranges need a random search: use SearchSpace.random(base, trials, seed),"
                    + " or vary(\"" + parameter + "\", values...) for a grid");
        }
        if (!(low < high) || Double.isInfinite(high)) {
            throw new IllegalArgumentException("Range of '" + parameter + "' needs low < high, got [" + low + ", " + high
                    + "]");
        }
        Map<String, double[]> r = new LinkedHashMap<>(ranges);
        r.put(parameter, new double[] {low, high, log ? 1 : 0});
        return new SearchSpace(base, choices, r, trials, seed);
    }

    private void checkParameter(String parameter) {
        if (!base.parameters().containsKey(parameter)) {
            throw new IllegalArgumentException("Trainer " + base.name() + " has no parameter '" + parameter
                    + "'; its parameters are " + base.parameters().keySet());
        }
        if (choices.containsKey(parameter) || ranges.containsKey(parameter)) {
            throw new IllegalArgumentException("Parameter '" + parameter + "' is already varied in this search space");
        }
    }

    /** @return the base trainer */
    public Trainer base() {
        return base;
    }

    /** @return whether configurations are drawn at random rather than enumerated */
    public boolean isRandom() {
        return trials > 0;
    }

    /** @return the full parameter maps (base parameters overridden) of every configuration to try, in order */
    public List<Map<String, String>> configurations() {
        List<Map<String, String>> out = new ArrayList<>();
        if (trials == 0) {
            out.add(new LinkedHashMap<>(base.parameters()));
            for (Map.Entry<String, List<String>> e : choices.entrySet()) {
                List<Map<String, String>> next = new ArrayList<>();
                for (Map<String, String> partial : out) {
                    for (String v : e.getValue()) {
                        Map<String, String> m = new LinkedHashMap<>(partial);
                        m.put(e.getKey(), v);
                        next.add(m);
                    }
                }
                out = next;
            }
            return out;
        }
        Random rnd = new Random(seed);
        LinkedHashSet<Map<String, String>> seen = new LinkedHashSet<>();
        int attempts = 0;
        while (seen.size() < trials && attempts++ < trials * 100) {
            Map<String, String> m = new LinkedHashMap<>(base.parameters());
            for (Map.Entry<String, List<String>> e : choices.entrySet()) {
                m.put(e.getKey(), e.getValue().get(rnd.nextInt(e.getValue().size())));
            }
            for (Map.Entry<String, double[]> e : ranges.entrySet()) {
                double[] r = e.getValue();
                double u = rnd.nextDouble();
                double v = r[2] == 1 ? Math.exp(Math.log(r[0]) + u * (Math.log(r[1]) - Math.log(r[0])))
                        : r[0] + u * (r[1] - r[0]);
                m.put(e.getKey(), integral(base.parameters().get(e.getKey()))
                        ? Long.toString(Math.round(v)) : String.format(Locale.ROOT, "%.6g", v));
            }
            seen.add(m);
        }
        return List.copyOf(seen);
    }

    private static boolean integral(String example) {
        return example != null && example.matches("-?\\d+");
    }
}
