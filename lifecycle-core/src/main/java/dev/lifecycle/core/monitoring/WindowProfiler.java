package dev.lifecycle.core.monitoring;

import dev.lifecycle.api.data.Row;
import dev.lifecycle.core.data.CategoricalProfile;
import dev.lifecycle.core.data.ColumnProfile;
import dev.lifecycle.core.data.DatasetProfile;
import dev.lifecycle.core.data.NumericProfile;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The monitor's background profiling: streams chunks into the data phase's profile accumulators, one
 * profile per segment of chunks (the largest count dividing both the window and the slide: the whole
 * window when tumbling), merges the latest segments into a window every {@code slideChunks} chunks, and
 * keeps a seeded sample of raw rows per chunk. Called from one thread (the monitor's profiler).
 */
final class WindowProfiler {
    /** The number of {@link Window#extras}. */
    static final int EXTRAS = 6;
    private final String[] features;
    private final boolean[] numeric;
    private final int windowChunks;
    private final int slideChunks;
    private final int segmentChunks;
    private final int samplePerChunk;
    private final SplittableRandom sampleRandom;
    private final Deque<List<Row>> sampled = new ArrayDeque<>();
    private final NumericProfile.Accumulator[] open;
    private final CategoricalProfile[] openText;
    private double[] openExtras = new double[EXTRAS];
    private long openRows;
    private int openChunks;
    private final Deque<DatasetProfile> recent = new ArrayDeque<>();
    private final Deque<double[]> recentExtras = new ArrayDeque<>();
    private long chunks;
    private long rowsProfiled;

    /**
     * A window ready to check.
     *
     * @param profile the merged profile of the window's rows, with a {@code prediction} column
     * @param extras summed confidence, confidence count, errors, latency, latency count and rows served but
     *     not profiled (sampling)
     * @param firstRow the number of rows profiled before the window
     */
    record Window(DatasetProfile profile, double[] extras, long firstRow) {
    }

    WindowProfiler(String[] features, boolean[] numeric, int windowChunks, int slideChunks, int samplePerChunk,
            long sampleSeed) {
        this.features = features;
        this.numeric = numeric;
        this.windowChunks = windowChunks;
        this.slideChunks = slideChunks;
        int g = windowChunks;
        for (int r = slideChunks; r != 0; ) {
            int t = g % r;
            g = r;
            r = t;
        }
        this.segmentChunks = g;
        this.samplePerChunk = samplePerChunk;
        this.sampleRandom = new SplittableRandom(sampleSeed);
        this.open = new NumericProfile.Accumulator[features.length];
        this.openText = new CategoricalProfile[features.length + 1];
    }

    /** @return the window that ends with this chunk, or null when none does */
    Window absorb(ChunkCollector.Chunk c) {
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
        openExtras[5] += c.unprofiled;
        openRows += c.rows;
        openChunks++;
        chunks++;
        rowsProfiled += c.rows;
        return openChunks == segmentChunks ? closeSegment() : null;
    }

    /**
     * Closes the open segment ({@code segmentChunks} chunks profiled as one, so a window costs one profile
     * per segment instead of one small profile per chunk plus their merges).
     */
    private Window closeSegment() {
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
        openExtras = new double[EXTRAS];
        openRows = 0;
        openChunks = 0;
        int windowSegments = windowChunks / segmentChunks;
        while (recent.size() > windowSegments) {
            recent.removeFirst();
            recentExtras.removeFirst();
        }
        if (recent.size() != windowSegments || (chunks - windowChunks) % slideChunks != 0) {
            return null;
        }
        DatasetProfile window = null;
        for (DatasetProfile p : recent) {
            window = window == null ? p : window.merge(p);
        }
        double[] extra = new double[EXTRAS];
        for (double[] e : recentExtras) {
            for (int i = 0; i < extra.length; i++) {
                extra[i] += e[i];
            }
        }
        return new Window(window, extra, rowsProfiled - window.rows());
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

    /** @return the sampled rows of the last {@code windowChunks} chunks, oldest first (any thread) */
    List<Row> sampledRows() {
        List<Row> out = new ArrayList<>();
        synchronized (sampled) {
            sampled.forEach(out::addAll);
        }
        return Collections.unmodifiableList(out);
    }
}
