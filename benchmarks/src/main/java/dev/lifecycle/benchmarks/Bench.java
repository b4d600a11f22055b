package dev.lifecycle.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs benchmark groups and prints one {@code RATIO <name> <value> target<=<target> ci95=[lo,hi] pairs=n
 * STABLE|UNSTABLE} line per group. Each group is measured in fork pairs: one fork of the candidate and
 * one of the baseline, back to back, the order alternated from pair to pair so that a slow drift of the
 * machine hits both sides equally. The value is the median of the per-pair ratios; the interval is a 95%
 * t interval on their logarithms. A group is judged ({@code MISSED <name>} when its target is not met)
 * only when it is {@code STABLE}: the interval at most 10% of the ratio wide. A group measures one of:
 * average time (ratio = candidate ns/op / baseline ns/op), the 99th latency percentile over every call
 * of the fork (recorded by {@link LatencyRecorder}), or throughput (ratio = candidate ops/s / baseline
 * ops/s, with the thread counts the benchmarks declare).
 *
 * <p>Usage: {@code Bench [--quick] [GROUP...]} (all groups when none is named). The full mode (default)
 * runs 5 pairs of 3 warm-up and 5 measurement iterations; {@code --quick} (or {@code BENCH_MODE=quick})
 * runs 2 pairs of 2 + 3, for development only. Overrides come from the environment: {@code BENCH_FORKS}
 * (pairs), {@code BENCH_WARMUP}, {@code BENCH_ITER}, {@code BENCH_TIME} (seconds per iteration, 1),
 * {@code BENCH_THREADS}, {@code BENCH_PROF} (comma-separated JMH profilers, e.g. {@code gc}),
 * {@code BENCH_JVM_ARGS} (extra arguments for the forked JVMs), {@code BENCH_VERBOSE} (SILENT, NORMAL or
 * EXTRA), {@code BENCH_MIN_CALLS} (calls a latency fork must record, 1,000,000).
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
     * @param include the JMH include regex that selects both benchmarks
     * @param candidate the fully qualified candidate benchmark method
     * @param baseline the fully qualified baseline benchmark method
     * @param target the ratio (candidate / baseline time per op) to meet
     */
    record Group(String name, String include, String candidate, String baseline, double target, Direction direction,
            String description, Measure measure) {
    }

    /** What a group compares. */
    enum Measure {
        /** Average time per operation. */
        MEAN_TIME(org.openjdk.jmh.annotations.Mode.AverageTime),
        /** The 99th percentile of every call's time, recorded by a {@link LatencyRecorder}. */
        P99_TIME(org.openjdk.jmh.annotations.Mode.AverageTime),
        /** Operations per second (candidate over baseline: higher is better). */
        THROUGHPUT(org.openjdk.jmh.annotations.Mode.Throughput);

        final org.openjdk.jmh.annotations.Mode mode;

        Measure(org.openjdk.jmh.annotations.Mode mode) {
            this.mode = mode;
        }
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

    private static void add(Class<?> type, String name, String candidate, String baseline, double target,
            Direction direction, String description) {
        add(type, name, candidate, baseline, target, direction, description, Measure.MEAN_TIME);
    }

    private static void add(Class<?> type, String name, String candidate, String baseline, double target,
            Direction direction, String description, Measure measure) {
        String prefix = type.getName() + ".";
        String include = "^" + Pattern.quote(prefix) + "(" + candidate + "|" + baseline + ")$";
        GROUPS.put(name, new Group(name, include, prefix + candidate, prefix + baseline, target, direction,
                description, measure));
    }

    private Bench() {
    }

    /**
     * How much to measure.
     *
     * @param pairs fork pairs per group (each pair: one candidate fork and one baseline fork)
     * @param warmup warm-up iterations per fork
     * @param iterations measurement iterations per fork
     * @param time the length of one iteration
     */
    record Settings(String mode, int pairs, int warmup, int iterations, TimeValue time, VerboseMode verbosity) {
        static Settings from(boolean quick) {
            int pairs = intEnv("BENCH_FORKS", quick ? 2 : 5);
            if (pairs < 1) {
                throw new IllegalArgumentException("BENCH_FORKS must be at least 1, got " + pairs);
            }
            return new Settings(quick ? "quick" : "full", pairs, intEnv("BENCH_WARMUP", quick ? 2 : 3),
                    intEnv("BENCH_ITER", quick ? 3 : 5), seconds("BENCH_TIME"),
                    VerboseMode.valueOf(env("BENCH_VERBOSE", "SILENT").toUpperCase(Locale.ROOT)));
        }

        String describe() {
            return String.format(Locale.ROOT, "mode %s: %d fork pairs per group, order alternated;"
                    + " each fork %d warm-up + %d measurement iterations of %s", mode, pairs, warmup, iterations, time);
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
            }
            lines.forEach(System.out::println);
            summary.addAll(lines);
        }
        System.out.println();
        System.out.println(header);
        summary.stream().filter(l -> !l.startsWith("  ")).forEach(System.out::println);
    }

    private static List<String> run(Group g, Settings settings) throws RunnerException {
        List<Double> ratios = new ArrayList<>();
        List<String> out = new ArrayList<>();
        for (int pair = 0; pair < settings.pairs(); pair++) {
            boolean candidateFirst = pair % 2 == 0;
            double first = measureOneFork(g, candidateFirst ? g.candidate() : g.baseline(), settings);
            double second = measureOneFork(g, candidateFirst ? g.baseline() : g.candidate(), settings);
            double candidate = candidateFirst ? first : second;
            double baseline = candidateFirst ? second : first;
            double ratio = candidate / baseline;
            ratios.add(ratio);
            out.add(String.format(Locale.ROOT, "  pair %d (%s first): candidate %s, baseline %s, ratio %.3f", pair + 1,
                    candidateFirst ? "candidate" : "baseline", format(candidate, g.measure()),
                    format(baseline, g.measure()), ratio));
        }
        RatioEstimate e = RatioEstimate.of(ratios);
        String interval = Double.isNaN(e.low()) ? "ci95=n/a"
                : String.format(Locale.ROOT, "ci95=[%.3f,%.3f]", e.low(), e.high());
        out.add(String.format(Locale.ROOT, "RATIO %s %.3f target%s%s %s pairs=%d %s", g.name(), e.median(),
                g.direction().symbol, trim(g.target()), interval, ratios.size(), e.stable() ? "STABLE" : "UNSTABLE"));
        if (!e.stable()) {
            out.add("UNJUDGED " + g.name() + ": the 95% interval is wider than "
                    + Math.round(RatioEstimate.STABLE_WIDTH * 100) + "% of the ratio; rerun on a quiet machine"
                    + " or with more pairs (BENCH_FORKS)");
        } else if (!g.direction().met(e.median(), g.target())) {
            out.add("MISSED " + g.name());
        }
        return out;
    }

    /** Runs one benchmark in one forked JVM and returns its score (see {@link #score}). */
    private static double measureOneFork(Group g, String benchmark, Settings settings) throws RunnerException {
        ChainedOptionsBuilder o = new OptionsBuilder()
                .include("^" + Pattern.quote(benchmark) + "$")
                .mode(g.measure().mode)
                .timeUnit(g.measure() == Measure.THROUGHPUT ? TimeUnit.SECONDS : TimeUnit.NANOSECONDS)
                .forks(1)
                .warmupIterations(settings.warmup())
                .measurementIterations(settings.iterations())
                .warmupTime(settings.time())
                .measurementTime(settings.time())
                .shouldFailOnError(true)
                .verbosity(settings.verbosity());
        if (env("BENCH_THREADS", null) != null) {
            o.threads(intEnv("BENCH_THREADS", 1));
        }
        List<String> jvmArgs = new ArrayList<>();
        String extra = env("BENCH_JVM_ARGS", "").trim();
        if (!extra.isEmpty()) {
            jvmArgs.addAll(List.of(extra.split("\\s+")));
        }
        Path latencyFile = null;
        if (g.measure() == Measure.P99_TIME) {
            try {
                latencyFile = Files.createTempFile("bench-latency", ".txt");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            jvmArgs.add("-D" + LatencyRecorder.OUT_PROPERTY + "=" + latencyFile);
        }
        if (!jvmArgs.isEmpty()) {
            o.jvmArgsAppend(jvmArgs.toArray(String[]::new));
        }
        for (String p : env("BENCH_PROF", "").split(",")) {
            if (!p.isBlank()) {
                o.addProfiler(p.trim());
            }
        }
        Collection<RunResult> results = new Runner(o.build()).run();
        RunResult r = find(results, benchmark);
        if (latencyFile != null) {
            return p99FromRecorder(benchmark, latencyFile);
        }
        return score(r, g.measure());
    }

    /** Reads the p99 a {@link LatencyRecorder} wrote; refuses a fork that made fewer than the minimum calls. */
    private static double p99FromRecorder(String benchmark, Path file) {
        try {
            String[] f = Files.readString(file, StandardCharsets.UTF_8).trim().split(" ");
            long count = Long.parseLong(f[0]);
            long minimum = intEnv("BENCH_MIN_CALLS", 1_000_000);
            if (count < minimum) {
                throw new IllegalStateException(benchmark + " recorded only " + count + " calls in its measurement"
                        + " iterations (at least " + minimum + " needed for a p99); raise BENCH_TIME or BENCH_ITER");
            }
            return Double.parseDouble(f[2]);
        } catch (IOException | RuntimeException e) {
            if (e instanceof IllegalStateException ise) {
                throw ise;
            }
            throw new IllegalStateException(benchmark + " left no readable latency summary in " + file
                    + "; does it record every call with a LatencyRecorder?", e);
        } finally {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a temp file left behind is harmless
            }
        }
    }

    private static String format(double score, Measure measure) {
        return switch (measure) {
            case THROUGHPUT -> String.format(Locale.ROOT, "%,.0f ops/s", score);
            case P99_TIME -> String.format(Locale.ROOT, "p99 %,.0f ns", score);
            case MEAN_TIME -> String.format(Locale.ROOT, "%,.1f ns/op", score);
        };
    }

    private static RunResult find(Collection<RunResult> results, String benchmark) {
        for (RunResult r : results) {
            if (r.getParams().getBenchmark().equals(benchmark)) {
                return r;
            }
        }
        throw new IllegalStateException("JMH produced no result for " + benchmark);
    }

    /** @return ns/op for mean time, ops/s for throughput */
    private static double score(RunResult r, Measure measure) {
        Result<?> p = r.getPrimaryResult();
        String expected = measure == Measure.THROUGHPUT ? "ops/s" : "ns/op";
        if (!expected.equals(p.getScoreUnit())) {
            throw new IllegalStateException(r.getParams().getBenchmark() + " reported " + p.getScoreUnit()
                    + ", expected " + expected);
        }
        return p.getScore();
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
