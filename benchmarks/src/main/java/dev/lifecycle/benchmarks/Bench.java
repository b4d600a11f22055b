package dev.lifecycle.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs benchmark groups and prints one {@code RATIO <name> <value> target<=<target> ci95=[lo,hi] forks=n
 * STABLE|UNSTABLE} line per group. Candidate and baseline are measured <em>interleaved in the same
 * JVM</em>: each group's {@code interleaved} benchmark method alternates short blocks of candidate calls and
 * of baseline calls, the order reversed at every block pair, and times each block ({@link PairTimer}; for the
 * scaling groups one- and two-thread phases, {@link ScalingPhases}). A slow spell of the machine, a GC cycle
 * or a recompilation then weighs on both sides, and both run with the same JIT state. Every fork (a JVM of
 * its own) gives one ratio; the value is the median of the forks' ratios and the interval a 95% t interval on
 * their logarithms. At least {@code BENCH_FORKS} forks run, and more (up to {@code BENCH_MAX_FORKS}) while
 * the interval is wider than {@value RatioEstimate#STABLE_WIDTH} of the ratio. A group is judged
 * ({@code MISSED <name>} when its target is not met) only when it is {@code STABLE}.
 *
 * <p>A group compares average time per operation (ratio = candidate / baseline), the 99th percentile of every
 * call's latency, or throughput (ratio = candidate ops/s / baseline ops/s, higher is better).
 *
 * <p>Usage: {@code Bench [--quick] [GROUP...]} (all groups when none is named). The full mode (default)
 * runs 5 to 10 forks of 3 warm-up and 5 measurement iterations of 1 s; {@code --quick} (or
 * {@code BENCH_MODE=quick}) runs 2 forks of 2 + 3, for development only. Overrides come from the
 * environment: {@code BENCH_FORKS}, {@code BENCH_MAX_FORKS}, {@code BENCH_WARMUP}, {@code BENCH_ITER},
 * {@code BENCH_TIME} (seconds per iteration), {@code BENCH_PROF} (comma-separated JMH profilers),
 * {@code BENCH_JVM_ARGS} (extra arguments for the forked JVMs), {@code BENCH_VERBOSE} (SILENT, NORMAL or
 * EXTRA), {@code BENCH_MIN_CALLS} (calls per side a latency fork must record, 1,000,000).
 */
public final class Bench {
    /** Whether a ratio should stay at most or at least its target. */
    enum Direction {
        AT_MOST("<="), AT_LEAST(">=");

        final String symbol;

        Direction(String symbol) {
            this.symbol = symbol;
        }

        boolean met(double ratio, double target) {
            return this == AT_MOST ? ratio <= target : ratio >= target;
        }
    }

    /**
     * One comparison.
     *
     * @param benchmark the fully qualified {@code interleaved} benchmark method that measures both sides
     * @param candidate what the candidate side runs (for the output)
     * @param baseline what the baseline side runs (for the output)
     * @param target the ratio to meet
     * @param longCalls whether one interleaved call lasts seconds: such a group runs two warm-up and six
     *     measurement iterations (each one call) whatever the mode. After one warm-up call, the first measured
     *     one of {@code evaluation} still ran 40% slower (4.9 s against 3.4-3.8 s), which spread its per-fork
     *     ratios from 0.27 to 0.34; an even count puts each side first equally often
     * @param maxForks in full mode without {@code BENCH_FORKS}/{@code BENCH_MAX_FORKS}, the forks this group may
     *     grow to while its interval is too wide, when more than the mode's; 0 for the mode's
     */
    record Group(String name, String benchmark, String candidate, String baseline, double target,
            Direction direction, String description, Measure measure, boolean longCalls, int maxForks) {
        Group withLongCalls() {
            return new Group(name, benchmark, candidate, baseline, target, direction, description, measure, true,
                    maxForks);
        }

        Group withMaxForks(int forks) {
            return new Group(name, benchmark, candidate, baseline, target, direction, description, measure,
                    longCalls, forks);
        }
    }

    /** What a group compares. */
    enum Measure {
        /** Average time per operation, candidate over baseline. */
        MEAN_TIME,
        /** The 99th percentile of every call's time, candidate over baseline. */
        P99_TIME,
        /** Operations per second, candidate over baseline (higher is better). */
        THROUGHPUT
    }

    static final Map<String, Group> GROUPS = new LinkedHashMap<>();

    static {
        add(PredictOverhead.class, "predict-overhead", "lifecycle", "tribuo", 1.15, Direction.AT_MOST,
                "Deployment.predict(Row) vs. new ArrayExample + Tribuo Model.predict on the same model and rows");
        add(PredictOverheadMonitored.class, "predict-overhead-monitored", "lifecycle", "tribuo", 1.5,
                Direction.AT_MOST, "Deployment.predict with the prediction log (drop policy) and input monitoring on"
                        + " vs. new ArrayExample + Tribuo Model.predict");
        add(PredictScaling.class, "predict-scaling", "twoThreads", "oneThread", 1.7, Direction.AT_LEAST,
                "Deployment.predict throughput with 2 threads vs. 1 thread", Measure.THROUGHPUT);
        add(ShadowLatency.class, "shadow-latency", "withShadow", "withoutShadow", 1.2, Direction.AT_MOST,
                "p99 latency of Deployment.predict with a 5 ms shadow challenger vs. without a shadow",
                Measure.P99_TIME);
        add(TrackingBenchmark.class, "tracking", "lifecycleRun", "dataOutputStream", 3, Direction.AT_MOST,
                "1M metric points logged to the file store and flushed vs. a buffered DataOutputStream + force");
        add(EvaluationBench.class, "evaluation", "lifecycleWith20Slices", "tribuoLabelEvaluator", 1.5,
                Direction.AT_MOST, "1M binary predictions evaluated with 20 slices vs. Tribuo's LabelEvaluator"
                        + " without slices");
        add(MonitorOverhead.class, "monitor-overhead", "monitored", "unmonitored", 1.3, Direction.AT_MOST,
                "Deployment.predict wrapped by a drift/quality Monitor vs. the same deployment unmonitored");
        add(ProfileBenchmark.class, "profile", "profile", "sumEveryValue", 5, Direction.AT_MOST,
                "DatasetProfile.of 1M rows x 20 numeric columns vs. a plain loop summing every value");
        add(CsvImportBenchmark.class, "csv-import", "importCsv", "lineCount", 4, Direction.AT_MOST,
                "importCsv of a generated 200 MB CSV (in-memory store) vs. a BufferedReader line count of the file");
        add(XgboostRow.class, "xgboost-row", "deploymentRow", "xgboost4jBatch", 1.0, Direction.AT_MOST,
                "Per-row cost of one-row Deployment.predict on XGBoost (100 trees, depth 6, 20 features) vs. per-row"
                        + " cost of xgboost4j batch predict of 10,000 rows (one native thread)");
        add(XgboostScaling.class, "xgboost-scaling", "twoThreads", "oneThread", 1.7, Direction.AT_LEAST,
                "One-row XGBoost Deployment.predict throughput with 2 threads vs. 1 thread", Measure.THROUGHPUT);
        add(ForestTrainScaling.class, "forest-train-scaling", "oneThread", "twoThreads", 1.6, Direction.AT_LEAST,
                "Random forest of 50 trees: training time on 1 thread over training time on 2 threads (speed-up)");
        add(JdbcStoreBenchmark.class, "jdbc-store", "postgres", "fileStore", 0.1, Direction.AT_LEAST,
                "Ref compare-and-set operations per second on the PostgreSQL store (embedded server, one client"
                        + " thread) vs. the file store", Measure.THROUGHPUT);
    }

    static {
        GROUPS.replaceAll((name, g) -> name.equals("evaluation") || name.equals("forest-train-scaling")
                ? g.withLongCalls() : g);
        // the line count of the baseline moves by up to a third from one JVM to the next and from call to call
        // (one call is 0.25-0.45 s), so at 5 to 10 forks the interval stays just over 10% wide; a fork is ~18 s
        GROUPS.computeIfPresent("csv-import", (name, g) -> g.withMaxForks(20));
        // a fork spends ~6.5 s of its ~45 s in G1 pauses of up to 0.25 s, each landing on one side's call of 0.8 s
        // or 3 s; per-fork ratios spread by an sd of ~0.018 around 0.27, so the interval needs 8 to 12 forks
        GROUPS.computeIfPresent("evaluation", (name, g) -> g.withMaxForks(20));
        // the file store's fsync'd compare-and-set, the baseline, took 194-289 us from one fork to the next on a
        // Xeon VM's disk; one slow fork (ratio 3.78 among 2.69-3.11) left 10 forks' interval 12.9% wide
        GROUPS.computeIfPresent("jdbc-store", (name, g) -> g.withMaxForks(20));
    }

    private static void add(Class<?> type, String name, String candidate, String baseline, double target,
            Direction direction, String description) {
        add(type, name, candidate, baseline, target, direction, description, Measure.MEAN_TIME);
    }

    private static void add(Class<?> type, String name, String candidate, String baseline, double target,
            Direction direction, String description, Measure measure) {
        GROUPS.put(name, new Group(name, type.getName() + ".interleaved", candidate, baseline, target, direction,
                description, measure, false, 0));
    }

    private Bench() {
    }

    /**
     * How much to measure.
     *
     * @param forks forks per group when the ratio is stable after them
     * @param maxForks forks per group at most: while the interval is too wide, forks are added up to this
     * @param fixedForks whether the fork counts were set by hand (or by the quick mode), so that no group's own
     *     {@link Group#maxForks()} applies
     * @param warmup warm-up iterations per fork
     * @param iterations measurement iterations per fork
     * @param time the length of one iteration
     */
    record Settings(String mode, int forks, int maxForks, boolean fixedForks, int warmup, int iterations,
            TimeValue time, VerboseMode verbosity) {
        static Settings from(boolean quick) {
            int forks = intEnv("BENCH_FORKS", quick ? 2 : 5);
            int maxForks = intEnv("BENCH_MAX_FORKS", quick || env("BENCH_FORKS", null) != null ? forks : 10);
            if (forks < 1 || maxForks < forks) {
                throw new IllegalArgumentException("Need BENCH_FORKS >= 1 and BENCH_MAX_FORKS >= BENCH_FORKS, got "
                        + forks + " and " + maxForks);
            }
            boolean fixed = quick || env("BENCH_FORKS", null) != null || env("BENCH_MAX_FORKS", null) != null;
            return new Settings(quick ? "quick" : "full", forks, maxForks, fixed, intEnv("BENCH_WARMUP", quick ? 2 : 3),
                    intEnv("BENCH_ITER", quick ? 3 : 5), seconds("BENCH_TIME"),
                    VerboseMode.valueOf(env("BENCH_VERBOSE", "SILENT").toUpperCase(Locale.ROOT)));
        }

        /** @return the forks the group may grow to */
        int maxForksFor(Group g) {
            return fixedForks ? maxForks : Math.max(maxForks, g.maxForks());
        }

        String describe() {
            return String.format(Locale.ROOT, "mode %s: candidate and baseline interleaved in the same JVM; %d forks"
                    + " per group (up to %d while the 95%% interval is wider than %d%%); each fork %d warm-up + %d"
                    + " measurement iterations of %s", mode, forks, maxForks,
                    Math.round(RatioEstimate.STABLE_WIDTH * 100), warmup, iterations, time);
        }
    }

    public static void main(String[] args) throws RunnerException {
        List<Group> selected = new ArrayList<>();
        boolean quick = "quick".equalsIgnoreCase(env("BENCH_MODE", "full"));
        for (String a : args) {
            if (a.equals("-h") || a.equals("--help") || a.equals("--list")) {
                System.out.println("Usage: benchmarks/run [--quick] [GROUP...]   (all groups when none is named)");
                GROUPS.values().forEach(g -> System.out.println("  " + g.name() + ": " + g.description()));
                return;
            }
            if (a.equals("--quick")) {
                quick = true;
                continue;
            }
            Group g = GROUPS.get(a);
            if (g == null) {
                System.err.println("Unknown benchmark group '" + a + "'. Known groups: "
                        + String.join(", ", GROUPS.keySet()));
                System.exit(2);
            }
            if (!selected.contains(g)) {
                selected.add(g);
            }
        }
        if (selected.isEmpty()) {
            selected.addAll(GROUPS.values());
        }
        Settings settings = Settings.from(quick);
        String header = "# " + Machine.describe() + "\n# " + settings.describe();
        System.out.println(header);

        List<String> summary = new ArrayList<>();
        for (Group g : selected) {
            List<String> lines;
            try {
                lines = run(g, settings);
            } catch (RunnerException | RuntimeException e) {
                lines = List.of("FAILED " + g.name() + ": " + e.getMessage());
                System.out.println(lines.get(0));
            }
            summary.addAll(lines);
        }
        System.out.println();
        System.out.println(header);
        summary.stream().filter(l -> !l.startsWith("  ")).forEach(System.out::println);
    }

    private static List<String> run(Group g, Settings settings) throws RunnerException {
        List<Double> ratios = new ArrayList<>();
        List<String> out = new ArrayList<>();
        RatioEstimate e = null;
        long start = System.nanoTime();
        for (int fork = 0; fork < settings.maxForksFor(g); fork++) {
            double[] sides = measureOneFork(g, settings);
            double ratio = g.measure() == Measure.THROUGHPUT ? sides[1] / sides[0] : sides[0] / sides[1];
            ratios.add(ratio);
            String line = String.format(Locale.ROOT, "  fork %d: %s %s, %s %s, ratio %.3f", fork + 1, g.candidate(),
                    format(sides[0], g.measure()), g.baseline(), format(sides[1], g.measure()), ratio);
            System.out.println(line);
            out.add(line);
            if (fork + 1 >= settings.forks()) {
                e = RatioEstimate.of(ratios);
                if (e.stable()) {
                    break;
                }
            }
        }
        String interval = Double.isNaN(e.low()) ? "ci95=n/a"
                : String.format(Locale.ROOT, "ci95=[%.3f,%.3f]", e.low(), e.high());
        List<String> verdict = new ArrayList<>();
        verdict.add(String.format(Locale.ROOT, "RATIO %s %.3f target%s%s %s forks=%d %s (%d s)", g.name(),
                e.median(), g.direction().symbol, trim(g.target()), interval, ratios.size(),
                e.stable() ? "STABLE" : "UNSTABLE", (System.nanoTime() - start) / 1_000_000_000L));
        if (!e.stable()) {
            verdict.add("UNJUDGED " + g.name() + ": the 95% interval is wider than "
                    + Math.round(RatioEstimate.STABLE_WIDTH * 100) + "% of the ratio after " + ratios.size()
                    + " forks; rerun on a quiet machine or with more forks (BENCH_MAX_FORKS)");
        } else if (!g.direction().met(e.median(), g.target())) {
            verdict.add("MISSED " + g.name());
        }
        verdict.forEach(System.out::println);
        out.addAll(verdict);
        return out;
    }

    /**
     * Runs the group's interleaved benchmark in one forked JVM.
     *
     * @return the candidate's and the baseline's ns/op (p99 ns for latency groups)
     */
    private static double[] measureOneFork(Group g, Settings settings) throws RunnerException {
        Path totals;
        try {
            totals = Files.createTempFile("bench-pair", ".txt");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChainedOptionsBuilder o = new OptionsBuilder()
                .include("^" + Pattern.quote(g.benchmark()) + "$")
                .mode(org.openjdk.jmh.annotations.Mode.AverageTime)
                .timeUnit(TimeUnit.NANOSECONDS)
                .forks(1)
                .warmupIterations(g.longCalls() ? 2 : settings.warmup())
                .measurementIterations(g.longCalls() ? 6 : settings.iterations())
                .warmupTime(settings.time())
                .measurementTime(g.measure() == Measure.P99_TIME ? latencyTime(settings.time()) : settings.time())
                .shouldFailOnError(true)
                .verbosity(settings.verbosity());
        List<String> jvmArgs = new ArrayList<>();
        jvmArgs.add("-D" + PairTimer.OUT_PROPERTY + "=" + totals);
        String extra = env("BENCH_JVM_ARGS", "").trim();
        if (!extra.isEmpty()) {
            jvmArgs.addAll(List.of(extra.split("\\s+")));
        }
        // prepend: a benchmark's own @Fork(jvmArgsAppend) (a heap size) must not be replaced
        o.jvmArgsPrepend(jvmArgs.toArray(String[]::new));
        for (String p : env("BENCH_PROF", "").split(",")) {
            if (!p.isBlank()) {
                o.addProfiler(p.trim());
            }
        }
        try {
            new Runner(o.build()).run();
            return readTotals(g, totals);
        } finally {
            try {
                Files.deleteIfExists(totals);
            } catch (IOException ignored) {
                // a temp file left behind is harmless
            }
        }
    }

    /** Latency groups measure twice as long: a percentile needs at least a million calls of each side. */
    private static TimeValue latencyTime(TimeValue time) {
        return TimeValue.milliseconds(2 * time.convertTo(TimeUnit.MILLISECONDS));
    }

    /** Reads what the fork's {@link PairTimer} or {@link ScalingPhases} wrote. */
    private static double[] readTotals(Group g, Path file) {
        long[] f;
        try {
            f = java.util.Arrays.stream(Files.readString(file, StandardCharsets.UTF_8).trim().split(" "))
                    .mapToLong(Long::parseLong).toArray();
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException(g.benchmark() + " left no readable totals in " + file
                    + "; does it time both sides with a PairTimer?", e);
        }
        if (f.length != 6 || f[1] <= 0 || f[3] <= 0) {
            throw new IllegalStateException(g.benchmark() + " measured no operations of one side ("
                    + java.util.Arrays.toString(f) + "); raise BENCH_TIME or BENCH_ITER");
        }
        if (g.measure() == Measure.P99_TIME) {
            long minimum = intEnv("BENCH_MIN_CALLS", 1_000_000);
            if (Math.min(f[1], f[3]) < minimum) {
                throw new IllegalStateException(g.benchmark() + " recorded only " + Math.min(f[1], f[3])
                        + " calls of one side in its measurement iterations (at least " + minimum
                        + " needed for a p99); raise BENCH_TIME or BENCH_ITER");
            }
            return new double[] {f[4], f[5]};
        }
        return new double[] {(double) f[0] / f[1], (double) f[2] / f[3]};
    }

    private static String format(double score, Measure measure) {
        return measure == Measure.P99_TIME ? String.format(Locale.ROOT, "p99 %,.0f ns", score)
                : String.format(Locale.ROOT, "%,.1f ns/op", score);
    }

    private static String trim(double d) {
        String s = Double.toString(d);
        return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
    }

    private static String env(String name, String def) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? def : v;
    }

    private static int intEnv(String name, int def) {
        String v = env(name, null);
        if (v == null) {
            return def;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be an integer, got '" + v + "'");
        }
    }

    private static TimeValue seconds(String name) {
        String v = env(name, "1");
        try {
            double s = Double.parseDouble(v.trim());
            return TimeValue.milliseconds(Math.max(1, Math.round(s * 1000)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number of seconds, got '" + v + "'");
        }
    }
}
