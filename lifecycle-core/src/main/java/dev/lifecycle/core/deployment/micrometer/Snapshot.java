package dev.lifecycle.core.deployment.micrometer;

import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One snapshot per scrape: every meter of a binder reads through its own {@link Reader}, and a new
 * snapshot is taken only when a meter reads again what it already read (the next scrape), so the
 * meters of one scrape agree and the source is asked once per scrape, whatever the number of meters.
 */
final class Snapshot<T> {
    private final Supplier<T> source;
    private final dev.lifecycle.core.internal.LogOnce failure;
    private Consumer<T> onRefresh = v -> {
    };
    private T value;
    private long generation;
    private boolean fresh;
    private long taken;

    Snapshot(String what, Supplier<T> source) {
        this.source = source;
        this.failure = new dev.lifecycle.core.internal.LogOnce(Snapshot.class, System.Logger.Level.WARNING,
                "Reading the metrics of " + what + " failed; its meters keep the last values read and later"
                        + " failures are not logged again");
    }

    /** Sets what to do with every new snapshot (e.g. register meters for arms that appeared). */
    synchronized void onRefresh(Consumer<T> action) {
        this.onRefresh = action;
    }

    /** @return a reader for one meter */
    Reader reader() {
        return new Reader();
    }

    /** Takes a snapshot now (at bind time, to register what exists) that no scrape will reuse. */
    synchronized void prime() {
        refresh();
        fresh = false;
    }

    /** @return how many snapshots were taken */
    synchronized long taken() {
        return taken;
    }

    private void refresh() {
        T next;
        try {
            next = source.get();
        } catch (RuntimeException e) {
            failure.failed(e);
            if (value == null) {
                throw e;
            }
            generation++;
            return;
        }
        value = next;
        generation++;
        fresh = true;
        taken++;
        onRefresh.accept(next);
    }

    /** The view of one meter. */
    final class Reader {
        private long seen = -1;

        T get() {
            synchronized (Snapshot.this) {
                if (value == null || !fresh || seen == generation) {
                    refresh();
                }
                seen = generation;
                return value;
            }
        }
    }
}
