package dev.lifecycle.core.deployment.internal;

/**
 * One ground-truth label given for a prediction, stored in the prediction log beside the predictions.
 *
 * @param id the prediction id
 * @param label the true label
 * @param timeMillis when it was given
 */
public record FeedbackRecord(long id, String label, long timeMillis) {
}
