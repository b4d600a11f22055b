package dev.lifecycle.api.data;

import java.util.Objects;
import org.apiguardian.api.API;

/**
 * A model's answer for one row of a dataset version, as an evaluation or a prediction log gives it;
 * the input of hard-example mining.
 *
 * @param row the row position in the dataset version
 * @param predicted the predicted label
 * @param confidence the model's confidence in it, in [0, 1]
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public record ScoredRow(int row, String predicted, double confidence) {
    /** Validates the arguments. */
    public ScoredRow {
        if (row < 0) {
            throw new IllegalArgumentException("A row position cannot be negative, got " + row);
        }
        Objects.requireNonNull(predicted, "predicted");
        if (!(confidence >= 0 && confidence <= 1)) {
            throw new IllegalArgumentException("Confidence of row " + row + " must be in [0, 1], got " + confidence);
        }
    }
}
