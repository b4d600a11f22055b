package dev.lifecycle.core.loop;

import dev.lifecycle.api.data.Row;
import dev.lifecycle.core.internal.LoopSnapshot;
import dev.lifecycle.core.monitoring.DriftWindow;
import dev.lifecycle.core.monitoring.Monitor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The loop's labelled window and what its triggers read: the latest labelled rows (bounded), whether
 * the serving model got each right, the labels counted since the last retrain and the features that
 * drifted since then. Not thread-safe: the loop guards it with its lock.
 */
final class LabelledWindow implements LoopState {
    private final int max;
    private final ArrayDeque<Row> rows = new ArrayDeque<>();
    private final ArrayDeque<Boolean> correct = new ArrayDeque<>();
    private final Set<String> drifted = new LinkedHashSet<>();
    private long windowsSeen;
    private long labels;
    private long labelsAtRetrain;

    /** @param max the rows kept (the largest history plus the holdout) */
    LabelledWindow(int max) {
        this.max = max;
    }

    /** Adds a labelled row (target included) and whether the serving model got it right. */
    void add(Row labelledRow, boolean right) {
        labels++;
        rows.addLast(labelledRow);
        if (rows.size() > max) {
            rows.removeFirst();
        }
        correct.addLast(right);
        if (correct.size() > max) {
            correct.removeFirst();
        }
    }

    int size() {
        return rows.size();
    }

    long labels() {
        return labels;
    }

    List<Row> rows() {
        return List.copyOf(rows);
    }

    /** @return the latest rows labelled since the last retrain (as many as the window still holds), oldest first */
    List<Row> sinceRetrain() {
        int n = (int) Math.min(rows.size(), labelsSinceRetrain());
        List<Row> all = new ArrayList<>(rows);
        return List.copyOf(all.subList(all.size() - n, all.size()));
    }

    /** @return a copy of the rows for an iteration, which restarts the counts since the last retrain */
    List<Row> startRetrain() {
        labelsAtRetrain = labels;
        drifted.clear();
        return new ArrayList<>(rows);
    }

    /** Collects the features that drifted in the monitor's windows not seen yet. */
    void collectDrift(Monitor monitor) {
        monitor.flush();
        for (DriftWindow w : monitor.driftWindows()) {
            if (w.index() < windowsSeen) {
                continue;
            }
            for (String f : w.drifted()) {
                if (!f.equals("prediction")) {
                    drifted.add(f);
                }
            }
            windowsSeen = w.index() + 1;
        }
    }

    @Override
    public long labelsSinceRetrain() {
        return labels - labelsAtRetrain;
    }

    @Override
    public double recentAccuracy(int n) {
        int k = 0;
        int c = 0;
        var it = correct.descendingIterator();
        while (it.hasNext() && k < n) {
            c += it.next() ? 1 : 0;
            k++;
        }
        return k == 0 ? Double.NaN : (double) c / k;
    }

    @Override
    public List<String> driftedSinceRetrain() {
        return List.copyOf(drifted);
    }

    /** Restores the window stored by an earlier loop on the same model. */
    void restore(LoopSnapshot s) {
        for (List<Object> values : s.labelled()) {
            rows.addLast(LoopJournal.row(s.columns(), values, null));
        }
        correct.addAll(s.correct());
        labels = s.labels();
        labelsAtRetrain = s.labelsAtRetrain();
    }

    /** @return the window for a snapshot, with the given predictions waiting for labels */
    LoopSnapshot snapshot(List<String> columns, List<LoopSnapshot.Waiting> waiting) {
        List<List<Object>> out = new ArrayList<>(rows.size());
        for (Row r : rows) {
            out.add(LoopJournal.values(r, columns));
        }
        return new LoopSnapshot(columns, waiting, out, List.copyOf(correct), labels, labelsAtRetrain);
    }
}
