package dev.lifecycle.samples;

import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.evaluation.DecisionRule;
import dev.lifecycle.api.model.ModelVersion;
import dev.lifecycle.api.model.Prediction;
import dev.lifecycle.api.model.Trainer;
import dev.lifecycle.core.Lifecycle;
import dev.lifecycle.core.data.Csv;
import dev.lifecycle.core.data.RowSource;
import dev.lifecycle.core.loop.Loop;
import dev.lifecycle.core.loop.LoopBuilder;
import dev.lifecycle.core.loop.LoopIteration;
import dev.lifecycle.core.loop.Trigger;
import dev.lifecycle.core.model.Reweighting;
import dev.lifecycle.core.model.Trainers;
import dev.lifecycle.core.model.WindowEnsemble;
import dev.lifecycle.core.monitoring.Monitor;
import dev.lifecycle.core.monitoring.MultivariateDrift;
import dev.lifecycle.core.monitoring.MultivariateDriftReport;
import dev.lifecycle.core.report.MonitoringReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Proof of the closed loop on real drifting data: ELEC2 (New South Wales electricity prices, 45,312
 * half-hours), read in time order, test-then-train. Each row is predicted, and its label is fed back
 * 48 rows (one day) later. Three policies run on the same stream and print
 * {@code POLICY <name> accuracy=<prequential accuracy over rows 5,001-45,312> retrains=<count>}:
 * <ul>
 *   <li>{@code static}: the model trained once on rows 1-5,000;</li>
 *   <li>{@code loop}: the Lifecycle {@link Loop} starting from that same model: drift, accuracy and
 *       every-240-labels triggers, challengers trained with the champion's recorded trainer on the labelled
 *       prediction log, judged against the champion by an exact McNemar test on the latest 240 held-out
 *       labelled rows (error rate 0.01) and, with {@code promoteUnlessWorse} (the default here, since the
 *       stream drifts faster than 240 rows can show a difference), refitted and promoted unless shown
 *       worse;</li>
 *   <li>{@code no-change}: the reference that predicts the newest label the stream has given, the one
 *       {@code delay} rows back (0.6576 at delay 48, 0.8548 at delay 1: with a day-old label, the
 *       previous row's label is not known yet).</li>
 * </ul>
 *
 * <p>Model and inputs. By default a {@link WindowEnsemble} (library trainer, nothing ELEC2-specific):
 * logistic regression and CART (depth 8) members, each trained on the latest 250, 500, 1,000, 2,000 and
 * 4,000 rows at the end of the data and 500 rows before it, voting with weight
 * {@code (accuracy on the latest 500 rows they did not train on - 0.5)^2}; stored, reloaded and served like
 * any model. The loop serves it re-weighted from every joined label ({@link LoopBuilder#reweightMembers}:
 * {@link Reweighting#defaults()}, fading accuracy with a half-life of 100 labels, the stored weight counting
 * as 50 labels; here with {@link Reweighting#otherHalfLives()} 25 and 400, so that the labels choose how fast
 * the weights follow them, and {@link Reweighting#retained()} equal to the ensemble's size (2 trainers x 5
 * windows x 2 generations = 20 members), so that the whole replaced ensemble keeps voting next to the new one
 * and the labels decide which of its members still count), so that between retrains the vote follows the
 * members that are right now. Re-weighting alone (this ensemble trained once on rows 1-5,000, never
 * retrained) measured 0.7482 with stored weights, 0.7563 / 0.7576 re-weighted with half-life 100 / 25 at
 * delay 48, 0.7626 / 0.7782 at delay 1. The loop with {@code Reweighting.defaults()} measured 0.7891 at
 * delay 48 and 0.8133 at delay 1;
 * with half-life 25, 0.7913; with 20 retained, 0.7901; choosing among 25/100/400, 0.7913 and 0.8327; choosing
 * and retaining the whole replaced ensemble (this default) <b>0.7933 at delay 48 and 0.8338 at delay 1</b>.
 * Half-lives 25 and 400 are a factor of 4 either side of the library's 100, but 25 had also been tried on
 * ELEC2 before (above), and so had retaining 20. The same settings on seeded
 * synthetic streams are measured by {@link SyntheticReweighting} (choosing the half-life: within 0.0003 of
 * half-life 100 on SEA and a rotating hyperplane; retaining 20: +0.0023 on SEA, -0.0018 on the hyperplane).
 * Measured
 * here (loop accuracy with labels 48 rows late / 1 row late; times are wall clock on two cores shared with
 * other work, load 20-30):
 * <table>
 *   <caption>ELEC2, loop accuracy over rows 5,001-45,312</caption>
 *   <tr><th>trainer, gate</th><th>delay 48</th><th>delay 1</th><th>time</th></tr>
 *   <tr><td>LR, best of histories 1,000/2,000/4,000, shown better</td><td>0.7786</td><td>0.7799</td>
 *       <td>270 s</td></tr>
 *   <tr><td>LR, same, promoteUnlessWorse</td><td>0.7767</td><td></td><td>412 s</td></tr>
 *   <tr><td>WindowEnsemble(LR), shown better</td><td>0.7713</td><td></td><td>497 s</td></tr>
 *   <tr><td>WindowEnsemble(LR), promoteUnlessWorse</td><td>0.7813</td><td>0.7821</td><td>480 s</td></tr>
 *   <tr><td>WindowEnsemble(LR), promoteUnlessWorse, every 120 labels (holdout 240)</td><td>0.7788</td>
 *       <td></td><td>575 s</td></tr>
 *   <tr><td>WindowEnsemble(LR), promoteUnlessWorse, every 120 labels, holdout 120</td><td>0.7803</td>
 *       <td></td><td>734 s</td></tr>
 *   <tr><td>WindowEnsemble(LR, CART), promoteUnlessWorse (default)</td><td>0.7842</td><td>0.7853</td>
 *       <td>951 s</td></tr>
 *   <tr><td>WindowEnsemble(LR, CART), 3 generations (history 5,500), promoteUnlessWorse</td><td>0.7831</td>
 *       <td></td><td>1,047 s</td></tr>
 * </table>
 * The single models alone: static/loop 0.711/0.775 for LR, 0.716/0.749 for CART (depth 8), 0.714/0.767
 * for XGBoost and about 0.737/0.774 for a random forest (50x slower). MOA's StreamingRandomPatches
 * reaches 0.7915 on this protocol; the likely gap: the ensemble's weights, fixed between retrains, against
 * MOA's members that learn and are re-weighted at every label.
 * {@code -Delec.lag=true} adds {@code dayAgoLabel}, the label of the row 48 rows earlier, which has just
 * been fed back when a row is predicted (legitimate, but it did not help). No feature is derived from
 * earlier <em>inputs</em>: the class is defined as "price up relative to the moving average of the
 * last 24 hours", so a feature such as {@code nswprice} minus the mean of the last 48 prices rebuilds
 * the label by definition (a tree then scores 0.99), and any feature carrying that state would make
 * {@code static} adapt as well, so it would prove nothing about the loop.
 * {@code -Delec.reweight=false} serves the stored weights; {@code -Delec.halfLife}, {@code -Delec.prior},
 * {@code -Delec.retained} (default: the ensemble's member count), {@code -Delec.reweightPower} and
 * {@code -Delec.otherHalfLives} (default {@code 25,400}, the half-lives to choose among next to
 * {@code halfLife}; empty for none) set the {@link Reweighting}.
 * {@code -Delec.trainer=ensemble|lr|lr-raw|cart|rf|xgboost}, {@code -Delec.base} (the ensemble's member
 * trainers, default {@code lr,cart}), {@code -Delec.windows}, {@code -Delec.generations},
 * {@code -Delec.validation}, {@code -Delec.power}, {@code -Delec.refresh} (promoteUnlessWorse),
 * {@code -Delec.every}, {@code -Delec.history},
 * {@code -Delec.holdout}, {@code -Delec.gate}, {@code -Delec.delay} (label delay in rows) and
 * {@code -Delec.canary=true} (roll challengers out through a 50/50 canary judged by a sequential test
 * with a budget of {@code -Delec.budget} labels, instead of promoting on the held-out exact McNemar
 * test) vary the experiment.
 *
 * <p>Deterministic in its decisions and accuracies: seeded trainers, a fixed clock, one thread. Drift
 * scores near a threshold can differ between runs by a window or so, because DataSketches' KLL quantile
 * sketches compact with a process-wide unseeded random generator. Writes the monitoring report (HTML)
 * and prints its path.
 *
 * <p>Usage: {@code samples/run ElectricityLoop ../shared/data/electricity.csv [report.html] [-Delec.delay=1 ...]}
 * ({@code -Dname=value} arguments are taken as system properties; the report goes to
 * {@code $TMPDIR/lifecycle-samples/} unless a path is given).
 */
public final class ElectricityLoop {
    static final int TRAIN = 5000;
    /** Held so that its level is not lost when the logger would otherwise be collected. */
    private static final Logger TRIBUO = Logger.getLogger("org.tribuo");
    static final String USAGE = "samples/run ElectricityLoop [electricity.csv [report.html]] [-Delec.NAME=VALUE...]";
    static final String[] INPUTS = {"period", "nswprice", "nswdemand", "vicprice", "vicdemand", "transfer"};

    private ElectricityLoop() {
    }

    /** Runs the three policies and prints one line each. */
    public static void main(String[] args) throws IOException {
        TRIBUO.setLevel(Level.WARNING);
        List<String> positional;
        try {
            positional = SampleArgs.positional("ElectricityLoop", USAGE, args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        int delay = delay();
        Path csv = Path.of(positional.size() > 0 ? positional.get(0) : "../shared/data/electricity.csv");
        Path report = (positional.size() > 1 ? Path.of(positional.get(1))
                : SampleArgs.output("electricity-loop.html")).toAbsolutePath();
        long t0 = System.nanoTime();
        Data d = Data.read(csv);
        int n = d.labels.length;
        boolean lag = "true".equals(System.getProperty("elec.lag"));
        Row[] rows = new Row[n];
        for (int i = 0; i < n; i++) {
            rows[i] = d.row(i, lag);
        }
        Clock clock = Clock.fixed(Instant.parse("2024-01-01T00:00:00Z"), ZoneOffset.UTC);
        try (Lifecycle lc = Lifecycle.builder().clock(clock).actor("electricity-loop").build()) {
            List<Row> train = new ArrayList<>();
            for (int i = 0; i < TRAIN; i++) {
                train.add(rows[i].with("class", d.labels[i]));
            }
            List<String> columns = train.get(0).names();
            DatasetVersion first = lc.datasets().importFrom("elec2", RowSource.of("electricity.csv rows 1-5000",
                    columns, train), Csv.forTarget("class"));
            ModelVersion m1 = lc.train("elec2-clf", trainer(), first);
            lc.models().setAlias("elec2-clf", "champion", m1, "trained on rows 1-5000");

            // static
            List<Row> rest = new ArrayList<>();
            for (int i = TRAIN; i < n; i++) {
                rest.add(rows[i]);
            }
            List<Prediction> fixed = m1.model().predictAll(rest);
            int ok = 0;
            for (int i = TRAIN; i < n; i++) {
                ok += fixed.get(i - TRAIN).label().equals(d.labels[i]) ? 1 : 0;
            }
            double staticAcc = (double) ok / (n - TRAIN);

            // loop
            Monitor monitor = Monitor.builder("elec2-clf", lc.datasets().profile(first)).target("class")
                    .chunkRows(240).windowChunks(4).qualityWindow(480).sampleRows(960, 7).clock(clock).build();
            LoopBuilder builder = Loop.builder(lc, "elec2-clf", "class")
                    .trigger(Trigger.everyLabelled(Integer.getInteger("elec.every", 240))
                            .or(Trigger.accuracyBelow(0.70, 240)).or(Trigger.drift()))
                    .history(ints(System.getProperty("elec.history", ensemble() ? "5000" : "1000,2000,4000")))
                    .holdout(Integer.getInteger("elec.holdout", 240))
                    .minImprovement(Double.parseDouble(System.getProperty("elec.gate", "0.0")))
                    .canary(0.5, 48, 0.03)
                    .executor(Runnable::run) // iterations inside feedback: a replayed stream gives the same figures
                    .evidence(DecisionRule.defaults().budget(Integer.getInteger("elec.budget", 10_000)))
                    .monitor(monitor);
            if (!"true".equals(System.getProperty("elec.canary"))) {
                // promotion on the paired held-out test: a 50/50 canary needs far more labels than this stream's
                // drift leaves (measured: 0.7786 without, 0.7182 with a 10,000-label canary budget, 0.7606 with 960)
                builder.noCanary();
            }
            if (Boolean.parseBoolean(System.getProperty("elec.refresh", Boolean.toString(ensemble())))) {
                builder.promoteUnlessWorse();
            }
            if (Boolean.parseBoolean(System.getProperty("elec.reweight", Boolean.toString(ensemble())))) {
                // the library's defaults, choosing the half-life among 25, 100 and 400 labels by the labels, and
                // keeping every member of each replaced ensemble next to the new ones
                Reweighting lib = Reweighting.defaults();
                String others = System.getProperty("elec.otherHalfLives", "25,400");
                builder.reweightMembers(new Reweighting(Integer.getInteger("elec.halfLife", lib.halfLife()),
                        Double.parseDouble(System.getProperty("elec.reweightPower", Double.toString(lib.power()))),
                        Integer.getInteger("elec.prior", lib.priorLabels()),
                        Integer.getInteger("elec.retained", ensembleMembers()),
                        others.isBlank() ? List.of() : Arrays.stream(ints(others)).boxed().toList()));
            }
            Loop loop = builder.build();
            long[] ids = new long[n];
            int loopOk = 0;
            for (int i = TRAIN; i < n; i++) {
                if (i - delay >= TRAIN) {
                    loop.feedback(ids[i - delay], d.labels[i - delay]);
                }
                Prediction p = loop.predict(rows[i]);
                ids[i] = p.id();
                loopOk += p.label().equals(d.labels[i]) ? 1 : 0;
            }
            double loopAcc = (double) loopOk / (n - TRAIN);
            monitor.flush();

            int same = 0;
            for (int i = TRAIN; i < n; i++) {
                same += d.labels[i].equals(d.labels[i - delay]) ? 1 : 0;
            }
            double noChange = (double) same / (n - TRAIN);
            long promoted = loop.promotions();
            System.out.printf(Locale.ROOT, "POLICY static accuracy=%.4f retrains=0%n", staticAcc);
            System.out.printf(Locale.ROOT, "POLICY loop accuracy=%.4f retrains=%d%n", loopAcc, retrains(loop));
            System.out.printf(Locale.ROOT, "POLICY no-change accuracy=%.4f retrains=0%n", noChange);
            System.out.printf(Locale.ROOT, "loop: %d iterations, %d promoted, %d rolled back, %d rejected by the gate;"
                    + " %d drift windows, %d alerts; %.1f s%n", loop.iterations().stream()
                    .filter(it -> it.outcome() != LoopIteration.Outcome.CANARY).count(), promoted,
                    count(loop, LoopIteration.Outcome.ROLLED_BACK), count(loop, LoopIteration.Outcome.REJECTED),
                    monitor.driftWindows().size(), monitor.alerts().size(), (System.nanoTime() - t0) / 1e9);
            MultivariateDriftReport joint = MultivariateDrift.builder().seed(7).build().check(first,
                    monitor.sampledRows());
            System.out.printf(Locale.ROOT, "multivariate drift, rows 1-5,000 vs the last window: AUC %.3f (%s), most"
                    + " responsible %s%n", joint.auc(), joint.verdict(), joint.attribution().isEmpty() ? "-"
                    : joint.attribution().get(0).feature());
            Files.createDirectories(report.getParent());
            MonitoringReport.of("elec2-clf", monitor, loop.iterations()).withMultivariate(List.of(joint))
                    .withDistributions(lc.datasets().profile(first), MonitoringReport.profileLike(
                            lc.datasets().profile(first), monitor.sampledRows()), "the last 960 served rows")
                    .writeHtml(report);
            System.out.println("report: " + report);
            loop.close();
        }
    }

    static long retrains(Loop loop) {
        return loop.iterations().stream().filter(it -> it.outcome() != LoopIteration.Outcome.CANARY).count();
    }

    static long count(Loop loop, LoopIteration.Outcome o) {
        return loop.iterations().stream().filter(it -> it.outcome() == o).count();
    }

    static boolean ensemble() {
        return System.getProperty("elec.trainer", "ensemble").equals("ensemble");
    }

    /** @return the members one trained ensemble has: a member per base trainer, window and generation */
    static int ensembleMembers() {
        int windows = System.getProperty("elec.windows") == null ? 5 : ints(System.getProperty("elec.windows")).length;
        return System.getProperty("elec.base", "lr,cart").split(",").length * windows
                * Integer.getInteger("elec.generations", 2);
    }

    static int delay() {
        return Integer.getInteger("elec.delay", 48);
    }

    static Trainer trainer() {
        String t = System.getProperty("elec.trainer", "ensemble");
        if (!t.equals("ensemble")) {
            return single(t);
        }
        String[] bases = System.getProperty("elec.base", "lr,cart").split(",");
        Trainer[] more = new Trainer[bases.length - 1];
        for (int i = 1; i < bases.length; i++) {
            more[i - 1] = single(bases[i].trim());
        }
        WindowEnsemble e = WindowEnsemble.of(single(bases[0].trim()), more);
        String w = System.getProperty("elec.windows");
        e = w == null ? e : e.windows(ints(w));
        e = e.generations(Integer.getInteger("elec.generations", 2));
        e = e.validation(Integer.getInteger("elec.validation", 500));
        return e.power(Double.parseDouble(System.getProperty("elec.power", "2")));
    }

    static Trainer single(String t) {
        return switch (t) {
            case "cart" -> Trainers.cart().maxDepth(Integer.getInteger("elec.depth", 8)).seed(7);
            case "rf" -> Trainers.randomForest().seed(7);
            case "xgboost" -> Trainers.xgboost().seed(7);
            case "lr-raw" -> Trainers.logisticRegression().standardize(false).seed(7);
            case "lr" -> Trainers.logisticRegression().seed(7);
            default -> throw new IllegalArgumentException("elec.trainer is lr, lr-raw, cart, rf, xgboost or ensemble"
                    + " (elec.base: the ensemble members' trainer, one of the others); got " + t);
        };
    }

    static int[] ints(String s) {
        String[] parts = s.split(",");
        int[] out = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = Integer.parseInt(parts[i].trim());
        }
        return out;
    }

    /** The file, columns in memory. */
    record Data(double[][] x, String[] labels) {
        static Data read(Path csv) throws IOException {
            List<String> lines = Files.readAllLines(csv);
            String[] header = lines.get(0).split(",");
            int n = lines.size() - 1;
            double[][] x = new double[n][INPUTS.length];
            String[] labels = new String[n];
            int[] at = new int[INPUTS.length];
            int cls = -1;
            for (int c = 0; c < header.length; c++) {
                for (int k = 0; k < INPUTS.length; k++) {
                    if (header[c].equals(INPUTS[k])) {
                        at[k] = c;
                    }
                }
                if (header[c].equals("class")) {
                    cls = c;
                }
            }
            for (int i = 0; i < n; i++) {
                String[] f = lines.get(i + 1).split(",");
                for (int k = 0; k < INPUTS.length; k++) {
                    x[i][k] = Double.parseDouble(f[at[k]]);
                }
                labels[i] = f[cls];
            }
            return new Data(x, labels);
        }

        Row row(int i, boolean lag) {
            Row.Builder b = Row.builder(INPUTS.length + 1);
            for (int k = 0; k < INPUTS.length; k++) {
                b.set(INPUTS[k], x[i][k]);
            }
            if (lag) {
                b.set("dayAgoLabel", i >= delay() ? Double.parseDouble(labels[i - delay()]) : 0.5);
            }
            return b.build();
        }
    }
}
