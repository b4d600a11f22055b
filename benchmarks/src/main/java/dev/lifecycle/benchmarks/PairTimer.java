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
 * Measures a candidate and a baseline interleaved in one benchmark method of one JVM: each invocation
 * runs a block of candidate calls and a block of baseline calls, the order reversed at every invocation,
 * and times each block. Blocks are short (tens of microseconds to a second), so whatever slows the machine
 * for longer than a block (another process, a frequency step, a GC cycle, a JIT recompilation) weighs on
 * both sides alike and cancels in the ratio, and both sides run with the same JIT state and heap.
 *
 * <p>At the end of the trial the measurement iterations' totals go to the file named by the system
 * property {@value #OUT_PROPERTY}: {@code candidateNanos candidateOps baselineNanos baselineOps
 * candidateP99 baselineP99} (the percentiles are 0 unless {@link #interleaveEachCall} recorded every
 * call's latency in an HdrHistogram). Without the property the trial prints the per-op times.
 */
@State(Scope.Thread)
public class PairTimer {
    /** System property naming the file the totals are written to. */
    static final String OUT_PROPERTY = "bench.pair.out";

    /** One call of one side. */
    @FunctionalInterface
    interface Call {
        void run() throws Exception;
    }

    private boolean candidateFirst;
    private final long[] iteration = new long[4];
    private final long[] measured = new long[4];
    private final Histogram[] iterationLatency = {new Histogram(10_000_000_000L, 3), new Histogram(10_000_000_000L, 3)};
    private final Histogram[] measuredLatency = {new Histogram(10_000_000_000L, 3), new Histogram(10_000_000_000L, 3)};

    /** Runs {@code calls} calls of each side, one block after the other, and times each block. */
    void interleave(int calls, Call candidate, Call baseline) throws Exception {
        interleave(calls, 1, candidate, calls, 1, baseline);
    }

    /**
     * Runs a block of each side and times it.
     *
     * @param candidateCalls calls in the candidate's block
     * @param candidateOps operations one candidate call counts for
     * @param baselineCalls calls in the baseline's block
     * @param baselineOps operations one baseline call counts for (e.g. the rows of a batch)
     */
    void interleave(int candidateCalls, long candidateOps, Call candidate, int baselineCalls, long baselineOps,
            Call baseline) throws Exception {
        candidateFirst = !candidateFirst;
        for (int side = 0; side < 2; side++) {
            boolean isCandidate = candidateFirst == (side == 0);
            Call call = isCandidate ? candidate : baseline;
            int calls = isCandidate ? candidateCalls : baselineCalls;
            long start = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                call.run();
            }
            long nanos = System.nanoTime() - start;
            int k = isCandidate ? 0 : 2;
            iteration[k] += nanos;
            iteration[k + 1] += calls * (isCandidate ? candidateOps : baselineOps);
        }
    }

    /**
     * Like {@link #interleave(int, Call, Call)}, and also records every call's latency per side, for
     * percentiles from every call rather than a sample.
     */
    void interleaveEachCall(int calls, Call candidate, Call baseline) throws Exception {
        candidateFirst = !candidateFirst;
        for (int side = 0; side < 2; side++) {
            boolean isCandidate = candidateFirst == (side == 0);
            Call call = isCandidate ? candidate : baseline;
            Histogram h = iterationLatency[isCandidate ? 0 : 1];
            long blockStart = System.nanoTime();
            long start = blockStart;
            for (int i = 0; i < calls; i++) {
                call.run();
                long end = System.nanoTime();
                h.recordValue(Math.min(end - start, h.getHighestTrackableValue()));
                start = end;
            }
            int k = isCandidate ? 0 : 2;
            iteration[k] += start - blockStart;
            iteration[k + 1] += calls;
        }
    }

    /** Keeps the iteration's totals when it was a measurement iteration. */
    @TearDown(Level.Iteration)
    public void endIteration(IterationParams params) {
        if (params.getType() == IterationType.MEASUREMENT) {
            for (int i = 0; i < 4; i++) {
                measured[i] += iteration[i];
            }
            measuredLatency[0].add(iterationLatency[0]);
            measuredLatency[1].add(iterationLatency[1]);
        }
        java.util.Arrays.fill(iteration, 0);
        iterationLatency[0].reset();
        iterationLatency[1].reset();
    }

    /** Writes the totals for the harness (or prints them when run outside it). */
    @TearDown(Level.Trial)
    public void endTrial() {
        String line = String.format(Locale.ROOT, "%d %d %d %d %d %d%n", measured[0], measured[1], measured[2],
                measured[3], measuredLatency[0].getValueAtPercentile(99), measuredLatency[1].getValueAtPercentile(99));
        String out = System.getProperty(OUT_PROPERTY);
        if (out == null) {
            System.out.printf(Locale.ROOT, "%npair: candidate %.1f ns/op, baseline %.1f ns/op (%s)%n",
                    (double) measured[0] / measured[1], (double) measured[2] / measured[3], line.trim());
            return;
        }
        try {
            Files.writeString(Path.of(out), line, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the pair totals to " + out, e);
        }
    }
}
