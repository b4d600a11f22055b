package dev.lifecycle.samples;

import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.model.Model;
import dev.lifecycle.api.model.Trainer;
import dev.lifecycle.core.Lifecycle;
import dev.lifecycle.core.data.Csv;
import dev.lifecycle.core.data.RowSource;
import dev.lifecycle.core.model.Trainers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Measures a general alternative to promoting one challenger at a time, on the same ELEC2 protocol as
 * {@link ElectricityLoop} (rows 5,001-45,312 predicted in order, each label fed back
 * {@code -Delec.delay} rows later, default 48, the six raw inputs): a pool of models retrained every
 * {@code -Dens.every} labels (default 240) on several windows of the latest labelled rows
 * ({@code -Dens.windows}, default 250,500,1000,2000,4000), voting with weight
 * {@code (accuracy - 0.5)^power} ({@code -Dens.power}, default 2), where accuracy is each member's
 * own over its last {@code -Dens.ring} labelled predictions (default 480, shrunk towards the pool's
 * mean for new members); at most {@code -Dens.members} members (default 16), the least accurate
 * leaving first. Nothing in it is specific to ELEC2.
 *
 * <p>Measured (logistic regression members): 0.7870 with labels 48 rows late (the single retrained
 * model of the loop: 0.7786), 0.7934 with {@code -Delec.delay=1}; CART members (depth 8): 0.7750.
 *
 * <p>Usage: {@code samples/run ElectricityEnsemble ../shared/data/electricity.csv}
 */
public final class ElectricityEnsemble {
    private static final int START = 5000;
    /** Held so that its level is not lost when the logger would otherwise be collected. */
    private static final Logger TRIBUO = Logger.getLogger("org.tribuo");

    private ElectricityEnsemble() {
    }

    /** One pool member: a model and its record of recent correct answers. */
    private static final class Member {
        final Model model;
        final boolean[] ring;
        int size;
        int correct;
        int next;

        Member(Model model, int ringSize) {
            this.model = model;
            this.ring = new boolean[ringSize];
        }

        void record(boolean ok) {
            if (size == ring.length) {
                correct -= ring[next] ? 1 : 0;
            } else {
                size++;
            }
            ring[next] = ok;
            correct += ok ? 1 : 0;
            next = (next + 1) % ring.length;
        }

        double accuracy(double prior, double priorWeight) {
            return (correct + priorWeight * prior) / (size + priorWeight);
        }
    }

    /** Prints the pool's prequential accuracy. */
    public static void main(String[] args) throws IOException {
        TRIBUO.setLevel(Level.WARNING);
        List<String> positional;
        try {
            positional = SampleArgs.positional("ElectricityEnsemble", "samples/run ElectricityEnsemble"
                    + " [electricity.csv] [-Dens.NAME=VALUE...]", args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Path csv = Path.of(positional.isEmpty() ? "../shared/data/electricity.csv" : positional.get(0));
        int delay = Integer.getInteger("elec.delay", 48);
        int every = Integer.getInteger("ens.every", 240);
        int[] windows = Arrays.stream(System.getProperty("ens.windows", "250,500,1000,2000,4000").split(","))
                .mapToInt(s -> Integer.parseInt(s.trim())).toArray();
        int maxMembers = Integer.getInteger("ens.members", 16);
        int ringSize = Integer.getInteger("ens.ring", 480);
        double power = Double.parseDouble(System.getProperty("ens.power", "2"));
        Trainer trainer = "cart".equals(System.getProperty("ens.trainer"))
                ? Trainers.cart().maxDepth(8).seed(7) : Trainers.logisticRegression().seed(7);

        List<String> lines = Files.readAllLines(csv);
        String[] header = lines.get(0).split(",");
        int n = lines.size() - 1;
        Row[] rows = new Row[n];
        String[] labels = new String[n];
        for (int i = 0; i < n; i++) {
            String[] f = lines.get(i + 1).split(",");
            Object[] kv = new Object[2 * (header.length - 1)];
            for (int j = 0; j < header.length - 1; j++) {
                kv[2 * j] = header[j].trim();
                kv[2 * j + 1] = Double.parseDouble(f[j]);
            }
            rows[i] = Row.of(kv);
            labels[i] = f[header.length - 1].trim();
        }
        long t0 = System.nanoTime();
        try (Lifecycle lc = Lifecycle.inMemory()) {
            List<Member> pool = new ArrayList<>();
            pool.add(new Member(train(lc, trainer, rows, labels, 0, START), ringSize));
            String[][] votes = new String[n][];
            List<List<Member>> voters = new ArrayList<>(java.util.Collections.nCopies(n, null));
            int ok = 0;
            int sinceRetrain = 0;
            for (int i = START; i < n; i++) {
                int j = i - delay;
                if (j >= START) {
                    List<Member> who = voters.get(j);
                    for (int q = 0; q < who.size(); q++) {
                        who.get(q).record(votes[j][q].equals(labels[j]));
                    }
                    votes[j] = null;
                    voters.set(j, null);
                    if (++sinceRetrain >= every) {
                        sinceRetrain = 0;
                        for (int w : windows) {
                            pool.add(new Member(train(lc, trainer, rows, labels, Math.max(0, j + 1 - w), j + 1),
                                    ringSize));
                        }
                        evict(pool, maxMembers, Math.min(ringSize, every));
                    }
                }
                double prior = 0;
                int rated = 0;
                for (Member m : pool) {
                    if (m.size > 0) {
                        prior += m.accuracy(0, 0);
                        rated++;
                    }
                }
                prior = rated == 0 ? 0.75 : prior / rated;
                Map<String, Double> tally = new HashMap<>();
                votes[i] = new String[pool.size()];
                voters.set(i, new ArrayList<>(pool));
                for (int q = 0; q < pool.size(); q++) {
                    Member m = pool.get(q);
                    String label = m.model.predict(rows[i]).label();
                    votes[i][q] = label;
                    tally.merge(label, Math.pow(Math.max(1e-6, m.accuracy(prior, 20) - 0.5), power), Double::sum);
                }
                String predicted = tally.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
                ok += predicted.equals(labels[i]) ? 1 : 0;
            }
            System.out.printf(Locale.ROOT, "POLICY window-ensemble accuracy=%.4f members<=%d windows=%s every=%d"
                    + " delay=%d (%.0f s)%n", (double) ok / (n - START), maxMembers, Arrays.toString(windows), every,
                    delay, (System.nanoTime() - t0) / 1e9);
        }
    }

    /** Drops the least accurate members with a full record (else the oldest) until the pool fits. */
    private static void evict(List<Member> pool, int max, int minRecord) {
        while (pool.size() > max) {
            Member worst = null;
            double worstAccuracy = 2;
            for (Member m : pool) {
                if (m.size >= minRecord && m.accuracy(0, 0) < worstAccuracy) {
                    worstAccuracy = m.accuracy(0, 0);
                    worst = m;
                }
            }
            pool.remove(worst != null ? worst : pool.get(0));
        }
    }

    private static Model train(Lifecycle lc, Trainer trainer, Row[] rows, String[] labels, int from, int to) {
        List<Row> window = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            window.add(rows[i].with("class", labels[i]));
        }
        DatasetVersion data = lc.datasets().importFrom("elec2-window", RowSource.of("rows " + (from + 1) + "-" + to,
                window.get(0).names(), window), Csv.forTarget("class"));
        return trainer.train(data);
    }
}
