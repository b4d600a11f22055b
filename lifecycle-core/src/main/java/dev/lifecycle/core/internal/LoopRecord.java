package dev.lifecycle.core.internal;

/**
 * The stored form of one loop iteration record (JSON under {@code loops/<model>/versions/<n>}); times
 * are ISO-8601 text and outcomes their enum names, so the format does not depend on Jackson modules.
 */
public record LoopRecord(String model, int index, long labelsSeen, String reason, String dataset, int historyRows,
        String champion, String challenger, double championAccuracy, double challengerAccuracy, int heldOut,
        String outcome, String detail, String time) {
}
