package dev.lifecycle.core.deployment;

import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.data.Field;
import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.data.SchemaMismatchException;
import dev.lifecycle.api.model.ModelVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Readies a version before it takes traffic (its imputer when the input policy imputes, then warm-up
 * predictions) and checks that a swap keeps every request that works now working.
 */
final class Readiness {
    private final InputPolicy.Kind inputKind;
    private final int warmUpPredictions;
    private final List<Row> warmUpRows;
    private final Function<String, DatasetVersion> datasets;
    private final Map<String, Imputer> imputers = new ConcurrentHashMap<>();

    /** @param datasets looks up a training dataset version by id */
    Readiness(InputPolicy.Kind inputKind, int warmUpPredictions, List<Row> warmUpRows,
            Function<String, DatasetVersion> datasets) {
        this.inputKind = inputKind;
        this.warmUpPredictions = warmUpPredictions;
        this.warmUpRows = warmUpRows;
        this.datasets = datasets;
    }

    /** @return the imputer of a prepared version (input policy IMPUTE) */
    Imputer imputer(ModelVersion v) {
        return imputers.get(v.id());
    }

    /** Readies a version before it takes traffic: imputation fills when needed, then warm-up. */
    void prepare(ModelVersion v) {
        DatasetVersion training = null;
        if (inputKind == InputPolicy.Kind.IMPUTE && !imputers.containsKey(v.id())) {
            training = training(v);
            if (training == null) {
                throw new IllegalStateException("Cannot impute inputs for " + v.id() + ": its training data "
                        + v.dataset() + " is not in this store; use InputPolicy.reject() or a fallback model");
            }
            imputers.put(v.id(), Imputer.of(v, training));
        }
        int n = warmUpPredictions;
        if (n == 0) {
            return;
        }
        List<Row> rows = warmUpRows;
        if (rows == null) {
            training = training != null ? training : training(v);
            if (training == null) {
                return;
            }
            rows = new ArrayList<>();
            String target = training.schema().target();
            for (int i = 0; i < Math.min(64, training.size()); i++) {
                Row r = training.row(i);
                rows.add(target == null ? r : r.without(target));
            }
            if (rows.isEmpty()) {
                return;
            }
        }
        for (int i = 0; i < n; i++) {
            Row r = rows.get(i % rows.size());
            try {
                v.model().predict(r);
            } catch (SchemaMismatchException e) {
                // a bad warm-up row says nothing about the model; the input policy handles such rows
            } catch (RuntimeException e) {
                throw new IllegalStateException("Model " + v.id() + " failed on warm-up row " + r
                        + " and must not take traffic: " + e, e);
            }
        }
    }

    private DatasetVersion training(ModelVersion v) {
        try {
            return v.dataset() == null ? null : datasets.apply(v.dataset());
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** A swap must not make requests that the current version accepts fail. */
    static void checkCompatible(ModelVersion current, ModelVersion next) {
        List<String> problems = new ArrayList<>();
        String firstFeature = null;
        for (Field f : next.signature().inputs()) {
            Field had = current.signature().inputs().stream().filter(c -> c.name().equals(f.name())).findFirst()
                    .orElse(null);
            if (had == null) {
                problems.add("'" + f.name() + "' is a new input");
            } else if (had.type() != f.type()) {
                problems.add("'" + f.name() + "' changes from " + had.type() + " to " + f.type());
            } else {
                continue;
            }
            firstFeature = firstFeature == null ? f.name() : firstFeature;
        }
        if (!problems.isEmpty()) {
            throw new SchemaMismatchException(firstFeature, "Cannot swap " + current.id() + " for " + next.id()
                    + ": requests that work now would fail: " + String.join("; ", problems));
        }
    }
}
