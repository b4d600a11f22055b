package dev.lifecycle.core.deployment.internal;

import java.util.List;

/**
 * One stored segment of a prediction log: an immutable object in the store. Segments are chained:
 * each names the one before it in its chain, and a chain's ref {@code deployments/<name>/log-chains/<n>}
 * names its latest segment, so the journal holds one live ref per {@value #CHAIN} segments instead
 * of one per segment. (Logs written before chains have one ref per segment,
 * {@code deployments/<name>/log/<sequence>}.)
 *
 * @param deployment the deployment name
 * @param sequence the segment's sequence number
 * @param records the entries, in the order they were queued
 * @param feedback the labels given meanwhile, in order (null in old segments)
 * @param previous the id of the previous segment of the same chain, or null for the first
 */
public record LogSegment(String deployment, long sequence, List<LogRecord> records, List<FeedbackRecord> feedback,
        String previous) {
    /** Segments per chain. */
    public static final int CHAIN = 1024;

    /** A segment without feedback or chain (the old form). */
    public LogSegment(String deployment, long sequence, List<LogRecord> records) {
        this(deployment, sequence, records, null, null);
    }
}
