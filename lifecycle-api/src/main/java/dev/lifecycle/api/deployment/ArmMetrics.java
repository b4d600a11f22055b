package dev.lifecycle.api.deployment;

import java.util.Objects;
import org.apiguardian.api.API;

/**
 * Live counts of one arm (or one model version) of a deployment.
 *
 * @param name the arm name ({@code primary}, {@code canary}, {@code a}, {@code b}, {@code shadow},
 *     {@code fallback}) or {@code name@version} for a version
 * @param predictions predictions served (for the shadow arm: shadow predictions made)
 * @param labelled predictions whose ground truth arrived through {@link Deployment#feedback}
 * @param correct labelled predictions whose label matched the ground truth
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public record ArmMetrics(String name, long predictions, long labelled, long correct) {
    /** Checks that the components are present. */
    public ArmMetrics {
        Objects.requireNonNull(name, "name");
    }


    /** @return the share of labelled predictions that were correct, or {@code NaN} before any feedback */
    public double accuracy() {
        return labelled == 0 ? Double.NaN : (double) correct / labelled;
    }
}
