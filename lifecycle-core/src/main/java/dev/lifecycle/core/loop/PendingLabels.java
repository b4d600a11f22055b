package dev.lifecycle.core.loop;

import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.deployment.Deployment;
import dev.lifecycle.core.internal.LabelJoin;
import dev.lifecycle.core.internal.LoopSnapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * A loop's predictions waiting for their label: the row, the deployment that served it and the predicted
 * label, bounded by size and age ({@link LabelJoin}), with labels for unknown ids counted. Saved into the
 * loop's snapshot on close and restored from it, so a later loop joins their late labels.
 */
final class PendingLabels {
    private final LabelJoin<Pending> join;
    private final LongAdder unknown = new LongAdder();
    private final String target;

    /**
     * A prediction waiting for its label.
     *
     * @param deployment the one that served it, or null when it was restored from a snapshot
     */
    record Pending(Row row, Deployment deployment, String label) {
    }

    PendingLabels(int size, Duration maxAge, LongSupplier millis, String target) {
        this.join = new LabelJoin<>(size, maxAge.toMillis(), millis);
        this.target = target;
    }

    void offer(long id, Row row, Deployment served, String label) {
        join.offer(id, new Pending(row, served, label));
    }

    /** @return what prediction {@code id} left, once, or null (counted) when it is not waiting */
    Pending take(long id) {
        Pending p = join.take(id);
        if (p == null) {
            unknown.increment();
        }
        return p;
    }

    int size() {
        return join.size();
    }

    long evicted() {
        return join.evicted();
    }

    long expired() {
        return join.expired();
    }

    long unknown() {
        return unknown.sum();
    }

    /** Lets the predictions a snapshot saved wait again, with their original times. */
    void restore(LoopSnapshot s) {
        List<String> columns = s.columns();
        for (LoopSnapshot.Waiting w : s.pending()) {
            join.offer(w.id(), new Pending(LoopJournal.row(columns, w.values(), target), null, w.label()),
                    w.timeMillis());
        }
    }

    /** @return the predictions waiting now, their rows as values of {@code columns} */
    List<LoopSnapshot.Waiting> waiting(List<String> columns) {
        List<LoopSnapshot.Waiting> out = new ArrayList<>();
        for (LabelJoin.Entry<Pending> e : join.waiting()) {
            out.add(new LoopSnapshot.Waiting(e.id(), e.value().label, e.timeMillis(),
                    LoopJournal.values(e.value().row, columns)));
        }
        return out;
    }
}
