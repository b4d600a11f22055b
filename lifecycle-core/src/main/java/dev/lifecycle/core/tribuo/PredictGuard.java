package dev.lifecycle.core.tribuo;

import dev.lifecycle.api.data.Field;
import dev.lifecycle.api.data.FieldType;
import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.data.SchemaMismatchException;
import dev.lifecycle.api.model.Prediction;
import dev.lifecycle.api.model.Signature;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.tribuo.Example;
import org.tribuo.Output;

/**
 * What the Tribuo-backed models do around a Tribuo prediction: turn the rare inputs that pass the
 * encoder but break Tribuo (finite numbers so large the scores overflow, rows with no feature the model
 * knows) into a {@link SchemaMismatchException} naming a feature, and copy the row's identifier
 * columns onto the prediction.
 */
final class PredictGuard {
    private final Signature signature;
    private final String[] identifiers;

    PredictGuard(Signature signature) {
        this.signature = signature;
        this.identifiers = signature.identifiers().toArray(new String[0]);
    }

    /**
     * Scores one row with a Tribuo model: a row Tribuo refuses becomes a {@link SchemaMismatchException},
     * and the prediction carries the row's identifiers.
     */
    <T extends Output<T>> Prediction predict(org.tribuo.Model<T> model, Row row, Function<Row, Example<T>> example,
            BiFunction<org.tribuo.Prediction<T>, Row, Prediction> convert) {
        Example<T> e = example.apply(row);
        org.tribuo.Prediction<T> p;
        try {
            p = model.predict(e);
        } catch (IllegalArgumentException ex) {
            throw refused(row, ex);
        }
        return identify(convert.apply(p, row), row);
    }

    /**
     * Scores rows in one Tribuo batch; when Tribuo refuses the batch, row by row, so the error names the
     * row and feature at fault.
     */
    <T extends Output<T>> List<Prediction> predictAll(org.tribuo.Model<T> model, List<Row> rows,
            Function<Row, Example<T>> example, BiFunction<org.tribuo.Prediction<T>, Row, Prediction> convert) {
        List<Example<T>> examples = new ArrayList<>(rows.size());
        for (Row r : rows) {
            examples.add(example.apply(r));
        }
        List<org.tribuo.Prediction<T>> raw;
        try {
            raw = model.predict(examples);
        } catch (IllegalArgumentException e) {
            List<Prediction> out = new ArrayList<>(rows.size());
            for (Row r : rows) {
                out.add(predict(model, r, example, convert));
            }
            return out;
        }
        List<Prediction> out = new ArrayList<>(raw.size());
        for (int i = 0; i < raw.size(); i++) {
            out.add(identify(convert.apply(raw.get(i), rows.get(i)), rows.get(i)));
        }
        return out;
    }

    /** @return the prediction carrying the row's identifier values (the same prediction when there are none) */
    Prediction identify(Prediction p, Row row) {
        if (identifiers.length == 0) {
            return p;
        }
        Map<String, Object> ids = new LinkedHashMap<>();
        for (String id : identifiers) {
            int i = row.indexOf(id);
            if (i >= 0) {
                ids.put(id, row.get(i));
            }
        }
        return ids.isEmpty() ? p : p.withIdentifiers(ids);
    }

    /** @return the error for a row whose scores came out undefined (NaN or no label) */
    SchemaMismatchException overflow(Row row) {
        String worst = null;
        double magnitude = -1;
        for (Field f : signature.inputs()) {
            int i = row.indexOf(f.name());
            if (f.type() == FieldType.NUMERIC && i >= 0 && row.isNumber(i) && Math.abs(row.number(i)) > magnitude) {
                magnitude = Math.abs(row.number(i));
                worst = f.name();
            }
        }
        String name = worst != null ? worst : firstInput();
        return new SchemaMismatchException(name, "The model's scores are undefined for this row (its arithmetic"
                + " overflowed); feature '" + name + "' has the largest magnitude"
                + (worst != null ? " (" + row.get(row.indexOf(worst)) + ")" : "")
                + ". Send values in the range the model was trained on, or configure an input policy");
    }

    /** @return the error for a row Tribuo refused (e.g. none of its features is known to the model) */
    SchemaMismatchException refused(Row row, RuntimeException e) {
        String name = firstInput();
        return new SchemaMismatchException(name, "The model cannot score this row: " + e.getMessage()
                + ". The row " + row.names() + " gives no feature value the model learned; check feature '" + name
                + "' and the others of " + inputNames());
    }

    private String firstInput() {
        for (Field f : signature.inputs()) {
            if (f.type() != FieldType.TEXT) {
                return f.name();
            }
        }
        return signature.inputs().isEmpty() ? null : signature.inputs().get(0).name();
    }

    private List<String> inputNames() {
        return signature.inputs().stream().map(Field::name).toList();
    }
}
