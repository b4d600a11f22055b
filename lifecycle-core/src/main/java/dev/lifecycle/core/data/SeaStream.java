package dev.lifecycle.core.data;

import dev.lifecycle.api.data.Row;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apiguardian.api.API;

/**
 * The SEA concepts stream (Street and Kim, 2001), a classic synthetic stream with abrupt concept
 * changes: three features uniform on [0, 10], of which only {@code x1} and {@code x2} matter; the
 * label is {@code "1"} when {@code x1 + x2 <= threshold}, else {@code "0"}, with a share of labels
 * flipped as noise. Each concept has its own threshold and lasts a fixed number of rows. Seeded: the
 * same arguments always give the same rows.
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public final class SeaStream {
    /** The column names, target last. */
    public static final List<String> COLUMNS = List.of("x1", "x2", "x3", "label");

    private final double[] thresholds;
    private final int rowsPerConcept;
    private final double noise;
    private final SplittableRandom random;
    private long produced;

    /**
     * @param seed the seed
     * @param rowsPerConcept how many rows each concept lasts
     * @param noise share of labels flipped, in [0, 0.5)
     * @param thresholds one threshold per concept, in order; the last one lasts forever
     */
    public SeaStream(long seed, int rowsPerConcept, double noise, double... thresholds) {
        if (thresholds.length == 0) {
            throw new IllegalArgumentException("Give at least one concept threshold (the classic ones are 8, 9, 7, 9.5)");
        }
        if (rowsPerConcept < 1) {
            throw new IllegalArgumentException("rowsPerConcept must be at least 1, got " + rowsPerConcept);
        }
        if (!(noise >= 0 && noise < 0.5)) {
            throw new IllegalArgumentException("noise must be in [0, 0.5), got " + noise);
        }
        this.thresholds = thresholds.clone();
        this.rowsPerConcept = rowsPerConcept;
        this.noise = noise;
        this.random = new SplittableRandom(seed);
    }

    /** @return the 0-based concept of the next row */
    public int concept() {
        return (int) Math.min(thresholds.length - 1, produced / rowsPerConcept);
    }

    /** @return the next row, with its label */
    public Row next() {
        double threshold = thresholds[concept()];
        double x1 = random.nextDouble() * 10;
        double x2 = random.nextDouble() * 10;
        double x3 = random.nextDouble() * 10;
        boolean positive = x1 + x2 <= threshold;
        if (random.nextDouble() < noise) {
            positive = !positive;
        }
        produced++;
        return Row.builder(4).set("x1", x1).set("x2", x2).set("x3", x3).set("label", positive ? "1" : "0").build();
    }

    /** @return the next {@code n} rows */
    public List<Row> next(int n) {
        List<Row> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(next());
        }
        return out;
    }
}
