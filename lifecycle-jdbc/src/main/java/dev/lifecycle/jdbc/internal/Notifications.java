package dev.lifecycle.jdbc.internal;

import dev.lifecycle.jdbc.RefListener;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * One thread holding one connection that {@code LISTEN}s to ref changes and tells the listeners;
 * reconnects with backoff when the connection is lost. Started on the first listener, stopped by {@link #close()}.
 */
public final class Notifications implements AutoCloseable {
    /** The channel {@code lc_cas} notifies on, with the ref name as payload. */
    public static final String CHANNEL = "lifecycle_refs";
    private static final System.Logger LOG = System.getLogger(Notifications.class.getName());

    private final DataSource pool;
    private final String name;
    private final List<RefListener> listeners = new CopyOnWriteArrayList<>();
    private final LongAdder reconnects = new LongAdder();
    private final LongAdder listenerFailures = new LongAdder();
    private Thread thread;
    private volatile boolean closed;

    /** @param name for the thread's name */
    public Notifications(DataSource pool, String name) {
        this.pool = pool;
        this.name = name;
    }

    /** Adds a listener, starting the thread if needed. @return what removes it */
    public synchronized AutoCloseable add(RefListener l) {
        if (closed) {
            throw new IllegalStateException("The store " + name + " is closed");
        }
        listeners.add(l);
        if (thread == null) {
            thread = new Thread(this::run, "lifecycle-listen-" + name);
            thread.setDaemon(true);
            thread.start();
        }
        return () -> listeners.remove(l);
    }

    /** @return how often the notification connection was re-established */
    public long reconnects() {
        return reconnects.sum();
    }

    /** @return exceptions thrown by listeners (caught) */
    public long listenerFailures() {
        return listenerFailures.sum();
    }

    private void run() {
        long backoff = 50;
        boolean first = true;
        while (!closed) {
            try (Connection c = pool.getConnection()) {
                c.setAutoCommit(true);
                try (Statement s = c.createStatement()) {
                    s.execute("LISTEN " + CHANNEL);
                }
                if (!first) {
                    reconnects.increment();
                    for (RefListener l : listeners) {
                        guarded(l, null);
                    }
                }
                first = false;
                backoff = 50;
                PGConnection pg = c.unwrap(PGConnection.class);
                while (!closed) {
                    PGNotification[] got = pg.getNotifications(500);
                    if (got == null) {
                        // a cheap round trip notices a dead server even without traffic
                        try (Statement s = c.createStatement()) {
                            s.execute("SELECT 1");
                        }
                        continue;
                    }
                    for (PGNotification n : got) {
                        for (RefListener l : listeners) {
                            guarded(l, n.getParameter());
                        }
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (closed) {
                    return;
                }
                LOG.log(System.Logger.Level.DEBUG, "Notification connection of {0} lost: {1}", name, e.toString());
                first = false;
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException ie) {
                    if (closed) {
                        return;
                    }
                }
                backoff = Math.min(1000, backoff * 2);
            }
        }
    }

    private void guarded(RefListener l, String ref) {
        try {
            if (ref == null) {
                l.missedChanges();
            } else {
                l.changed(ref);
            }
        } catch (RuntimeException e) {
            listenerFailures.increment();
        }
    }

    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            closed = true;
            t = thread;
        }
        if (t != null) {
            t.interrupt();
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
