package dev.lifecycle.api.monitoring;

import java.util.Objects;
import org.apiguardian.api.API;

/**
 * The judgement of one detector on one feature: the score, the threshold it was held to, and the verdict.
 *
 * @param feature the feature
 * @param method the detector's {@link DriftDetector#method()}
 * @param score the distance or test statistic (larger means more different)
 * @param threshold the score above which the verdict is {@link DriftVerdict#DRIFT}
 * @param pValue the p-value of a statistical test, NaN for pure distances
 * @param verdict the verdict
 * @param referenceCount present values in the reference
 * @param currentCount present values in the current window
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public record DriftResult(String feature, String method, double score, double threshold, double pValue,
        DriftVerdict verdict, long referenceCount, long currentCount) {

    /** Checks the names and verdict are present. */
    public DriftResult {
        Objects.requireNonNull(feature, "feature");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(verdict, "verdict");
    }

    /** @return whether the verdict is {@link DriftVerdict#DRIFT} */
    public boolean drifted() {
        return verdict == DriftVerdict.DRIFT;
    }
}
