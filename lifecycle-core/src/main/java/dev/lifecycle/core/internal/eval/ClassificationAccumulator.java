package dev.lifecycle.core.internal.eval;

/**
 * The mergeable state of a classification evaluation: the confusion counts, every class score split
 * by whether the row belongs to that class (exact AUC and average precision), log-loss and Brier sums
 * and reliability bins of one label's probability. {@link #merge} is associative and commutative up to
 * the order of the stored scores, which no metric depends on.
 */
public final class ClassificationAccumulator {
    final int k;
    final boolean scored;
    final boolean probabilities;
    final int positive;
    final int bins;
    final long[] confusion;
    final DoubleList[] pos;
    final DoubleList[] neg;
    long unscored;
    double logLoss;
    double brier;
    final long[] binRows;
    final long[] binPositives;
    final double[] binPredicted;

    /**
     * @param k the number of classes
     * @param scored whether rows come with one score per class
     * @param probabilities whether the scores are probabilities
     * @param positive the class whose probability the reliability bins track
     * @param bins the number of equal-width reliability bins
     * @param expectedRows a capacity hint
     */
    public ClassificationAccumulator(int k, boolean scored, boolean probabilities, int positive, int bins,
            int expectedRows) {
        this.k = k;
        this.scored = scored;
        this.probabilities = scored && probabilities;
        this.positive = positive;
        this.bins = bins;
        this.confusion = new long[k * k];
        this.pos = new DoubleList[scored ? k : 0];
        this.neg = new DoubleList[scored ? k : 0];
        for (int c = 0; c < pos.length; c++) {
            pos[c] = new DoubleList(expectedRows / k + 4);
            neg[c] = new DoubleList(expectedRows - expectedRows / k + 4);
        }
        this.binRows = new long[bins];
        this.binPositives = new long[bins];
        this.binPredicted = new double[bins];
    }

    /** @return an empty accumulator of the same shape */
    public ClassificationAccumulator emptyCopy(int expectedRows) {
        return new ClassificationAccumulator(k, scored, probabilities, positive, bins, expectedRows);
    }

    /**
     * Adds one row.
     *
     * @param scores the flat row-major score table (ignored when not scored)
     * @param offset where this row's k scores start
     */
    public void add(int truth, int predicted, double[] scores, int offset) {
        confusion[truth * k + predicted]++;
        if (!scored) {
            return;
        }
        for (int c = 0; c < k; c++) {
            double s = scores[offset + c];
            if (Double.isNaN(s)) {
                unscored++;
                return;
            }
        }
        for (int c = 0; c < k; c++) {
            (c == truth ? pos[c] : neg[c]).add(scores[offset + c]);
        }
        if (probabilities) {
            double pt = scores[offset + truth];
            logLoss -= Math.log(Math.min(1.0, Math.max(pt, 1e-15)));
            if (k == 2) {
                double d = scores[offset + positive] - (truth == positive ? 1 : 0);
                brier += d * d;
            } else {
                for (int c = 0; c < k; c++) {
                    double d = scores[offset + c] - (c == truth ? 1 : 0);
                    brier += d * d;
                }
            }
            double p = scores[offset + positive];
            int b = Math.min(bins - 1, Math.max(0, (int) (p * bins)));
            binRows[b]++;
            binPredicted[b] += p;
            if (truth == positive) {
                binPositives[b]++;
            }
        }
    }

    /** Adds the state of another accumulator of the same shape into this one. */
    public ClassificationAccumulator merge(ClassificationAccumulator o) {
        if (o.k != k || o.scored != scored || o.probabilities != probabilities || o.positive != positive
                || o.bins != bins) {
            throw new IllegalArgumentException("Cannot merge accumulators of different shapes");
        }
        for (int i = 0; i < confusion.length; i++) {
            confusion[i] += o.confusion[i];
        }
        for (int c = 0; c < pos.length; c++) {
            pos[c].addAll(o.pos[c]);
            neg[c].addAll(o.neg[c]);
        }
        unscored += o.unscored;
        logLoss += o.logLoss;
        brier += o.brier;
        for (int b = 0; b < bins; b++) {
            binRows[b] += o.binRows[b];
            binPositives[b] += o.binPositives[b];
            binPredicted[b] += o.binPredicted[b];
        }
        return this;
    }

    /** @return the number of rows added */
    public long rows() {
        long n = 0;
        for (long c : confusion) {
            n += c;
        }
        return n;
    }

    /** @return the confusion counts, {@code [truth][predicted]} */
    public long[][] confusion() {
        long[][] out = new long[k][k];
        for (int t = 0; t < k; t++) {
            System.arraycopy(confusion, t * k, out[t], 0, k);
        }
        return out;
    }

    /** Writes the state, read back by {@link #read}. */
    public void write(java.io.DataOutput out) throws java.io.IOException {
        out.writeInt(k);
        out.writeBoolean(scored);
        out.writeBoolean(probabilities);
        out.writeInt(positive);
        out.writeInt(bins);
        for (long c : confusion) {
            out.writeLong(c);
        }
        for (int c = 0; c < pos.length; c++) {
            pos[c].write(out);
            neg[c].write(out);
        }
        out.writeLong(unscored);
        out.writeDouble(logLoss);
        out.writeDouble(brier);
        for (int b = 0; b < bins; b++) {
            out.writeLong(binRows[b]);
            out.writeLong(binPositives[b]);
            out.writeDouble(binPredicted[b]);
        }
    }

    /** @return the accumulator written by {@link #write} */
    public static ClassificationAccumulator read(java.io.DataInput in) throws java.io.IOException {
        int k = in.readInt();
        boolean scored = in.readBoolean();
        boolean probabilities = in.readBoolean();
        ClassificationAccumulator a = new ClassificationAccumulator(k, scored, probabilities, in.readInt(),
                in.readInt(), 0);
        for (int i = 0; i < a.confusion.length; i++) {
            a.confusion[i] = in.readLong();
        }
        for (int c = 0; c < a.pos.length; c++) {
            a.pos[c] = DoubleList.read(in);
            a.neg[c] = DoubleList.read(in);
        }
        a.unscored = in.readLong();
        a.logLoss = in.readDouble();
        a.brier = in.readDouble();
        for (int b = 0; b < a.bins; b++) {
            a.binRows[b] = in.readLong();
            a.binPositives[b] = in.readLong();
            a.binPredicted[b] = in.readDouble();
        }
        return a;
    }
}
