package dev.lifecycle.api.monitoring;

import org.apiguardian.api.API;

/**
 * SPI: receives alerts. Called on the monitor's thread after debouncing (one alert when a condition
 * starts, not one per window while it lasts). Implementations should return quickly; an exception
 * thrown here is caught and counted, never propagated to the monitored deployment.
 */
@API(status = API.Status.STABLE, since = "0.1.0")
@FunctionalInterface
public interface AlertListener {

    /** Receives one alert. */
    void onAlert(Alert alert);
}
