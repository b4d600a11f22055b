package dev.lifecycle.surface;

import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.data.SchemaMismatchException;
import dev.lifecycle.api.model.Model;
import dev.lifecycle.api.model.ModelFormat;
import dev.lifecycle.api.model.ModelFormatException;
import dev.lifecycle.api.model.OutputType;
import dev.lifecycle.api.model.Prediction;
import dev.lifecycle.api.model.Signature;
import dev.lifecycle.api.model.Trainer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * A model written from scratch, no Tribuo: a decision stump on the numeric feature {@code x} that predicts
 * {@code "1"} above a threshold and {@code "0"} at or below it; its trainer picks the threshold with the
 * fewest training errors, its format stores the threshold as text.
 */
final class Stump {
    static final List<String> LABELS = List.of("0", "1");

    private Stump() {
    }

    /** The stump model. */
    record StumpModel(Signature signature, double threshold) implements Model {
        @Override
        public Prediction predict(Row row) {
            if (!row.has("x") || !row.isNumber(row.indexOf("x"))) {
                throw new SchemaMismatchException("x", "The stump needs a numeric feature 'x'; the row has " + row.names());
            }
            double above = row.number("x") > threshold ? 1 : 0;
            return Prediction.ofLabel(above == 1 ? "1" : "0", LABELS, new double[] {1 - above, above});
        }

        @Override
        public boolean producesProbabilities() {
            return false;
        }
    }

    /** Trains a stump: the threshold among the training values with the fewest errors. */
    static final class StumpTrainer implements Trainer {
        @Override
        public String name() {
            return "stump";
        }

        @Override
        public Map<String, String> parameters() {
            return Map.of();
        }

        @Override
        public long seed() {
            return 0;
        }

        @Override
        public Model train(DatasetVersion data) {
            int n = data.size();
            double best = Double.NaN;
            int fewest = Integer.MAX_VALUE;
            for (int c = 0; c < n; c++) {
                double t = data.number("x", c);
                int errors = 0;
                for (int r = 0; r < n; r++) {
                    boolean above = data.number("x", r) > t;
                    errors += above == "1".equals(data.target(r)) ? 0 : 1;
                }
                if (errors < fewest || (errors == fewest && t < best)) {
                    fewest = errors;
                    best = t;
                }
            }
            return new StumpModel(Signature.of(data.schema(), OutputType.CLASSIFICATION, LABELS), best);
        }
    }

    /** Stores a stump as its threshold in text; found by {@link java.util.ServiceLoader} in these tests. */
    public static final class StumpFormat implements ModelFormat {
        /** For {@link java.util.ServiceLoader}. */
        public StumpFormat() {
        }

        @Override
        public String id() {
            return "stump-text";
        }

        @Override
        public boolean supports(Model model) {
            return model instanceof StumpModel;
        }

        @Override
        public byte[] write(Model model) {
            if (!(model instanceof StumpModel s)) {
                throw new IllegalArgumentException("Not a stump: " + model);
            }
            return Double.toString(s.threshold()).getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public Model read(byte[] bytes, Signature signature) {
            try {
                return new StumpModel(signature, Double.parseDouble(new String(bytes, StandardCharsets.UTF_8)));
            } catch (NumberFormatException e) {
                throw new ModelFormatException("Stored stump bytes are not a threshold", e);
            }
        }
    }
}
