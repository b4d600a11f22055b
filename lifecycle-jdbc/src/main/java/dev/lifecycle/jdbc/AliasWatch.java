package dev.lifecycle.jdbc;

import dev.lifecycle.api.deployment.Deployment;
import dev.lifecycle.api.model.ModelVersion;
import dev.lifecycle.api.monitoring.Alert;
import dev.lifecycle.api.monitoring.AlertKind;
import dev.lifecycle.api.monitoring.AlertListener;
import dev.lifecycle.api.store.JournalEntry;
import dev.lifecycle.api.store.StoreException;
import dev.lifecycle.core.Lifecycle;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.apiguardian.api.API;

/**
 * Makes a deployment follow an alias of its model: when any instance sharing the store moves the alias,
 * this instance swaps to the new version, with a swap reason that names the move (who, why, which
 * journal entry). On a {@link PostgresStore} a move is noticed within milliseconds through
 * {@code LISTEN/NOTIFY}; every store is also polled, which covers lost notifications and other stores.
 *
 * <p>While the store is unreachable the deployment keeps serving its current version; the outage is
 * counted and raised once as a {@link AlertKind#STORE_UNREACHABLE} alert, and the watch catches up as
 * soon as the store answers again. One daemon thread per watch, stopped by {@link #close()}.
 *
 * <pre>{@code
 * Deployment dep = lc.deploy("fraud", Rollout.alias("champion"));
 * try (AliasWatch watch = AliasWatch.follow(lc, dep, "champion")) { ... serve ... }
 * }</pre>
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public final class AliasWatch implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(AliasWatch.class.getName());

    private final Lifecycle lc;
    private final Deployment deployment;
    private final String model;
    private final String alias;
    private final String ref;
    private final long pollNanos;
    private final AlertListener alerts;
    private final Semaphore wake = new Semaphore(0);
    private final Thread thread;
    private final AutoCloseable subscription;
    private final LongAdder swaps = new LongAdder();
    private final LongAdder checks = new LongAdder();
    private final LongAdder notified = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final LongAdder outages = new LongAdder();
    private volatile boolean closed;
    private volatile boolean storeDown;
    private volatile String lastError;

    /**
     * What a watch did so far.
     *
     * @param serving the version the deployment serves now
     * @param swaps swaps made because the alias moved
     * @param checks reads of the alias
     * @param notifications change notifications received for the alias
     * @param failures checks that failed (store unreachable, version unreadable)
     * @param outages times the store became unreachable for this watch (each alerted once)
     * @param storeReachable whether the last check reached the store
     * @param lastError the last failure, or {@code null}
     */
    @API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
    public record Stats(int serving, long swaps, long checks, long notifications, long failures, long outages,
            boolean storeReachable, String lastError) {
    }

    private AliasWatch(Builder b) {
        this.lc = b.lc;
        this.deployment = b.deployment;
        this.model = deployment.name();
        this.alias = b.alias;
        this.ref = "models/" + model + "/aliases/" + alias;
        this.pollNanos = b.poll.toNanos();
        this.alerts = b.alerts;
        this.thread = new Thread(this::run, "lifecycle-alias-watch-" + model + "-" + alias);
        thread.setDaemon(true);
        AutoCloseable sub = null;
        if (lc.store() instanceof PostgresStore pg) {
            sub = pg.listen(new RefListener() {
                @Override
                public void changed(String changed) {
                    if (changed.equals(ref)) {
                        notified.increment();
                        wake.release();
                    }
                }

                @Override
                public void missedChanges() {
                    wake.release();
                }
            });
        }
        this.subscription = sub;
        thread.start();
    }

    /** @return a watch with the defaults (poll every 2 s, no alert listener), started */
    public static AliasWatch follow(Lifecycle lc, Deployment deployment, String alias) {
        return builder(lc, deployment, alias).start();
    }

    /**
     * @param lc the Lifecycle whose store and registry the deployment uses
     * @param deployment the deployment to keep on the alias's version
     * @param alias the alias of the deployment's model, such as {@code champion}
     * @return a builder
     */
    public static Builder builder(Lifecycle lc, Deployment deployment, String alias) {
        return new Builder(lc, deployment, alias);
    }

    /** Checks the alias now, on the caller's thread (the watch thread does this on every change and poll). */
    public void checkNow() {
        check();
    }

    /** @return what the watch did so far */
    public Stats stats() {
        return new Stats(deployment.current().version(), swaps.sum(), checks.sum(), notified.sum(), failures.sum(),
                outages.sum(), !storeDown, lastError);
    }

    private void run() {
        while (!closed) {
            try {
                wake.tryAcquire(pollNanos, TimeUnit.NANOSECONDS);
                wake.drainPermits();
            } catch (InterruptedException e) {
                if (closed) {
                    return;
                }
            }
            if (!closed) {
                check();
            }
        }
    }

    private synchronized void check() {
        checks.increment();
        try {
            Optional<Integer> target = lc.models().aliasVersion(model, alias);
            reachable();
            if (target.isEmpty() || closed) {
                return; // an unset alias keeps the current version serving
            }
            int n = target.get();
            ModelVersion current = deployment.current();
            if (current.version() == n) {
                return;
            }
            ModelVersion next = lc.models().get(model, n);
            deployment.swap(next, reason(n));
            swaps.increment();
            LOG.log(System.Logger.Level.INFO, "Deployment {0} follows {1}: swapped {2} for {3}", model, alias,
                    current.id(), next.id());
        } catch (StoreException e) {
            failures.increment();
            lastError = e.getMessage();
            if (!storeDown) {
                storeDown = true;
                outages.increment();
                alert(e);
            }
        } catch (RuntimeException e) {
            // a version that cannot be loaded or swapped in: keep serving, count, try again at the next change
            failures.increment();
            lastError = e.toString();
            LOG.log(System.Logger.Level.WARNING, "Deployment {0} cannot follow {1}: {2}", model, alias, e.toString());
        }
    }

    private String reason(int n) {
        List<JournalEntry> moves = lc.models().aliasHistory(model, alias);
        JournalEntry last = moves.isEmpty() ? null : moves.get(moves.size() - 1);
        String why = last == null || !String.valueOf(n).equals(last.newValue()) ? ""
                : " by " + last.actor() + " (journal #" + last.sequence() + ": " + last.reason() + ")";
        return "follow alias " + alias + ": it moved to " + model + "@" + n + why;
    }

    private void reachable() {
        if (storeDown) {
            storeDown = false;
            LOG.log(System.Logger.Level.INFO, "Deployment {0}: the store is reachable again", model);
        }
    }

    private void alert(StoreException e) {
        if (alerts == null) {
            return;
        }
        try {
            alerts.onAlert(new Alert(AlertKind.STORE_UNREACHABLE, model, "store", 1, 0, outages.sum() - 1,
                    lc.clock().instant(), "The store of deployment " + model + " is unreachable (" + e.getMessage()
                    + "); it keeps serving " + deployment.current().id() + " and follows alias " + alias
                    + " again once the store answers"));
        } catch (RuntimeException ignored) {
            // a failing listener must not stop the watch
        }
    }

    /** Stops watching; the deployment keeps serving the version it has. Idempotent. */
    @Override
    public void close() {
        closed = true;
        wake.release();
        if (subscription != null) {
            try {
                subscription.close();
            } catch (Exception ignored) {
                // removing a listener does not fail
            }
        }
        if (Thread.currentThread() != thread) {
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Configures an {@link AliasWatch}. */
    @API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
    public static final class Builder {
        private final Lifecycle lc;
        private final Deployment deployment;
        private final String alias;
        private Duration poll = Duration.ofSeconds(2);
        private AlertListener alerts;

        private Builder(Lifecycle lc, Deployment deployment, String alias) {
            this.lc = Objects.requireNonNull(lc, "lc");
            this.deployment = Objects.requireNonNull(deployment, "deployment");
            this.alias = Objects.requireNonNull(alias, "alias");
            if (!alias.matches("[A-Za-z0-9._-]+")) {
                throw new IllegalArgumentException("Alias '" + alias + "': use letters, digits, '.', '_' and '-'");
            }
        }

        /** Reads the alias at least this often, notifications or not (default 2 s). */
        public Builder pollEvery(Duration d) {
            if (Objects.requireNonNull(d, "poll").toMillis() < 10) {
                throw new IllegalArgumentException("Poll at most every 10 ms, not " + d);
            }
            this.poll = d;
            return this;
        }

        /** Receives a {@link AlertKind#STORE_UNREACHABLE} alert once per outage. */
        public Builder alertListener(AlertListener listener) {
            this.alerts = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** @return the running watch; it checks the alias at once */
        public AliasWatch start() {
            AliasWatch w = new AliasWatch(this);
            w.wake.release();
            return w;
        }
    }
}
