package dev.lifecycle.api.model;

import dev.lifecycle.api.data.Row;
import java.util.ArrayList;
import java.util.List;
import org.apiguardian.api.API;

/**
 * Something that turns a row into a {@link Prediction}. Implementations are immutable and
 * thread-safe; the built-in ones wrap Tribuo models.
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public interface Model {

    /** @return the inputs and outputs of this model */
    Signature signature();

    /**
     * Predicts one row.
     *
     * @throws dev.lifecycle.api.data.SchemaMismatchException when a feature is missing or has the wrong type
     */
    Prediction predict(Row row);

    /** Predicts many rows; implementations may do this faster than one call per row. */
    default List<Prediction> predictAll(List<Row> rows) {
        List<Prediction> out = new ArrayList<>(rows.size());
        for (Row r : rows) {
            out.add(predict(r));
        }
        return out;
    }

    /** @return whether {@link Prediction#scores()} are calibrated probabilities (not just margins) */
    boolean producesProbabilities();
}
