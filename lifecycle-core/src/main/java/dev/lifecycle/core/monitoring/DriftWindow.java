package dev.lifecycle.core.monitoring;

import dev.lifecycle.api.monitoring.DriftResult;
import java.util.List;
import org.apiguardian.api.API;

/**
 * One evaluated monitoring window: drift per feature and of the prediction, data-quality checks, and
 * the quality estimated from the model's confidence before any label arrives.
 *
 * @param index the window number, from 0
 * @param firstRow the number of observed rows before the window's first row
 * @param rows rows in the window
 * @param drift one result per monitored feature, then one for {@code prediction} (the predicted label)
 * @param estimatedAccuracy the mean confidence of the predicted labels (an accuracy estimate for
 *     calibrated classifiers), NaN when the model gives no probabilities
 * @param missingRateShift per feature, the window's missing rate minus the reference's, same order as {@code drift}
 * @param outOfDomain per feature, the share of values outside the reference range (numeric) or never
 *     seen in the reference (categorical), same order as {@code drift}
 * @param errorRate the share of predict calls that threw
 * @param meanLatencyNanos the mean sampled latency of predict, nanoseconds (NaN when not measured)
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public record DriftWindow(long index, long firstRow, long rows, List<DriftResult> drift, double estimatedAccuracy,
        List<Double> missingRateShift, List<Double> outOfDomain, double errorRate, double meanLatencyNanos) {

    /** Copies the lists. */
    public DriftWindow {
        drift = List.copyOf(drift);
        missingRateShift = List.copyOf(missingRateShift);
        outOfDomain = List.copyOf(outOfDomain);
    }

    /** @return the features (and {@code prediction}) whose verdict is drift */
    public List<String> drifted() {
        return drift.stream().filter(DriftResult::drifted).map(DriftResult::feature).toList();
    }
}
