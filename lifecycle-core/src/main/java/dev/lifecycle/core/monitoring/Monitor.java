package dev.lifecycle.core.monitoring;

import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.model.Prediction;
import dev.lifecycle.api.monitoring.Alert;
import dev.lifecycle.api.monitoring.AlertListener;
import dev.lifecycle.api.monitoring.DriftDetector;
import dev.lifecycle.core.data.ColumnProfile;
import dev.lifecycle.core.data.DatasetProfile;
import dev.lifecycle.core.data.NumericProfile;
import dev.lifecycle.core.internal.AlertDebouncer;
import dev.lifecycle.core.internal.LabelJoin;
import dev.lifecycle.core.internal.Recent;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.apiguardian.api.API;

/**
 * Watches a served model: input and prediction drift against a reference profile, data quality,
 * errors and latency per window, and live accuracy from delayed labels next to the accuracy the
 * model's confidence estimates before they arrive. Raises debounced {@link Alert}s.
 *
 * <pre>{@code
 * Monitor monitor = Monitor.builder("elec2", lc.datasets().profile(training))
 *         .chunkRows(250).windowChunks(8).alertListener(alert -> log.warn(alert.message())).build();
 * Deployment dep = MonitoredDeployment.wrap(lc.deploy(m), monitor);
 * }</pre>
 *
 * <p>Composed of rooms that each do one thing: the {@link ChunkCollector} on the hot path ({@link #observe}
 * copies the monitored values into a chunk buffer of one of a fixed number of stripes, so threads that
 * come and go leave nothing), the {@link WindowProfiler} on one background thread (chunks streamed into
 * profile accumulators and merged into windows), {@link WindowEvaluation} (the checks of a window as a
 * pure function), the {@link QualityTracker} (live accuracy from joined labels) and the alert debouncer.
 * When the profiler falls behind, chunks are dropped (counted in {@link #droppedChunks()}) and the hot
 * path samples, so monitoring never blocks the caller. Windows are evaluated every {@code slideChunks}
 * chunks over the last {@code windowChunks} chunks (tumbling when equal, sliding when smaller). From one
 * producing thread the windows are deterministic.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public final class Monitor implements AutoCloseable {
    private final String name;
    private final String[] features;
    private final DriftDetector detector;
    private final double maxErrorRate;
    private final double maxLatencyNanos;
    private final Clock clock;
    private final AlertDebouncer alerts;
    private final ChunkCollector collector;
    private final WindowProfiler profiler;
    private final ThreadPoolExecutor worker;
    private final LongAdder rejected = new LongAdder();
    private final LabelJoin<Pending> pending;
    private final Recent<DriftWindow> windows;
    private final QualityTracker quality;
    private final Object predictionLock = new Object();
    private volatile DatasetProfile reference;
    private ColumnProfile firstPrediction;

    private Monitor(Builder b) {
        this.name = b.name;
        this.reference = b.reference;
        List<String> f = b.features != null ? b.features : b.reference.features();
        if (b.target != null) {
            f = new ArrayList<>(f);
            f.remove(b.target);
        }
        this.features = f.toArray(new String[0]);
        boolean[] numeric = new boolean[features.length];
        for (int i = 0; i < features.length; i++) {
            numeric[i] = b.reference.column(features[i]) instanceof NumericProfile;
        }
        int slide = b.slideChunks == 0 ? b.windowChunks : b.slideChunks;
        int samplePerChunk = b.sampleRows == 0 ? 0 : Math.max(1, (b.sampleRows + b.windowChunks - 1) / b.windowChunks);
        this.detector = b.detector;
        this.maxErrorRate = b.maxErrorRate;
        this.maxLatencyNanos = b.maxLatencyNanos;
        this.clock = b.clock;
        this.alerts = new AlertDebouncer(name, b.debounceWindows, b.listeners, b.retainWindows);
        this.windows = new Recent<>(b.retainWindows);
        this.quality = new QualityTracker(name, b.qualityWindow, b.baselineAccuracy, b.maxAccuracyDrop, b.qualityAlpha,
                alerts, clock, b.retainWindows);
        this.worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(b.queueChunks),
                r -> {
                    Thread t = new Thread(r, "lifecycle-monitor-" + name);
                    t.setDaemon(true);
                    return t;
                }, (task, pool) -> rejected.increment());
        worker.prestartAllCoreThreads();
        this.pending = LabelJoin.ofSize(b.pendingLabels);
        this.profiler = new WindowProfiler(features, numeric, b.windowChunks, slide, samplePerChunk, b.sampleSeed);
        this.collector = new ChunkCollector(features, numeric, b.chunkRows, b.profileOneIn, samplePerChunk > 0, c -> {
            if (worker.getQueue().remainingCapacity() == 0) {
                return false;
            }
            worker.execute(() -> absorb(c));
            return true;
        });
    }

    /**
     * @param name the monitored deployment's name (used in alerts)
     * @param reference the reference profile: the training data's, or a chosen dataset version's
     * @return a builder
     */
    public static Builder builder(String name, DatasetProfile reference) {
        return new Builder(Objects.requireNonNull(name, "name"), Objects.requireNonNull(reference, "reference"));
    }

    /** @return the monitored feature names, in order */
    public List<String> features() {
        return List.of(features);
    }

    /**
     * Records one served row and its prediction. Cheap: copies the monitored values into a per-thread
     * chunk. Never throws for odd rows: a missing or mistyped feature counts as missing.
     */
    public void observe(Row row, Prediction prediction) {
        record(row, prediction, 0);
    }

    /**
     * Records one served row, its prediction and the predict latency (for latency alerts).
     *
     * @param latencyNanos the measured latency, or 0 when not measured
     */
    public void observe(Row row, Prediction prediction, long latencyNanos) {
        record(row, prediction, latencyNanos);
    }

    /** Records one predict call that threw (for error-rate alerts). */
    public void observeError() {
        collector.error();
    }

    private void record(Row row, Prediction p, long latencyNanos) {
        double confidence = p != null && p.label() != null && p.hasScores() ? p.score(p.label()) : Double.NaN;
        if (p != null && p.label() != null) {
            // labels are joined for every prediction, also while profiling is sampled
            pending.offer(p.id(), new Pending(p.label(), confidence), 0L);
        }
        collector.add(row, p, confidence, latencyNanos);
    }

    /**
     * Joins a delayed label to a prediction this monitor observed, for live accuracy and quality alerts.
     *
     * @return whether the prediction was found (it may have left the pending window)
     */
    public boolean feedback(long predictionId, String label) {
        Objects.requireNonNull(label, "label");
        Pending p = pending.take(predictionId);
        if (p == null) {
            return false;
        }
        quality.add(label.equals(p.label), p.confidence);
        return true;
    }

    /**
     * Replaces the reference profile and the quality baseline, as after promoting a model trained on
     * newer data. The new reference applies from the chunks handed to the profiler after this call, in
     * order with them, so a run with a fixed input order compares the same windows with the same
     * references every time.
     *
     * @param newReference the new model's training profile
     * @param baselineAccuracy its expected accuracy, or NaN to take the next quality window's
     */
    public void rebase(DatasetProfile newReference, double baselineAccuracy) {
        Objects.requireNonNull(newReference, "newReference");
        quality.rebase(baselineAccuracy);
        if (worker.isShutdown()) {
            reference = newReference;
            return;
        }
        try {
            worker.getQueue().put(() -> reference = newReference);
        } catch (InterruptedException e) {
            reference = newReference;
            Thread.currentThread().interrupt();
        }
    }

    /** Waits until every full chunk handed over so far is profiled and its windows evaluated. */
    public void flush() {
        if (worker.isShutdown()) {
            return; // closed: close() already waited for the queued chunks
        }
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        try {
            worker.getQueue().put(done::countDown);
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** @return the latest evaluated drift windows (at most {@link Builder#retainWindows}), oldest first */
    public List<DriftWindow> driftWindows() {
        return windows.list();
    }

    /** @return the latest closed quality windows (at most {@link Builder#retainWindows}), oldest first */
    public List<QualityWindow> qualityWindows() {
        return quality.windows();
    }

    /** @return the latest alerts raised (at most {@link Builder#retainWindows}), oldest first */
    public List<Alert> alerts() {
        return alerts.raised();
    }

    /**
     * A seeded sample of the raw rows of the current window, for a {@link MultivariateDrift} check:
     * {@code drift.check(trainingVersion, monitor.sampledRows())}. Each profiled chunk contributes an
     * equal share, drawn without replacement, and the shares of the last {@code windowChunks} chunks
     * are kept. Call {@link #flush()} first to include every full chunk handed over so far.
     *
     * @return the sampled rows, oldest chunk first; empty unless the builder enabled
     *     {@link Builder#sampleRows(int, long) sampleRows}
     */
    public List<Row> sampledRows() {
        return profiler.sampledRows();
    }

    /** @return the hot-path chunk buffers: a fixed number, whatever the number of threads that ever called */
    int stripes() {
        return collector.stripes();
    }

    /** @return chunks dropped because the background profiler fell behind */
    public long droppedChunks() {
        return collector.dropped() + rejected.sum();
    }

    /** @return alert listeners that threw (caught and counted) */
    public long listenerFailures() {
        return alerts.failures();
    }

    /** @return the monitor's name */
    public String name() {
        return name;
    }

    /** Stops the background profiler after the chunks already handed over. */
    @Override
    public void close() {
        worker.shutdown();
        try {
            worker.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** On the profiler thread: profiles a chunk and checks the window that ends with it. */
    private void absorb(ChunkCollector.Chunk c) {
        WindowProfiler.Window w = profiler.absorb(c);
        collector.recycle(c);
        if (w == null) {
            return;
        }
        DatasetProfile ref = reference;
        long index = windows.total();
        WindowEvaluation.Result r = WindowEvaluation.evaluate(name, features, ref, predictionReference(ref,
                w.profile()), w, index, detector, maxErrorRate, maxLatencyNanos);
        java.time.Instant now = clock.instant();
        for (WindowEvaluation.Finding f : r.findings()) {
            alerts.check(f.kind(), f.subject(), f.active(), f.value(), f.threshold(), index, now, f.message());
        }
        windows.add(r.window());
    }

    private ColumnProfile predictionReference(DatasetProfile ref, DatasetProfile window) {
        if (ref.columns().containsKey("prediction")) {
            return ref.column("prediction");
        }
        // no recorded prediction reference: the first evaluated window serves as one
        synchronized (predictionLock) {
            if (firstPrediction == null) {
                firstPrediction = window.column("prediction");
            }
            return firstPrediction;
        }
    }

    /** A prediction waiting for its label. */
    private record Pending(String label, double confidence) {
    }

    /** Configures a {@link Monitor}; fails fast on impossible settings. */
    @API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
    public static final class Builder {
        private final String name;
        private final DatasetProfile reference;
        private List<String> features;
        private String target;
        private int chunkRows = 256;
        private int profileOneIn = 1;
        private int windowChunks = 8;
        private int slideChunks;
        private DriftDetector detector = DriftDetectors.auto();
        private int qualityWindow = 500;
        private double baselineAccuracy = Double.NaN;
        private double maxAccuracyDrop = 0.05;
        private double qualityAlpha = 1e-3;
        private double maxErrorRate = 0.01;
        private double maxLatencyNanos = Double.POSITIVE_INFINITY;
        private int debounceWindows = 5;
        private int queueChunks = 64;
        private int pendingLabels = 1 << 16;
        private int retainWindows = 1024;
        private Clock clock = Clock.systemUTC();
        private int sampleRows;
        private long sampleSeed;
        private final List<AlertListener> listeners = new ArrayList<>();

        private Builder(String name, DatasetProfile reference) {
            this.name = name;
            this.reference = reference;
        }

        /**
         * Monitors only these features (default: the reference's feature columns by role, so never its
         * target, identifiers, ignored, weight, time or group columns).
         */
        public Builder features(List<String> names) {
            for (String f : names) {
                reference.column(f);
            }
            this.features = List.copyOf(names);
            return this;
        }

        /** Leaves the target column out of the monitored features. */
        public Builder target(String column) {
            this.target = Objects.requireNonNull(column, "column");
            return this;
        }

        /** Rows per per-thread chunk, the unit handed to the background profiler (default 256). */
        public Builder chunkRows(int rows) {
            if (rows < 16) {
                throw new IllegalArgumentException("chunkRows must be at least 16, got " + rows);
            }
            this.chunkRows = rows;
            return this;
        }

        /**
         * Profiles one served row in {@code n} on average (default 1: every row), for services whose request
         * rate would keep the background profiler busy: each profiled row costs the profiler about as much
         * CPU as a small model's prediction, and on a machine with few cores that thread competes with the
         * requests. The gaps between profiled rows are drawn at random (seeded per stripe, uniform in
         * [1, 2n-1]) so periodic traffic cannot alias with them. Windows still hold
         * {@code chunkRows * windowChunks} profiled rows, so each drift test keeps its sample size and power,
         * but a window spans about {@code n} times more traffic: drift is detected about {@code n} times
         * later in served rows, and a drift burst shorter than a window is diluted. Label joins, confidence,
         * latency and error counts still see every call.
         */
        public Builder profileOneIn(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("profileOneIn must be at least 1 (every row), got " + n);
            }
            this.profileOneIn = n;
            return this;
        }

        /** Chunks merged into one window (default 8, so 2,048 rows). */
        public Builder windowChunks(int chunks) {
            if (chunks < 1) {
                throw new IllegalArgumentException("windowChunks must be at least 1, got " + chunks);
            }
            this.windowChunks = chunks;
            return this;
        }

        /** Evaluates a window every this many chunks (default: windowChunks, tumbling windows). */
        public Builder slideChunks(int chunks) {
            if (chunks < 1) {
                throw new IllegalArgumentException("slideChunks must be at least 1, got " + chunks);
            }
            this.slideChunks = chunks;
            return this;
        }

        /** Judges every feature with this detector (default {@link DriftDetectors#auto()}). */
        public Builder detector(DriftDetector d) {
            this.detector = GuardedDriftDetector.of(Objects.requireNonNull(d, "detector"));
            return this;
        }

        /** Labels per quality window (default 500). */
        public Builder qualityWindow(int labels) {
            if (labels < 10) {
                throw new IllegalArgumentException("qualityWindow must be at least 10 labels, got " + labels);
            }
            this.qualityWindow = labels;
            return this;
        }

        /** The accuracy live quality is compared with (default: the first quality window's). */
        public Builder baselineAccuracy(double accuracy) {
            if (!(accuracy >= 0 && accuracy <= 1)) {
                throw new IllegalArgumentException("baselineAccuracy must be in [0, 1], got " + accuracy);
            }
            this.baselineAccuracy = accuracy;
            return this;
        }

        /** A quality alert needs a drop larger than this and a binomial p-value below {@code alpha}. */
        public Builder maxAccuracyDrop(double drop, double alpha) {
            if (!(drop >= 0 && drop < 1) || !(alpha > 0 && alpha < 1)) {
                throw new IllegalArgumentException("Give a drop in [0, 1) and alpha in (0, 1), got " + drop + ", "
                        + alpha);
            }
            this.maxAccuracyDrop = drop;
            this.qualityAlpha = alpha;
            return this;
        }

        /** Alerts when more than this share of predict calls in a window threw (default 0.01). */
        public Builder maxErrorRate(double rate) {
            this.maxErrorRate = rate;
            return this;
        }

        /** Alerts when the mean sampled predict latency of a window exceeds this (default: never). */
        public Builder maxLatency(java.time.Duration latency) {
            this.maxLatencyNanos = latency.toNanos();
            return this;
        }

        /** After an alert, the same condition alerts again only this many windows later (default 5). */
        public Builder debounceWindows(int windows) {
            if (windows < 1) {
                throw new IllegalArgumentException("debounceWindows must be at least 1, got " + windows);
            }
            this.debounceWindows = windows;
            return this;
        }

        /** Full chunks waiting for the profiler before new ones are dropped (default 64). */
        public Builder queueChunks(int chunks) {
            if (chunks < 1) {
                throw new IllegalArgumentException("queueChunks must be at least 1, got " + chunks);
            }
            this.queueChunks = chunks;
            return this;
        }

        /**
         * Drift windows, quality windows and alerts kept in memory (default 1,024 of each; older ones are
         * dropped, so a monitor running for months holds a fixed amount; window indexes keep counting).
         */
        public Builder retainWindows(int count) {
            if (count < 1) {
                throw new IllegalArgumentException("retainWindows must be at least 1, got " + count);
            }
            this.retainWindows = count;
            return this;
        }

        /** Predictions remembered for the label join (default 65,536, rounded up to a power of two). */
        public Builder pendingLabels(int predictions) {
            if (predictions < 1) {
                throw new IllegalArgumentException("pendingLabels must be at least 1, got " + predictions);
            }
            this.pendingLabels = predictions;
            return this;
        }

        /**
         * Keeps a seeded sample of about this many raw rows of the current window, read with
         * {@link Monitor#sampledRows()} (default: off, and then {@link Monitor#observe} keeps no rows).
         * When on, {@code observe} stores one reference per row; the sampling runs on the background profiler.
         *
         * @param rows the sample size, at least 10 (rounded up to a multiple of {@code windowChunks})
         * @param seed the seed of the sampling
         */
        public Builder sampleRows(int rows, long seed) {
            if (rows < 10) {
                throw new IllegalArgumentException("sampleRows must be at least 10 rows, got " + rows
                        + "; leave it unset to keep no rows");
            }
            this.sampleRows = rows;
            this.sampleSeed = seed;
            return this;
        }

        /** Stamps alerts with this clock. */
        public Builder clock(Clock c) {
            this.clock = Objects.requireNonNull(c, "clock");
            return this;
        }

        /** Adds a listener for alerts. */
        public Builder alertListener(AlertListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /** @return the monitor, with its background profiler started */
        public Monitor build() {
            if (slideChunks > windowChunks) {
                throw new IllegalArgumentException("slideChunks (" + slideChunks + ") must not exceed windowChunks ("
                        + windowChunks + "); windows would skip rows");
            }
            return new Monitor(this);
        }
    }
}
