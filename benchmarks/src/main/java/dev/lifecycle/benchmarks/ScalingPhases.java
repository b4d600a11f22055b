package dev.lifecycle.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Control;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.infra.ThreadParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * Measures how throughput scales from one thread to two in one JVM, the two alternating in short phases:
 * in a <em>two</em> phase both benchmark threads make {@code calls} calls each, in a <em>one</em> phase
 * only the first thread does while the second waits (parked, not spinning). The phases alternate in order
 * (one-two, two-one, ...) and each is timed between barriers, so a slow spell of the machine hits both. The
 * speed-up is {@code (2 calls / two-phase time) / (calls / one-phase time)}. Used by a benchmark method run
 * with {@code @Threads(2)}; the totals of the measurement iterations go to the file named by
 * {@value PairTimer#OUT_PROPERTY} in {@link PairTimer}'s format (candidate = two threads, baseline = one).
 */
@State(Scope.Benchmark)
public class ScalingPhases {
    private final AtomicInteger arrived = new AtomicInteger();
    private volatile int generation;
    private final Thread[] threads = new Thread[2];
    private final long[] iteration = new long[4];
    private final long[] measured = new long[4];

    /** Both threads: one invocation runs a one-thread and a two-thread phase, in alternating order. */
    void run(Control control, ThreadParams thread, int calls, PairTimer.Call call) throws Exception {
        int index = thread.getThreadIndex();
        boolean first = index == 0;
        threads[index] = Thread.currentThread();
        if (!await(control, index)) {
            return;
        }
        boolean twoFirst = generation % 2 == 0;
        for (int phase = 0; phase < 2; phase++) {
            boolean two = twoFirst == (phase == 0);
            long start = System.nanoTime();
            if (two || first) {
                for (int i = 0; i < calls; i++) {
                    call.run();
                }
            }
            if (!await(control, index)) {
                return;
            }
            if (first && !control.stopMeasurement) {
                int k = two ? 0 : 2;
                iteration[k] += System.nanoTime() - start;
                iteration[k + 1] += two ? 2L * calls : calls;
            }
        }
    }

    /** Waits until both threads arrive; false when the iteration ended meanwhile. */
    private boolean await(Control control, int index) {
        int g = generation;
        if (arrived.incrementAndGet() == 2) {
            arrived.set(0);
            generation = g + 1;
            Thread other = threads[1 - index];
            if (other != null) {
                LockSupport.unpark(other);
            }
            return true;
        }
        while (generation == g) {
            if (control.stopMeasurement) {
                return false;
            }
            LockSupport.parkNanos(1_000_000);
        }
        return true;
    }

    /** A fresh barrier per iteration (a thread that left the last one early must not count). */
    @Setup(Level.Iteration)
    public void startIteration() {
        arrived.set(0);
        generation++;
    }

    /** Keeps the iteration's totals when it was a measurement iteration. */
    @TearDown(Level.Iteration)
    public void endIteration(IterationParams params) {
        if (params.getType() == IterationType.MEASUREMENT) {
            for (int i = 0; i < 4; i++) {
                measured[i] += iteration[i];
            }
        }
        java.util.Arrays.fill(iteration, 0);
    }

    /** Writes the totals for the harness (or prints them when run outside it). */
    @TearDown(Level.Trial)
    public void endTrial() {
        String line = String.format(Locale.ROOT, "%d %d %d %d 0 0%n", measured[0], measured[1], measured[2],
                measured[3]);
        String out = System.getProperty(PairTimer.OUT_PROPERTY);
        if (out == null) {
            System.out.printf(Locale.ROOT, "%nscaling: two threads %.1f ns/op, one thread %.1f ns/op (%s)%n",
                    (double) measured[0] / measured[1], (double) measured[2] / measured[3], line.trim());
            return;
        }
        try {
            Files.writeString(Path.of(out), line, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the scaling totals to " + out, e);
        }
    }
}
