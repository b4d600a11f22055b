package dev.lifecycle.core;

import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.data.ScoredRow;
import dev.lifecycle.api.model.ModelVersion;
import dev.lifecycle.api.model.OutputType;
import dev.lifecycle.api.model.Prediction;
import java.util.ArrayList;
import java.util.List;

/** Batch scoring of a dataset version into {@link ScoredRow}s. */
final class Scoring {
    private static final int BATCH = 4096;

    private Scoring() {
    }

    static List<ScoredRow> score(ModelVersion model, DatasetVersion data) {
        if (model.signature().outputType() != OutputType.CLASSIFICATION) {
            throw new IllegalArgumentException("Model " + model.id() + " is a " + model.signature().outputType()
                    + " model; scored rows need predicted labels, so score with a classifier");
        }
        String target = data.schema().target();
        List<ScoredRow> out = new ArrayList<>(data.size());
        List<Row> batch = new ArrayList<>(BATCH);
        List<Integer> positions = new ArrayList<>(BATCH);
        for (int r = 0; r < data.size(); r++) {
            if (target != null && data.target(r) == null) {
                continue;
            }
            batch.add(data.row(r));
            positions.add(r);
            if (batch.size() == BATCH || r == data.size() - 1) {
                flush(model, batch, positions, out);
            }
        }
        flush(model, batch, positions, out);
        return out;
    }

    private static void flush(ModelVersion model, List<Row> batch, List<Integer> positions, List<ScoredRow> out) {
        if (batch.isEmpty()) {
            return;
        }
        List<Prediction> predictions = model.model().predictAll(batch);
        for (int i = 0; i < predictions.size(); i++) {
            Prediction p = predictions.get(i);
            double c = p.hasScores() ? p.score(p.label()) : 1.0;
            c = Double.isNaN(c) ? 0.0 : Math.max(0, Math.min(1, c));
            out.add(new ScoredRow(positions.get(i), p.label(), c));
        }
        batch.clear();
        positions.clear();
    }
}
