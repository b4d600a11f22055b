package dev.lifecycle.api.evaluation;

import java.util.List;
import org.apiguardian.api.API;

/**
 * Counts of (true label, predicted label) pairs.
 *
 * @param labels the labels, indexing both axes
 * @param counts {@code counts[truth][predicted]}; copied, so the caller's array may change afterwards
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public record ConfusionMatrix(List<String> labels, long[][] counts) {

    /** Validates and copies. */
    public ConfusionMatrix {
        labels = List.copyOf(labels);
        long[][] copy = new long[labels.size()][];
        if (counts.length != labels.size()) {
            throw new IllegalArgumentException(counts.length + " rows for " + labels.size() + " labels");
        }
        for (int i = 0; i < counts.length; i++) {
            if (counts[i].length != labels.size()) {
                throw new IllegalArgumentException("row " + i + " has " + counts[i].length + " columns");
            }
            copy[i] = counts[i].clone();
        }
        counts = copy;
    }

    /** @return how many rows with true label {@code truth} were predicted as {@code predicted} */
    public long count(String truth, String predicted) {
        int t = labels.indexOf(truth);
        int p = labels.indexOf(predicted);
        return t < 0 || p < 0 ? 0 : counts[t][p];
    }

    /** @return a copy of the counts, {@code [truth][predicted]} */
    @Override
    public long[][] counts() {
        long[][] copy = new long[counts.length][];
        for (int i = 0; i < counts.length; i++) {
            copy[i] = counts[i].clone();
        }
        return copy;
    }

    /** @return the number of rows counted */
    public long total() {
        long n = 0;
        for (long[] row : counts) {
            for (long c : row) {
                n += c;
            }
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConfusionMatrix m && m.labels.equals(labels)
                && java.util.Arrays.deepEquals(m.counts, counts);
    }

    @Override
    public int hashCode() {
        return labels.hashCode() * 31 + java.util.Arrays.deepHashCode(counts);
    }

    @Override
    public String toString() {
        return "ConfusionMatrix" + labels + java.util.Arrays.deepToString(counts);
    }
}
