package dev.lifecycle.core.internal;

import java.util.List;

/**
 * The stored state of a loop between runs (JSON under ref {@code loop-states/<model>}): the predictions
 * still waiting for a label and the labelled rows of the retraining window, so a loop closed and opened
 * again joins late labels of predictions made before and retrains on the same rows.
 *
 * @param columns the column names of every stored row, in order
 * @param pending predictions waiting for their label
 * @param labelled the labelled rows of the window, oldest first (target included)
 * @param correct whether each labelled prediction was right, oldest first
 * @param labels labels received so far
 * @param labelsAtRetrain labels received when the last iteration fired
 */
public record LoopSnapshot(List<String> columns, List<Waiting> pending, List<List<Object>> labelled,
        List<Boolean> correct, long labels, long labelsAtRetrain) {

    /**
     * One prediction waiting for its label.
     *
     * @param id the prediction id
     * @param label the predicted label
     * @param timeMillis when it was made
     * @param values the row, in {@code columns} order
     */
    public record Waiting(long id, String label, long timeMillis, List<Object> values) {
    }
}
