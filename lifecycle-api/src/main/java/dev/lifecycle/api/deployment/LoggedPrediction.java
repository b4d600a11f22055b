package dev.lifecycle.api.deployment;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * One entry of a deployment's prediction log.
 *
 * @param id the prediction id (what {@link Deployment#feedback} joins on)
 * @param model the registered model name
 * @param version the model version that answered
 * @param arm the arm that answered ({@code shadow} for shadow predictions, which callers never saw)
 * @param input the input values by column, or {@code null} when the log keeps hashes only
 * @param inputHash a 64-bit hash (hex) of the input, always present
 * @param label the predicted label, or {@code null} for a regression
 * @param value the predicted value, or {@code null} for a classification
 * @param latencyNanos the time the prediction took
 * @param time when the prediction was made
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public record LoggedPrediction(long id, String model, int version, String arm, Map<String, Object> input,
        String inputHash, String label, Double value, long latencyNanos, Instant time) {
    /** Checks that the components are present. */
    public LoggedPrediction {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(time, "time");
    }


    /** @return whether this was a shadow prediction */
    public boolean shadow() {
        return "shadow".equals(arm);
    }
}
