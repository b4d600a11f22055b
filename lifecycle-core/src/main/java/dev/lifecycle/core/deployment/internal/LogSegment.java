package dev.lifecycle.core.deployment.internal;

import java.util.List;

/**
 * One stored segment of a prediction log: an immutable object in the store, named by a ref
 * {@code deployments/<name>/log/<sequence>}.
 *
 * @param deployment the deployment name
 * @param sequence the segment's sequence number
 * @param records the entries, in the order they were queued
 */
public record LogSegment(String deployment, long sequence, List<LogRecord> records) {
}
