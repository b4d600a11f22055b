package dev.lifecycle.core.monitoring;

import org.apiguardian.api.API;

/**
 * Realized quality over one run of consecutive labels (feedback), next to the accuracy the model's
 * confidence promised for the same predictions.
 *
 * @param index the window number, from 0
 * @param firstLabel labels received before this window's first
 * @param labels labels in the window
 * @param accuracy the share of those predictions that were right
 * @param estimatedAccuracy the mean confidence of the same predictions, NaN without probabilities
 * @param baseline the accuracy it is compared with
 * @param pValue one-sided exact binomial p-value of an accuracy this low if the baseline held
 * @param dropped whether the drop is both significant and larger than the allowed drop
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public record QualityWindow(long index, long firstLabel, long labels, double accuracy, double estimatedAccuracy,
        double baseline, double pValue, boolean dropped) {
}
