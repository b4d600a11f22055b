package dev.lifecycle.benchmarks;

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
 * Runs benchmark groups and prints one {@code RATIO <name> <value> target<=<target>} line per group
 * (plus {@code MISSED <name>} when the target is not met). Each group runs its candidate and its
 * baseline in the same JMH run, so machine noise hits both. A group measures one of: average time
 * (ratio = candidate ns/op / baseline ns/op), the 99th latency percentile (same ratio on p0.99 of
 * sampled times), or throughput (ratio = candidate ops/s / baseline ops/s, with the thread counts
 * the benchmarks declare).
 *
 * <p>Usage: {@code Bench [GROUP...]} (all groups when none is named). Settings come from the
 * environment: {@code BENCH_FORKS} (1), {@code BENCH_WARMUP} (3 iterations), {@code BENCH_ITER}
 * (5 iterations), {@code BENCH_TIME} (seconds per iteration, 1), {@code BENCH_THREADS} (as declared, 1 by default),
 * {@code BENCH_PROF} (comma-separated JMH profilers, e.g. {@code gc}), {@code BENCH_JVM_ARGS}
 * (extra arguments for the forked JVMs), {@code BENCH_VERBOSE} (SILENT, NORMAL or EXTRA).
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
        /** The 99th percentile of sampled operation times. */
        P99_TIME(org.openjdk.jmh.annotations.Mode.SampleTime),
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

    public static void main(String[] args) throws RunnerException {
        List<Group> selected = new ArrayList<>();
        for (String a : args) {
            if (a.equals("-h") || a.equals("--help") || a.equals("--list")) {
                System.out.println("Usage: benchmarks/run [GROUP...]   (all groups when none is named)");
                GROUPS.values().forEach(g -> System.out.println("  " + g.name() + ": " + g.description()));
                return;
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

        List<String> summary = new ArrayList<>();
        for (Group g : selected) {
            summary.addAll(run(g));
        }
        System.out.println();
        summary.forEach(System.out::println);
    }

    private static List<String> run(Group g) throws RunnerException {
        ChainedOptionsBuilder o = new OptionsBuilder()
                .include(g.include())
                .mode(g.measure().mode)
                .timeUnit(g.measure() == Measure.THROUGHPUT ? TimeUnit.SECONDS : TimeUnit.NANOSECONDS)
                .forks(intEnv("BENCH_FORKS", 1))
                .warmupIterations(intEnv("BENCH_WARMUP", 3))
                .measurementIterations(intEnv("BENCH_ITER", 5))
                .warmupTime(seconds("BENCH_TIME"))
                .measurementTime(seconds("BENCH_TIME"))
                .shouldFailOnError(true)
                .verbosity(VerboseMode.valueOf(env("BENCH_VERBOSE", "NORMAL").toUpperCase(Locale.ROOT)));
        if (env("BENCH_THREADS", null) != null) {
            o.threads(intEnv("BENCH_THREADS", 1));
        }
        String jvmArgs = env("BENCH_JVM_ARGS", "").trim();
        if (!jvmArgs.isEmpty()) {
            o.jvmArgsAppend(jvmArgs.split("\\s+"));
        }
        for (String p : env("BENCH_PROF", "").split(",")) {
            if (!p.isBlank()) {
                o.addProfiler(p.trim());
            }
        }
        Collection<RunResult> results = new Runner(o.build()).run();

        RunResult candidate = find(results, g.candidate());
        RunResult baseline = find(results, g.baseline());
        double ratio = score(candidate, g.measure()) / score(baseline, g.measure());
        List<String> out = new ArrayList<>();
        out.add(describe("candidate", candidate, g.measure()));
        out.add(describe("baseline ", baseline, g.measure()));
        out.add(String.format(Locale.ROOT, "RATIO %s %.3f target%s%s", g.name(), ratio, g.direction().symbol,
                trim(g.target())));
        for (RunResult r : List.of(candidate, baseline)) {
            double err = r.getPrimaryResult().getScoreError();
            if (!Double.isNaN(err) && err > 0.1 * r.getPrimaryResult().getScore()) {
                out.add("  note: " + r.getParams().getBenchmark() + " varied by more than 10%; the machine was"
                        + " probably busy, rerun before trusting the ratio");
            }
        }
        if (!g.direction().met(ratio, g.target())) {
            out.add("MISSED " + g.name());
        }
        return out;
    }

    private static RunResult find(Collection<RunResult> results, String benchmark) {
        for (RunResult r : results) {
            if (r.getParams().getBenchmark().equals(benchmark)) {
                return r;
            }
        }
        throw new IllegalStateException("JMH produced no result for " + benchmark);
    }

    /** @return ns/op (mean or p0.99) for time measures, ops/s for throughput */
    private static double score(RunResult r, Measure measure) {
        Result<?> p = r.getPrimaryResult();
        if (measure == Measure.P99_TIME) {
            return p99(r);
        }
        String expected = measure == Measure.THROUGHPUT ? "ops/s" : "ns/op";
        if (!expected.equals(p.getScoreUnit())) {
            throw new IllegalStateException(r.getParams().getBenchmark() + " reported " + p.getScoreUnit()
                    + ", expected " + expected);
        }
        return p.getScore();
    }

    private static double p99(RunResult r) {
        return r.getPrimaryResult().getStatistics().getPercentile(99.0);
    }

    private static String describe(String role, RunResult r, Measure measure) {
        Result<?> p = r.getPrimaryResult();
        if (measure == Measure.THROUGHPUT) {
            return String.format(Locale.ROOT, "  %s %-55s %,14.0f ops/s (threads %d)", role,
                    r.getParams().getBenchmark(), p.getScore(), r.getParams().getThreads());
        }
        if (measure == Measure.P99_TIME) {
            return String.format(Locale.ROOT, "  %s %-55s p99 %10.1f ns  mean %10.1f ns", role,
                    r.getParams().getBenchmark(), p99(r), p.getStatistics().getMean());
        }
        double ns = p.getScore();
        double err = p.getScoreError();
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "  %s %-55s %10.1f ± %.1f ns/op  %,12.0f ops/s",
                role, r.getParams().getBenchmark(), ns, Double.isNaN(err) ? 0.0 : err, 1e9 / ns));
        Result<?> alloc = r.getSecondaryResults().get("gc.alloc.rate.norm");
        if (alloc == null) {
            alloc = r.getSecondaryResults().get("\u00b7gc.alloc.rate.norm");
        }
        if (alloc != null) {
            sb.append(String.format(Locale.ROOT, "  %.0f B/op", alloc.getScore()));
        }
        return sb.toString();
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
