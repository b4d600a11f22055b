package dev.lifecycle.core.internal;

import dev.lifecycle.api.monitoring.Alert;
import dev.lifecycle.api.monitoring.AlertKind;
import dev.lifecycle.api.monitoring.AlertListener;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Debounces alerts: one when a condition starts, none while it lasts, and a quiet gap of {@code debounce}
 * windows between two alerts of the same condition. Listeners are called guarded: one that throws is
 * counted, never propagated.
 */
public final class AlertDebouncer {
    private final String name;
    private final int debounce;
    private final List<AlertListener> listeners;
    private final Map<String, long[]> state = new HashMap<>();
    private final Recent<Alert> raised;
    private final LongAdder failures = new LongAdder();
    private final LogOnce firstFailure;

    /**
     * @param name the monitored deployment, named in every alert
     * @param debounce windows after an alert before the same condition may alert again
     * @param retain alerts kept in memory
     */
    public AlertDebouncer(String name, int debounce, List<AlertListener> listeners, int retain) {
        this.raised = new Recent<>(retain);
        this.name = name;
        this.debounce = debounce;
        this.listeners = List.copyOf(listeners);
        this.firstFailure = new LogOnce(AlertDebouncer.class, System.Logger.Level.WARNING, "An alert listener of "
                + name + " threw; the alert stays raised and further listener failures are only counted"
                + " (monitor listenerFailures())");
    }

    /** Judges one condition for one window; alerts (and calls the listeners) when it starts. */
    public synchronized void check(AlertKind kind, String subject, boolean active, double value, double threshold,
            long window, java.time.Instant time, String message) {
        String key = kind + "/" + subject;
        long[] s = state.computeIfAbsent(key, k -> new long[] {0, Long.MIN_VALUE / 2});
        boolean wasActive = s[0] == 1;
        s[0] = active ? 1 : 0;
        if (!active || wasActive || window - s[1] < debounce) {
            return;
        }
        s[1] = window;
        Alert a = new Alert(kind, name, subject, value, threshold, window, time, message);
        raised.add(a);
        for (AlertListener l : listeners) {
            try {
                l.onAlert(a);
            } catch (RuntimeException e) {
                failures.increment();
                firstFailure.failed(e);
            }
        }
    }

    /** @return the latest alerts, oldest first */
    public List<Alert> raised() {
        return raised.list();
    }

    /** @return listener calls that threw (caught and counted) */
    public long failures() {
        return failures.sum();
    }
}
