package dev.lifecycle.core.tribuo;

import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.data.SchemaMismatchException;
import dev.lifecycle.api.model.Signature;
import java.util.List;

/** Turns the encoder's first complaint about a row into one that names every difference (off the hot path). */
final class RowMismatch {
    private RowMismatch() {
    }

    static SchemaMismatchException of(Signature signature, Row row, SchemaMismatchException first) {
        List<String> diffs = signature.check(row);
        if (diffs.size() <= 1 || diffs.stream().noneMatch(d -> d.contains("'" + first.feature() + "'"))) {
            return first;
        }
        return new SchemaMismatchException(first.feature(), "The row does not match the model's signature in "
                + diffs.size() + " ways: " + String.join("; ", diffs) + ". Send the features the model was trained on");
    }
}
