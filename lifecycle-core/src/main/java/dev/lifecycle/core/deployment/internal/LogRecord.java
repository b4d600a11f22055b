package dev.lifecycle.core.deployment.internal;

import java.util.Map;

/**
 * The stored form of one prediction-log entry.
 *
 * @param id prediction id
 * @param model model name
 * @param version model version
 * @param arm arm name
 * @param input input values, or null when hashed only
 * @param inputHash hex hash of the input
 * @param label predicted label or null
 * @param value predicted value or null
 * @param latencyNanos latency
 * @param timeMillis epoch milliseconds
 */
public record LogRecord(long id, String model, int version, String arm, Map<String, Object> input, String inputHash,
        String label, Double value, long latencyNanos, long timeMillis) {
}
