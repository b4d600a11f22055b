package dev.lifecycle.api.model;

import dev.lifecycle.api.data.Field;
import dev.lifecycle.api.data.FieldType;
import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.data.Schema;
import dev.lifecycle.api.data.SchemaMismatchException;
import java.util.ArrayList;
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

    /**
     * Compares data with the inputs of this signature. Extra columns are fine (they are ignored);
     * text inputs are not features and are not checked.
     *
     * @return one sentence per difference (missing feature, other type, categories the model never
     *     saw), empty when the data can be scored
     */
    public List<String> check(Schema schema) {
        List<String> out = new ArrayList<>();
        for (Field need : inputs) {
            if (need.type() == FieldType.TEXT) {
                continue;
            }
            Field have = schema.field(need.name()).orElse(null);
            if (have == null) {
                out.add("feature '" + need.name() + "' (" + need.type() + ") is missing");
            } else if (have.type() != need.type()) {
                out.add("feature '" + need.name() + "' is " + have.type() + " but the model needs " + need.type());
            } else if (need.type() == FieldType.CATEGORICAL && !need.categories().containsAll(have.categories())) {
                List<String> unseen = new ArrayList<>(have.categories());
                unseen.removeAll(need.categories());
                out.add("feature '" + need.name() + "' has categories " + unseen + " the model never saw (it knows "
                        + need.categories() + ")");
            }
        }
        return out;
    }

    /**
     * Compares one row with the inputs of this signature.
     *
     * @return one sentence per difference, empty when the row can be scored
     */
    public List<String> check(Row row) {
        List<String> out = new ArrayList<>();
        for (Field need : inputs) {
            if (need.type() == FieldType.TEXT) {
                continue;
            }
            int i = row.indexOf(need.name());
            if (i < 0) {
                out.add("feature '" + need.name() + "' (" + need.type() + ") is missing");
                continue;
            }
            Object v = row.get(i);
            switch (need.type()) {
                case NUMERIC -> {
                    if (!row.isNumber(i) || Double.isNaN(row.number(i))) {
                        out.add("feature '" + need.name() + "' must be a number, the row has " + describe(v));
                    }
                }
                case BOOLEAN -> {
                    if (!(v instanceof Boolean)) {
                        out.add("feature '" + need.name() + "' must be true or false, the row has " + describe(v));
                    }
                }
                case CATEGORICAL -> {
                    if (v == null && need.nullable()) {
                        break;
                    }
                    if (!(v instanceof String s) || !need.categories().contains(s)) {
                        out.add("feature '" + need.name() + "' must be one of " + need.categories() + ", the row has "
                                + describe(v));
                    }
                }
                default -> {
                }
            }
        }
        return out;
    }

    /**
     * Fails when data does not match this signature, naming every difference.
     *
     * @param what names the data and the model in the message, e.g. {@code "adult@2 for model adult-clf@3"}
     * @throws SchemaMismatchException listing all differences; its {@code feature()} is the first one
     */
    public void requireMatch(Schema schema, String what) {
        List<String> diffs = check(schema);
        if (!diffs.isEmpty()) {
            throw new SchemaMismatchException(firstFeature(diffs), "Cannot score " + what + ": " + diffs.size()
                    + " difference(s) from the model's signature: " + String.join("; ", diffs)
                    + ". Score data with the columns the model was trained on, or retrain it on this schema");
        }
    }

    private static String firstFeature(List<String> diffs) {
        String d = diffs.get(0);
        int a = d.indexOf('\'');
        int b = d.indexOf('\'', a + 1);
        return a >= 0 && b > a ? d.substring(a + 1, b) : null;
    }

    private static String describe(Object v) {
        return v == null || (v instanceof Double d && d.isNaN()) ? "a missing value"
                : v.getClass().getSimpleName() + " '" + v + "'";
    }
}
