package dev.lifecycle.samples;

import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.model.Model;
import dev.lifecycle.core.Lifecycle;
import dev.lifecycle.core.data.Csv;
import dev.lifecycle.core.data.RowSource;
import dev.lifecycle.core.data.SeaStream;
import dev.lifecycle.core.model.AdaptiveEnsemble;
import dev.lifecycle.core.model.EnsembleModel;
import dev.lifecycle.core.model.Reweighting;
import dev.lifecycle.core.model.Trainers;
import dev.lifecycle.core.model.WindowEnsemble;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Measures {@link Reweighting} settings on seeded synthetic drifting streams, so that a setting is not chosen on
 * ELEC2 alone: the SEA concepts stream (abrupt changes, {@link SeaStream}) and a rotating hyperplane (gradual
 * drift). The loop's schedule is replayed without its gate: the {@link ElectricityLoop} sample's
 * {@link WindowEnsemble} (logistic regression and CART depth 8, windows 250-4,000, 2 generations, 500 validation
 * rows) is trained on the first {@code -Dsyn.train} rows (default 2,000), then retrained every 240 labels on the
 * latest 5,000 labelled rows; every setting serves the same stored ensembles through its own
 * {@link AdaptiveEnsemble} ({@link AdaptiveEnsemble#admit} on each retrain, as the loop's promotion does), and
 * the labels arrive {@code -Dsyn.delay} rows late (default 48). Prints the prequential accuracy of each setting
 * over {@code -Dsyn.rows} rows (default 20,000) after the first training: {@code SETTING <stream> <setting>
 * accuracy=...}.
 *
 * <p>Measured (seed 11, 20,000 rows; SEA: concepts 8, 9, 7, 9.5 twice, 4,000 rows each, 10% noise; hyperplane:
 * 10 inputs, weights moving 0.001 a row, 5% noise), accuracy at delay 48 / delay 1:
 * <table>
 *   <caption>Reweighting settings on synthetic streams</caption>
 *   <tr><th>setting</th><th>SEA</th><th>hyperplane</th></tr>
 *   <tr><td>stored weights</td><td>0.8607 / 0.8615</td><td>0.9111 / 0.9119</td></tr>
 *   <tr><td>defaults (half-life 100)</td><td>0.8611 / 0.8620</td><td>0.9112 / 0.9119</td></tr>
 *   <tr><td>half-life 25</td><td>0.8612 / 0.8619</td><td>0.9109 / 0.9123</td></tr>
 *   <tr><td>half-life 400</td><td>0.8610 / 0.8619</td><td>0.9111 / 0.9120</td></tr>
 *   <tr><td>half-life 100, choosing among 25/100/400</td><td>0.8613 / 0.8621</td><td>0.9110 / 0.9119</td></tr>
 *   <tr><td>half-life 100, 20 retained</td><td>0.8634 / 0.8640</td><td>0.9094 / 0.9102</td></tr>
 *   <tr><td>choosing among 25/100/400, 20 retained</td><td>0.8627 / 0.8635</td><td>0.9084 / 0.9097</td></tr>
 * </table>
 * Choosing the half-life costs nothing measurable here (both streams change slowly next to 100 labels);
 * keeping members of replaced ensembles helps on SEA, whose concepts recur, and costs on the hyperplane,
 * whose concept never comes back.
 *
 * <p>Usage: {@code samples/run SyntheticReweighting [sea|hyperplane] [-Dsyn.delay=1 ...]}
 */
public final class SyntheticReweighting {
    private static final Logger TRIBUO = Logger.getLogger("org.tribuo");
    private static final int EVERY = 240;
    private static final int HISTORY = 5000;

    private SyntheticReweighting() {
    }

    /** The settings compared, by name. */
    static Map<String, Reweighting> settings() {
        Map<String, Reweighting> s = new LinkedHashMap<>();
        Reweighting d = Reweighting.defaults();
        s.put("defaults(hl100)", d);
        s.put("hl25", d.withHalfLife(25));
        s.put("hl400", d.withHalfLife(400));
        s.put("hl100+choose25,400", d.withOtherHalfLives(25, 400));
        s.put("hl100+retained20", d.withRetained(20));
        s.put("hl100+choose25,400+retained20", d.withOtherHalfLives(25, 400).withRetained(20));
        return s;
    }

    /** Runs the settings on one stream and prints one line each. */
    public static void main(String[] args) {
        TRIBUO.setLevel(Level.WARNING);
        List<String> positional = SampleArgs.positional("SyntheticReweighting",
                "samples/run SyntheticReweighting [sea|hyperplane] [-Dsyn.delay=48 -Dsyn.rows=20000]", args);
        String name = positional.isEmpty() ? "sea" : positional.get(0);
        int delay = Integer.getInteger("syn.delay", 48);
        int train = Integer.getInteger("syn.train", 2000);
        int n = train + Integer.getInteger("syn.rows", 20_000);
        long seed = Long.getLong("syn.seed", 11);
        List<Row> stream = switch (name) {
            case "sea" -> new SeaStream(seed, 4000, 0.10, 8, 9, 7, 9.5, 8, 9, 7, 9.5).next(n);
            case "hyperplane" -> hyperplane(seed, n, 10, 0.001, 0.05);
            default -> throw new IllegalArgumentException("stream is sea or hyperplane, got " + name);
        };
        List<String> columns = stream.get(0).names();
        String target = columns.get(columns.size() - 1);
        long t0 = System.nanoTime();
        WindowEnsemble trainer = WindowEnsemble.of(Trainers.logisticRegression().seed(7),
                Trainers.cart().maxDepth(8).seed(7));
        try (Lifecycle lc = Lifecycle.inMemory()) {
            EnsembleModel first = (EnsembleModel) trainer.train(window(lc, stream, columns, target, 0, train));
            Map<String, Reweighting> settings = settings();
            List<String> names = new ArrayList<>(settings.keySet());
            AdaptiveEnsemble[] live = new AdaptiveEnsemble[names.size()];
            for (int k = 0; k < live.length; k++) {
                live[k] = AdaptiveEnsemble.of(first, settings.get(names.get(k)));
            }
            Model stored = first;
            int[] ok = new int[live.length + 1];
            int labelled = 0;
            for (int i = train; i < n; i++) {
                int j = i - delay;
                if (j >= train) {
                    Row x = stream.get(j).without(target);
                    String truth = (String) stream.get(j).get(target);
                    for (AdaptiveEnsemble a : live) {
                        a.observe(x, truth);
                    }
                    if (++labelled % EVERY == 0) {
                        EnsembleModel e = (EnsembleModel) trainer.train(window(lc, stream, columns, target,
                                Math.max(0, j + 1 - HISTORY), j + 1));
                        stored = e;
                        for (int k = 0; k < live.length; k++) {
                            live[k] = live[k].admit(e);
                        }
                    }
                }
                Row x = stream.get(i).without(target);
                String truth = (String) stream.get(i).get(target);
                ok[0] += stored.predict(x).label().equals(truth) ? 1 : 0;
                for (int k = 0; k < live.length; k++) {
                    ok[k + 1] += live[k].predict(x).label().equals(truth) ? 1 : 0;
                }
            }
            double m = n - train;
            System.out.printf(Locale.ROOT, "SETTING %s delay=%d stored-weights accuracy=%.4f%n", name, delay, ok[0] / m);
            for (int k = 0; k < live.length; k++) {
                System.out.printf(Locale.ROOT, "SETTING %s delay=%d %s accuracy=%.4f%s%n", name, delay, names.get(k),
                        ok[k + 1] / m, settings.get(names.get(k)).otherHalfLives().isEmpty() ? ""
                                : " (serving half-life at the end " + live[k].servingHalfLife() + ")");
            }
            System.out.printf(Locale.ROOT, "%s: %d rows, %.0f s%n", name, n - train, (System.nanoTime() - t0) / 1e9);
        }
    }

    /**
     * A rotating hyperplane (Hulten et al. 2001): {@code d} inputs uniform on [0, 1]; the label is 1 when
     * {@code sum w_i x_i >= sum w_i / 2}; every weight moves by {@code change} per row in its own direction,
     * which reverses with probability 0.1 every 1,000 rows; {@code noise} of the labels flipped.
     */
    static List<Row> hyperplane(long seed, int n, int d, double change, double noise) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] w = new double[d];
        double[] dir = new double[d];
        for (int i = 0; i < d; i++) {
            w[i] = r.nextDouble();
            dir[i] = r.nextBoolean() ? 1 : -1;
        }
        List<Row> out = new ArrayList<>(n);
        for (int t = 0; t < n; t++) {
            Row.Builder b = Row.builder(d + 1);
            double s = 0;
            double half = 0;
            for (int i = 0; i < d; i++) {
                double x = r.nextDouble();
                b.set("x" + i, x);
                s += w[i] * x;
                half += w[i] / 2;
            }
            boolean positive = s >= half;
            if (r.nextDouble() < noise) {
                positive = !positive;
            }
            out.add(b.set("label", positive ? "1" : "0").build());
            for (int i = 0; i < d; i++) {
                w[i] += dir[i] * change;
                if (t % 1000 == 999 && r.nextDouble() < 0.1) {
                    dir[i] = -dir[i];
                }
            }
        }
        return out;
    }

    private static DatasetVersion window(Lifecycle lc, List<Row> stream, List<String> columns, String target,
            int from, int to) {
        return lc.datasets().importFrom("synthetic", RowSource.of("rows " + (from + 1) + "-" + to, columns,
                stream.subList(from, to)), Csv.forTarget(target));
    }
}
