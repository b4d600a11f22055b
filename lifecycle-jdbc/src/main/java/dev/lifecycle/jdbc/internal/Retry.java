package dev.lifecycle.jdbc.internal;

import dev.lifecycle.api.store.StoreException;
import dev.lifecycle.jdbc.StoreHealth;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * Runs store calls, retrying transient failures (lost connection, restarting server, pool timeout) for a
 * bounded time with backoff, and keeps the store's health: outages counted once each, listener told when
 * the database goes away and comes back.
 */
public final class Retry {
    private static final System.Logger LOG = System.getLogger(Retry.class.getName());

    /** A call that may fail with SQL or I/O errors. */
    @FunctionalInterface
    public interface Call<T> {
        /** @return the result */
        T run() throws SQLException;
    }

    private final String where;
    private final long budgetNanos;
    private final Consumer<StoreHealth> listener;
    private boolean reachable = true;
    private long outages;
    private long failedCalls;
    private long retries;
    private Instant unreachableSince;
    private String lastError;

    /** @param where names the store in messages */
    public Retry(String where, Duration budget, Consumer<StoreHealth> listener) {
        this.where = where;
        this.budgetNanos = budget.toNanos();
        this.listener = listener;
    }

    /** Runs an idempotent call, retrying transient failures. */
    public <T> T run(String what, Call<T> call) {
        return runChecked(what, call, null);
    }

    /**
     * Runs a call that is not idempotent: after a transient failure, {@code committed} says whether the
     * failed attempt took effect anyway (then the call counts as done, with result {@code true}).
     */
    @SuppressWarnings("unchecked")
    public <T> T runChecked(String what, Call<T> call, Call<Boolean> committed) {
        long deadline = System.nanoTime() + budgetNanos;
        long backoff = 25;
        boolean unknownOutcome = false;
        while (true) {
            try {
                if (unknownOutcome && committed.run()) {
                    succeeded();
                    return (T) Boolean.TRUE;
                }
                unknownOutcome = false;
                T result = call.run();
                succeeded();
                return result;
            } catch (SQLException | UncheckedIOException e) {
                if (!transient_(e)) {
                    synchronized (this) {
                        failedCalls++;
                    }
                    throw new StoreException("Cannot " + what + " in the " + where + ": " + e.getMessage(), e);
                }
                failed(e);
                if (committed != null) {
                    unknownOutcome = true;
                }
                if (System.nanoTime() + backoff * 1_000_000 > deadline) {
                    synchronized (this) {
                        failedCalls++;
                    }
                    throw new StoreException("Cannot " + what + ": the " + where + " is unreachable ("
                            + e.getMessage() + "); retried for " + Duration.ofNanos(budgetNanos).toMillis()
                            + " ms. Nothing half-done was left behind; try again once the database is back", e);
                }
                synchronized (this) {
                    retries++;
                }
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new StoreException("Interrupted while retrying to " + what + " in the " + where, e);
                }
                backoff = Math.min(500, backoff * 2);
            }
        }
    }

    /** @return whether a failure may pass if tried again: connection, shutdown, overload, serialization */
    static boolean transient_(Exception e) {
        if (e instanceof UncheckedIOException) {
            return true;
        }
        if (e instanceof SQLTransientException || e instanceof SQLRecoverableException
                || e instanceof SQLNonTransientConnectionException) {
            return true;
        }
        String state = ((SQLException) e).getSQLState();
        if (state == null) {
            Throwable cause = e.getCause();
            return cause instanceof SQLException s && s != e && transient_(s)
                    || cause instanceof java.io.IOException;
        }
        return state.startsWith("08") || state.startsWith("57P") || state.equals("53300") || state.equals("40001")
                || state.equals("40P01") || state.equals("55006");
    }

    private void succeeded() {
        StoreHealth tell = null;
        synchronized (this) {
            if (!reachable) {
                reachable = true;
                unreachableSince = null;
                tell = snapshot();
            }
        }
        if (tell != null) {
            LOG.log(System.Logger.Level.INFO, "The {0} is reachable again after outage {1}", where, tell.outages());
            tellListener(tell);
        }
    }

    private void failed(Exception e) {
        StoreHealth tell = null;
        synchronized (this) {
            lastError = e.toString();
            if (reachable) {
                reachable = false;
                outages++;
                unreachableSince = Instant.now();
                tell = snapshot();
            }
        }
        if (tell != null) {
            LOG.log(System.Logger.Level.WARNING, "The {0} is unreachable (outage {1}): {2}", where, tell.outages(),
                    e.toString());
            tellListener(tell);
        }
    }

    private void tellListener(StoreHealth h) {
        try {
            listener.accept(h);
        } catch (RuntimeException ignored) {
            // the listener's failure must not fail the store call
        }
    }

    /** @return the current health */
    public synchronized StoreHealth health() {
        return snapshot();
    }

    private StoreHealth snapshot() {
        return new StoreHealth(reachable, outages, failedCalls, retries, unreachableSince, lastError);
    }
}
