package dev.lifecycle.core.tribuo;

import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.data.SchemaMismatchException;
import org.tribuo.WeightedExamples;

/**
 * Example weights from a dataset's {@link dev.lifecycle.api.data.ColumnRole#WEIGHT weight} column.
 *
 * <p>Tribuo trainers that honour example weights implement {@link WeightedExamples}: here linear SGD
 * (logistic regression, linear SVM, linear regression), CART (classification and regression) and
 * XGBoost. Tribuo's random forest does not (its bootstrap draws ignore weights), so training it on
 * weighted data is refused rather than silently ignoring the weights.
 */
final class ExampleWeights {
    private final DatasetVersion data;
    private final String column;

    private ExampleWeights(DatasetVersion data, String column) {
        this.data = data;
        this.column = column;
    }

    /**
     * @return the weights of {@code data} for {@code trainer}; every weight is 1 when the data has no weight column
     * @throws IllegalArgumentException when the data has weights and the trainer would ignore them
     */
    static ExampleWeights of(DatasetVersion data, org.tribuo.Trainer<?> trainer, String trainerName) {
        String column = data.schema().weight().orElse(null);
        if (column != null && !(trainer instanceof WeightedExamples)) {
            throw new IllegalArgumentException("Dataset " + data.id() + " has the weight column '" + column + "', but "
                    + trainerName + " ignores example weights. Use logistic regression, a linear SVM, CART or XGBoost"
                    + " (they honour weights), or give '" + column + "' the role IGNORED");
        }
        return new ExampleWeights(data, column);
    }

    /**
     * @return the weight of a row
     * @throws SchemaMismatchException naming the weight column when the weight is missing, negative or not finite
     */
    float weight(int row) {
        if (column == null) {
            return 1.0f;
        }
        double w = data.number(column, row);
        if (!(w >= 0) || Double.isInfinite(w) || w > Float.MAX_VALUE) {
            throw new SchemaMismatchException(column, "Row " + row + " of " + data.id() + " has the weight " + w
                    + " in '" + column + "'; example weights must be finite and not negative. Fix or drop the row");
        }
        return (float) w;
    }
}
