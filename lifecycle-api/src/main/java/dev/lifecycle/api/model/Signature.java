package dev.lifecycle.api.model;

import dev.lifecycle.api.data.ColumnRole;
import dev.lifecycle.api.data.Field;
import dev.lifecycle.api.data.FieldType;
import dev.lifecycle.api.internal.CategoryText;
import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.data.Schema;
import dev.lifecycle.api.data.SchemaMismatchException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apiguardian.api.API;

/**
 * What a model takes and gives: its input schema (the features only), the target name, the output
 * type, for classifiers the labels in score order, and the roles of the training data's other
 * columns (identifiers, weight, ignored, time, group), which are never inputs.
 *
 * @param inputs the feature fields a row must supply
 * @param target the name of the predicted column
 * @param outputType classification or regression
 * @param labels for classifiers, the labels in the order of {@link Prediction#scores()}; empty otherwise
 * @param roles the non-feature, non-target columns of the training data and their roles; {@code null} means none
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public record Signature(List<Field> inputs, String target, OutputType outputType, List<String> labels,
        Map<String, ColumnRole> roles) {

    /** Validates and copies the arguments. */
    public Signature {
        inputs = List.copyOf(Objects.requireNonNull(inputs, "inputs"));
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(outputType, "outputType");
        labels = List.copyOf(labels == null ? List.of() : labels);
        Map<String, ColumnRole> r = new TreeMap<>(roles == null ? Map.of() : roles);
        for (Field f : inputs) {
            if (r.containsKey(f.name())) {
                throw new IllegalArgumentException("Column '" + f.name() + "' is an input and also "
                        + r.get(f.name()) + "; a column has one role");
            }
        }
        r.values().removeIf(v -> v == ColumnRole.FEATURE || v == ColumnRole.TARGET);
        roles = Collections.unmodifiableMap(r);
    }

    /** A signature without non-feature columns. */
    public Signature(List<Field> inputs, String target, OutputType outputType, List<String> labels) {
        this(inputs, target, outputType, labels, Map.of());
    }

    /** @return the signature of a model trained on data with this schema and these labels */
    public static Signature of(Schema schema, OutputType outputType, List<String> labels) {
        if (schema.target() == null) {
            throw new IllegalArgumentException("Training data needs a target column; the schema has none");
        }
        return new Signature(schema.features(), schema.target(), outputType, labels, schema.roles());
    }

    /** @return the identifier columns, in name order: a prediction carries their values back */
    public List<String> identifiers() {
        return roles.entrySet().stream().filter(e -> e.getValue() == ColumnRole.IDENTIFIER).map(Map.Entry::getKey)
                .toList();
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
                    if (!row.isNumber(i) || !Double.isFinite(row.number(i))) {
                        out.add("feature '" + need.name() + "' must be a " + (row.isNumber(i) && Double.isInfinite(
                                row.number(i)) ? "finite " : "") + "number, the row has " + describe(v));
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
                    if (!isCategory(need, v)) {
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

    /** The categorical value convention: a known category, or a number (or numeric text) equal to one. */
    private static boolean isCategory(Field need, Object v) {
        if (v instanceof String s && need.categories().contains(s)) {
            return true;
        }
        double d = v instanceof Double n ? n : v instanceof String s ? CategoryText.numericValue(s) : Double.NaN;
        if (Double.isNaN(d)) {
            return false;
        }
        for (String c : need.categories()) {
            if (CategoryText.numericValue(c) == d) {
                return true;
            }
        }
        return false;
    }

    private static String describe(Object v) {
        return v == null || (v instanceof Double d && d.isNaN()) ? "a missing value"
                : v.getClass().getSimpleName() + " '" + v + "'";
    }
}
