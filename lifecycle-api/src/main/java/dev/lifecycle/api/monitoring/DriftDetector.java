package dev.lifecycle.api.monitoring;

import org.apiguardian.api.API;

/**
 * SPI: judges whether one feature drifted between a reference and a current window.
 *
 * <p>Contract (checked by the testkit's contract kit):
 * <ul>
 *   <li>{@link #detect} is a pure function of its two arguments: the same summaries always give an
 *       equal result, and it keeps no state between calls;</li>
 *   <li>it is thread-safe (called from many monitors at once);</li>
 *   <li>the result names the method that judged (its own {@link #method()}, or for a composite
 *       detector the method it chose), the feature of {@code current}, a score, and the
 *       threshold it was held to; the verdict is {@link DriftVerdict#DRIFT} exactly when the score
 *       exceeds the threshold (and, for tests, the p-value is below the detector's level);</li>
 *   <li>a window compared with itself is never {@link DriftVerdict#DRIFT};</li>
 *   <li>when either side is too small to judge it answers {@link DriftVerdict#INSUFFICIENT_DATA}
 *       rather than throwing;</li>
 *   <li>it throws {@link IllegalArgumentException} only when it cannot handle the feature kind
 *       ({@link #supports}).</li>
 * </ul>
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public interface DriftDetector {

    /** @return the method name reported in results, such as {@code psi} or {@code ks} */
    String method();

    /** @return whether this detector handles numeric ({@code true}) or categorical ({@code false}) features */
    boolean supports(boolean numeric);

    /**
     * @param reference the reference summary (training data or a chosen dataset version)
     * @param current the summary of the current window, same feature
     * @return the judgement
     * @throws IllegalArgumentException when the feature kind is not {@linkplain #supports supported}
     */
    DriftResult detect(FeatureSummary reference, FeatureSummary current);
}
