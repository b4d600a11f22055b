package dev.lifecycle.core.deployment;

import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.model.Model;
import dev.lifecycle.api.model.ModelVersion;
import dev.lifecycle.api.model.Prediction;
import dev.lifecycle.api.model.Signature;
import dev.lifecycle.core.Lifecycle;
import dev.lifecycle.core.data.Csv;
import dev.lifecycle.core.data.RowSource;
import dev.lifecycle.core.data.SeaStream;
import dev.lifecycle.core.model.Trainers;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Small trained models and rows for deployment tests. */
final class Fixtures {
    static final String MODEL = "sea-clf";

    private static final Logger TRIBUO = Logger.getLogger("org.tribuo");

    static {
        TRIBUO.setLevel(Level.WARNING);
    }

    private Fixtures() {
    }

    /** @return labelled SEA rows (threshold 8, no noise) */
    static List<Row> labelled(long seed, int n) {
        SeaStream s = new SeaStream(seed, 1_000_000, 0.0, 8.0);
        List<Row> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            rows.add(s.next());
        }
        return rows;
    }

    /** @return the rows without their label */
    static List<Row> inputs(List<Row> labelled) {
        List<Row> out = new ArrayList<>(labelled.size());
        for (Row r : labelled) {
            out.add(r.without("label"));
        }
        return out;
    }

    static DatasetVersion data(Lifecycle lc) {
        return lc.datasets().importFrom("sea", RowSource.of("sea", SeaStream.COLUMNS, labelled(1, 2000)),
                Csv.forTarget("label"));
    }

    /** @return a registered logistic regression trained on SEA rows with this seed */
    static ModelVersion train(Lifecycle lc, long seed) {
        return lc.train(MODEL, Trainers.logisticRegression().seed(seed), data(lc));
    }

    /** @return a version of the same model name that answers with another model */
    static ModelVersion wrap(ModelVersion base, int version, Model model) {
        return new ModelVersion(base.name(), version, model, "test", Map.of(), 0, base.dataset(), "test", "0".repeat(64),
                Instant.EPOCH, null);
    }

    /** @return a model that always predicts the other label than {@code base} */
    static Model flipped(Model base) {
        return new Delegate(base) {
            @Override
            public Prediction predict(Row row) {
                Prediction p = base.predict(row);
                String other = p.label().equals("1") ? "0" : "1";
                return Prediction.ofLabel(other, List.of(other), new double[] {1.0});
            }
        };
    }

    /** @return a model that sleeps before answering like {@code base} */
    static Model sleeping(Model base, long millis) {
        return new Delegate(base) {
            @Override
            public Prediction predict(Row row) {
                try {
                    Thread.sleep(millis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return base.predict(row);
            }
        };
    }

    private abstract static class Delegate implements Model {
        final Model base;

        Delegate(Model base) {
            this.base = base;
        }

        @Override
        public Signature signature() {
            return base.signature();
        }

        @Override
        public boolean producesProbabilities() {
            return base.producesProbabilities();
        }
    }
}
