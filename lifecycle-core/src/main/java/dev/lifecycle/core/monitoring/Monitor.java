package dev.lifecycle.core.monitoring;

import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.model.Prediction;
import dev.lifecycle.api.monitoring.Alert;
import dev.lifecycle.api.monitoring.AlertKind;
import dev.lifecycle.api.monitoring.AlertListener;
import dev.lifecycle.api.monitoring.DriftDetector;
import dev.lifecycle.api.monitoring.DriftResult;
import dev.lifecycle.api.monitoring.FeatureSummary;
import dev.lifecycle.core.data.CategoricalProfile;
import dev.lifecycle.core.data.ColumnProfile;
import dev.lifecycle.core.data.DatasetProfile;
import dev.lifecycle.core.data.NumericProfile;
import dev.lifecycle.core.monitoring.internal.WindowChecks;
import dev.lifecycle.core.internal.AlertDebouncer;
import dev.lifecycle.core.internal.LabelJoin;
import dev.lifecycle.core.internal.Recent;
import dev.lifecycle.core.internal.Stripes;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

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
 * <p>Hot path: {@link #observe} copies the monitored values into a chunk buffer of its stripe (one of
 * a fixed number, so threads that come and go leave nothing; a stripe is taken with one
 * compare-and-set, no sketch update); a full chunk is handed to one background thread that streams it into the data
 * phase's profile accumulators, one profile per segment of chunks (the largest count dividing both the
 * window and the slide: the whole window when tumbling), and merges segments into windows. When that
 * thread falls behind, the producing thread drops the chunk (counted in {@link #droppedChunks()}) and
 * skips the next four chunks' worth of rows, so monitoring degrades to sampling and never blocks the
 * caller.
 * Windows are evaluated every {@code slideChunks} chunks over the last {@code windowChunks} chunks
 * (tumbling when equal, sliding when smaller). From one producing thread the windows are
 * deterministic.
 */
public final class Monitor implements AutoCloseable {
    private static final double MISSING_SHIFT = 0.05;
    private static final double OUT_OF_DOMAIN = 0.05;

    private final String name;
    private final String[] features;
    private final boolean[] numeric;
    private final int chunkRows;
    private final int windowChunks;
    private final int slideChunks;
    private final DriftDetector detector;
    private final double maxErrorRate;
    private final double maxLatencyNanos;
    private final Clock clock;
    private final AlertDebouncer alerts;
    /** Chunk buffers in a fixed number of stripes, not per thread: threads that come and go leave nothing. */
    private final Stripes<Local> locals;
    private final ThreadPoolExecutor worker;
    private final LongAdder dropped = new LongAdder();
    private final LabelJoin<Pending> pending;
    /** Chunks whose arrays the profiler is done with, for the hot path to fill again instead of allocating. */
    private final java.util.concurrent.ConcurrentLinkedQueue<Chunk> spare =
            new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final int samplePerChunk;
    private final java.util.SplittableRandom sampleRandom;
    private final Deque<List<Row>> sampled = new ArrayDeque<>();

    /** Chunks profiled together: the largest count dividing both the window and the slide. */
    private final int segmentChunks;
    private final NumericProfile.Accumulator[] open;
    private final CategoricalProfile[] openText;
    private double[] openExtras = new double[5];
    private long openRows;
    private int openChunks;
    private final Deque<DatasetProfile> recent = new ArrayDeque<>();
    private final Deque<double[]> recentExtras = new ArrayDeque<>();
    private final Recent<DriftWindow> windows;
    private final QualityTracker quality;
    private final Object predictionLock = new Object();
    private volatile DatasetProfile reference;
    private long chunks;
    private long rowsProfiled;

    private Monitor(Builder b) {
        this.name = b.name;
        this.reference = b.reference;
        List<String> f = b.features != null ? b.features : b.reference.features();
        if (b.target != null) {
            f = new ArrayList<>(f);
            f.remove(b.target);
        }
        this.features = f.toArray(new String[0]);
        this.numeric = new boolean[features.length];
        for (int i = 0; i < features.length; i++) {
            numeric[i] = b.reference.column(features[i]) instanceof NumericProfile;
        }
        this.chunkRows = b.chunkRows;
        this.windowChunks = b.windowChunks;
        this.slideChunks = b.slideChunks == 0 ? b.windowChunks : b.slideChunks;
        int g = windowChunks;
        for (int r = slideChunks; r != 0; ) {
            int t = g % r;
            g = r;
            r = t;
        }
        this.segmentChunks = g;
        this.open = new NumericProfile.Accumulator[features.length];
        this.openText = new CategoricalProfile[features.length + 1];
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
                }, (task, pool) -> dropped.increment());
        worker.prestartAllCoreThreads();
        this.pending = LabelJoin.ofSize(b.pendingLabels);
        this.samplePerChunk = b.sampleRows == 0 ? 0 : Math.max(1, (b.sampleRows + windowChunks - 1) / windowChunks);
        this.locals = new Stripes<>(i -> new Local());
        this.sampleRandom = new java.util.SplittableRandom(b.sampleSeed);
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
        Local t = acquire();
        t.errors++;
        t.release();
    }

    /**
     * Locks the calling thread's stripe, or the next free one when another thread holds it: a thread that
     * has its stripe to itself always writes the same chunk buffer, so one producing thread is deterministic.
     */
    private Local acquire() {
        int i = locals.index();
        for (int k = 0; ; k++) {
            Local l = locals.get(i + k);
            if (l.tryLock()) {
                return l;
            }
            if (k >= locals.size()) {
                Thread.onSpinWait();
            }
        }
    }

    private void record(Row row, Prediction p, long latencyNanos) {
        double confidence = p != null && p.label() != null && p.hasScores() ? p.score(p.label()) : Double.NaN;
        if (p != null && p.label() != null) {
            // labels are joined for every prediction, also while profiling is sampled
            pending.offer(p.id(), new Pending(p.label(), confidence), 0L);
        }
        Local t = acquire();
        try {
            fill(t, row, p, confidence, latencyNanos);
        } finally {
            t.release();
        }
    }

    private void fill(Local t, Row row, Prediction p, double confidence, long latencyNanos) {
        if (t.skip > 0) {
            // the profiler is behind: this thread samples, skipping whole chunks rather than queueing them
            t.skip--;
            return;
        }
        int n = t.n;
        int[] hints = t.hints;
        String[] seen = t.seen;
        double[][] values = t.values;
        int size = row.size();
        for (int i = 0; i < features.length; i++) {
            int pos = hints[i];
            if (pos >= size || !sameName(seen, i, row.name(pos))) {
                pos = row.indexOf(features[i]);
                if (pos >= 0) {
                    hints[i] = pos;
                }
            }
            if (numeric[i]) {
                values[i][n] = pos >= 0 && row.isNumber(pos) ? row.number(pos) : Double.NaN;
            } else {
                Object v = pos >= 0 ? row.get(pos) : null;
                t.text[i][n] = v == null ? null : v.toString();
            }
        }
        if (p != null) {
            t.predicted[n] = p.label();
            if (confidence == confidence) {
                t.confidence += confidence;
                t.confidenceCount++;
            }
        }
        if (t.raw != null) {
            t.raw[n] = row;
        }
        if (latencyNanos > 0) {
            t.latency += latencyNanos;
            t.latencyCount++;
        }
        t.n = n + 1;
        if (t.n == chunkRows) {
            Chunk c = t.take();
            if (worker.getQueue().remainingCapacity() == 0) {
                dropped.increment();
                t.skip = 4 * chunkRows;
                spare.offer(c);
            } else {
                worker.execute(() -> absorb(c));
            }
        }
    }

    /**
     * Whether a row's column name is monitored feature {@code i}. Rows usually share their name strings,
     * so the instance that last matched is remembered and compared by identity before by content.
     */
    private boolean sameName(String[] seen, int i, String name) {
        if (name == seen[i]) {
            return true;
        }
        if (!name.equals(features[i])) {
            return false;
        }
        seen[i] = name;
        return true;
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
        List<Row> out = new ArrayList<>();
        synchronized (sampled) {
            sampled.forEach(out::addAll);
        }
        return Collections.unmodifiableList(out);
    }

    /** @return the hot-path chunk buffers: a fixed number, whatever the number of threads that ever called */
    int stripes() {
        return locals.size();
    }

    /** @return chunks dropped because the background profiler fell behind */
    public long droppedChunks() {
        return dropped.sum();
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

    private void absorb(Chunk c) {
        for (int i = 0; i < features.length; i++) {
            if (numeric[i]) {
                if (open[i] == null) {
                    open[i] = NumericProfile.accumulator(features[i]);
                }
                open[i].addAll(c.values[i], 0, c.rows);
            } else {
                openText[i] = merged(openText[i], CategoricalProfile.of(features[i], Arrays.asList(c.text[i])));
            }
        }
        openText[features.length] = merged(openText[features.length],
                CategoricalProfile.of("prediction", Arrays.asList(c.predicted)));
        if (c.raw != null) {
            sample(c.raw, c.rows);
        }
        openExtras[0] += c.confidence;
        openExtras[1] += c.confidenceCount;
        openExtras[2] += c.errors;
        openExtras[3] += c.latency;
        openExtras[4] += c.latencyCount;
        openRows += c.rows;
        openChunks++;
        chunks++;
        rowsProfiled += c.rows;
        spare.offer(c);
        if (openChunks == segmentChunks) {
            closeSegment();
        }
    }

    /**
     * Closes the open segment ({@code segmentChunks} chunks profiled as one, so a window costs one profile
     * per segment instead of one small profile per chunk plus their merges) and evaluates a window when
     * one ends here.
     */
    private void closeSegment() {
        List<ColumnProfile> cols = new ArrayList<>(features.length + 1);
        for (int i = 0; i < features.length; i++) {
            cols.add(numeric[i] ? open[i].build() : openText[i]);
            open[i] = null;
            openText[i] = null;
        }
        cols.add(openText[features.length]);
        openText[features.length] = null;
        recent.addLast(new DatasetProfile(openRows, cols));
        recentExtras.addLast(openExtras);
        openExtras = new double[5];
        openRows = 0;
        openChunks = 0;
        int windowSegments = windowChunks / segmentChunks;
        while (recent.size() > windowSegments) {
            recent.removeFirst();
            recentExtras.removeFirst();
        }
        if (recent.size() == windowSegments && (chunks - windowChunks) % slideChunks == 0) {
            evaluate();
        }
    }

    private static CategoricalProfile merged(CategoricalProfile open, CategoricalProfile chunk) {
        return open == null ? chunk : open.merge(chunk);
    }

    private void sample(Row[] raw, int n) {
        int k = Math.min(samplePerChunk, n);
        for (int i = 0; i < k; i++) {
            int j = i + sampleRandom.nextInt(n - i);
            Row t = raw[i];
            raw[i] = raw[j];
            raw[j] = t;
        }
        List<Row> picked = List.of(Arrays.copyOf(raw, k));
        synchronized (sampled) {
            sampled.addLast(picked);
            while (sampled.size() > windowChunks) {
                sampled.removeFirst();
            }
        }
    }

    private void evaluate() {
        DatasetProfile window = null;
        for (DatasetProfile p : recent) {
            window = window == null ? p : window.merge(p);
        }
        double[] extra = new double[5];
        for (double[] e : recentExtras) {
            for (int i = 0; i < extra.length; i++) {
                extra[i] += e[i];
            }
        }
        DatasetProfile ref = reference;
        long index = windows.total();
        List<DriftResult> drift = new ArrayList<>();
        List<Double> missing = new ArrayList<>();
        List<Double> ood = new ArrayList<>();
        java.time.Instant now = clock.instant();
        for (int i = 0; i <= features.length; i++) {
            String f = i < features.length ? features[i] : "prediction";
            ColumnProfile cur = window.column(f);
            ColumnProfile r = i < features.length ? ref.column(f) : predictionReference(ref, window);
            if (r == null) {
                continue;
            }
            FeatureSummary rs = new ProfileSummary(r);
            FeatureSummary cs = new ProfileSummary(cur);
            DriftResult d = detector.supports(rs.numeric()) ? detector.detect(rs, cs)
                    : DriftDetectors.auto().detect(rs, cs);
            drift.add(d);
            alerts.check(AlertKind.DRIFT, f, d.drifted(), d.score(), d.threshold(), index, now,
                    String.format(Locale.ROOT, "Feature '%s' of %s drifted: %s %.4f above %.4f over %d rows;"
                            + " compare it with the training data and consider retraining", f, name, d.method(),
                            d.score(), d.threshold(), window.rows()));
            double shift = cur.missingRate() - r.missingRate();
            double out = WindowChecks.outOfDomain(r, cur);
            missing.add(shift);
            ood.add(out);
            if (i < features.length) {
                boolean bad = Math.abs(shift) > MISSING_SHIFT || out > OUT_OF_DOMAIN;
                alerts.check(AlertKind.DATA_QUALITY, f, bad, Math.max(Math.abs(shift), out),
                        Math.abs(shift) > MISSING_SHIFT ? MISSING_SHIFT : OUT_OF_DOMAIN, index, now,
                        String.format(Locale.ROOT, "Inputs of '%s' to %s look broken: missing rate %+.3f against"
                                + " training, %.3f of values outside the training domain; check the upstream data",
                                f, name, shift, out));
            }
        }
        long rows = window.rows();
        double calls = rows + extra[2];
        double errorRate = calls == 0 ? 0 : extra[2] / calls;
        double latency = extra[4] == 0 ? Double.NaN : extra[3] / extra[4];
        alerts.check(AlertKind.ERROR_RATE, "errors", errorRate > maxErrorRate, errorRate, maxErrorRate, index, now,
                String.format(Locale.ROOT, "%.2f%% of predict calls of %s failed; see the deployment's errors",
                        100 * errorRate, name));
        alerts.check(AlertKind.LATENCY, "latency", latency > maxLatencyNanos, latency, maxLatencyNanos, index, now,
                String.format(Locale.ROOT, "Mean predict latency of %s is %.0f ns, above %.0f ns", name, latency,
                        maxLatencyNanos));
        windows.add(new DriftWindow(index, rowsProfiled - rows, rows, drift,
                extra[1] == 0 ? Double.NaN : extra[0] / extra[1], missing, ood, errorRate, latency));
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

    private ColumnProfile firstPrediction;

    /** A prediction waiting for its label. */
    private record Pending(String label, double confidence) {
    }

    /** A full chunk handed to the background profiler. */
    private static final class Chunk {
        int rows;
        double[][] values;
        String[][] text;
        String[] predicted;
        Row[] raw;
        double confidence;
        long confidenceCount;
        long errors;
        double latency;
        long latencyCount;
    }

    /** One stripe's hot-path buffer, locked by the thread writing it. */
    private final class Local {
        private final java.util.concurrent.atomic.AtomicBoolean lock = new java.util.concurrent.atomic.AtomicBoolean();
        int n;
        int skip;
        final int[] hints = new int[features.length];
        final String[] seen = new String[features.length];
        double[][] values;
        String[][] text;
        String[] predicted;
        Row[] raw;
        double confidence;
        long confidenceCount;
        long errors;
        double latency;
        long latencyCount;

        Local() {
            fresh();
        }

        boolean tryLock() {
            return !lock.get() && lock.compareAndSet(false, true);
        }

        void release() {
            lock.setRelease(false);
        }

        private void fresh() {
            Chunk reused = spare.poll();
            if (reused != null) {
                values = reused.values;
                text = reused.text;
                predicted = reused.predicted;
                raw = reused.raw;
                return;
            }
            values = new double[features.length][];
            text = new String[features.length][];
            for (int i = 0; i < features.length; i++) {
                if (numeric[i]) {
                    values[i] = new double[chunkRows];
                } else {
                    text[i] = new String[chunkRows];
                }
            }
            predicted = new String[chunkRows];
            raw = samplePerChunk > 0 ? new Row[chunkRows] : null;
        }

        Chunk take() {
            Chunk c = new Chunk();
            c.rows = n;
            c.values = values;
            c.text = text;
            c.predicted = predicted;
            c.raw = raw;
            c.confidence = confidence;
            c.confidenceCount = confidenceCount;
            c.errors = errors;
            c.latency = latency;
            c.latencyCount = latencyCount;
            n = 0;
            confidence = 0;
            confidenceCount = 0;
            errors = 0;
            latency = 0;
            latencyCount = 0;
            fresh();
            return c;
        }
    }

    /** Configures a {@link Monitor}; fails fast on impossible settings. */
    public static final class Builder {
        private final String name;
        private final DatasetProfile reference;
        private List<String> features;
        private String target;
        private int chunkRows = 256;
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
