package dev.lifecycle.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.HdrHistogram.Histogram;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * Records the latency of every call a benchmark makes into an HdrHistogram (3 significant digits,
 * up to 10 s) and, at the end of the fork, writes the measurement iterations' call count and
 * percentiles to the file named by the system property {@value #OUT_PROPERTY}. The harness reads
 * that file instead of JMH's sampled times, so a percentile comes from every call (millions per fork),
 * not from a few thousand samples.
 */
@State(Scope.Thread)
public class LatencyRecorder {
    /** System property naming the file the fork's percentiles are written to. */
    static final String OUT_PROPERTY = "bench.latency.out";

    private final Histogram iteration = new Histogram(10_000_000_000L, 3);
    private final Histogram measured = new Histogram(10_000_000_000L, 3);

    /** Records one call's latency. */
    void record(long nanos) {
        iteration.recordValue(Math.max(0, Math.min(nanos, iteration.getHighestTrackableValue())));
    }

    /** Keeps the iteration's calls when it was a measurement iteration, drops warm-up calls. */
    @TearDown(Level.Iteration)
    public void endIteration(IterationParams params) {
        if (params.getType() == IterationType.MEASUREMENT) {
            measured.add(iteration);
        }
        iteration.reset();
    }

    /** Writes {@code count p50 p99 p999 max} (nanoseconds) for the harness. */
    @TearDown(Level.Trial)
    public void endTrial() {
        String out = System.getProperty(OUT_PROPERTY);
        if (out == null) {
            System.out.printf(Locale.ROOT, "%nlatency: %,d calls, p50 %d ns, p99 %d ns%n", measured.getTotalCount(),
                    measured.getValueAtPercentile(50), measured.getValueAtPercentile(99));
            return;
        }
        String line = String.format(Locale.ROOT, "%d %d %d %d %d%n", measured.getTotalCount(),
                measured.getValueAtPercentile(50), measured.getValueAtPercentile(99),
                measured.getValueAtPercentile(99.9), measured.getMaxValue());
        try {
            Files.writeString(Path.of(out), line, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the latency summary to " + out, e);
        }
    }
}
