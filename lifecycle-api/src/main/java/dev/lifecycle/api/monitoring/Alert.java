package dev.lifecycle.api.monitoring;

import java.time.Instant;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * One alert raised by a monitor, after debouncing.
 *
 * @param kind what it is about
 * @param deployment the deployment (or monitor) name
 * @param subject the feature or metric concerned, such as {@code nswprice} or {@code accuracy}
 * @param value the observed value (score, accuracy, rate, latency)
 * @param threshold the threshold it crossed
 * @param window the index of the monitoring window that raised it (0-based)
 * @param time when it was raised
 * @param message a sentence saying what happened and what to look at
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public record Alert(AlertKind kind, String deployment, String subject, double value, double threshold, long window,
        Instant time, String message) {

    /** Checks the required fields. */
    public Alert {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(deployment, "deployment");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(message, "message");
    }
}
