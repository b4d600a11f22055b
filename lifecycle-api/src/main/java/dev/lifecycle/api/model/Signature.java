package dev.lifecycle.api.model;

import dev.lifecycle.api.data.Field;
import dev.lifecycle.api.data.Schema;
import java.util.List;
import java.util.Objects;

/**
 * What a model takes and gives: its input schema (the features, without the target), the target
 * name, the output type and, for classifiers, the labels in score order.
 *
 * @param inputs the feature fields a row must supply
 * @param target the name of the predicted column
 * @param outputType classification or regression
 * @param labels for classifiers, the labels in the order of {@link Prediction#scores()}; empty otherwise
 */
public record Signature(List<Field> inputs, String target, OutputType outputType, List<String> labels) {

    /** Validates and copies the arguments. */
    public Signature {
        inputs = List.copyOf(Objects.requireNonNull(inputs, "inputs"));
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(outputType, "outputType");
        labels = List.copyOf(labels == null ? List.of() : labels);
    }

    /** @return the signature of a model trained on data with this schema and these labels */
    public static Signature of(Schema schema, OutputType outputType, List<String> labels) {
        if (schema.target() == null) {
            throw new IllegalArgumentException("Training data needs a target column; the schema has none");
        }
        return new Signature(schema.features(), schema.target(), outputType, labels);
    }
}
