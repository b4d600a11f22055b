package dev.lifecycle.core.internal.eval;

/**
 * The mergeable state of a regression evaluation: error sums, the target's mean and spread (merged
 * with Chan's formula), absolute percentage errors over non-zero targets and every residual (for
 * exact quantiles).
 */
public final class RegressionAccumulator {
    long n;
    double sumAbs;
    double sumSq;
    double mean;
    double m2;
    double sumApe;
    long apeRows;
    long zeroTargets;
    DoubleList residuals;

    /** @param expectedRows a capacity hint */
    public RegressionAccumulator(int expectedRows) {
        residuals = new DoubleList(expectedRows);
    }

    /** Adds one row. */
    public void add(double truth, double predicted) {
        double r = predicted - truth;
        n++;
        sumAbs += Math.abs(r);
        sumSq += r * r;
        double d = truth - mean;
        mean += d / n;
        m2 += d * (truth - mean);
        if (truth == 0) {
            zeroTargets++;
        } else {
            sumApe += Math.abs(r / truth);
            apeRows++;
        }
        residuals.add(r);
    }

    /** Adds the state of another accumulator into this one. */
    public RegressionAccumulator merge(RegressionAccumulator o) {
        if (o.n == 0) {
            return this;
        }
        long total = n + o.n;
        double d = o.mean - mean;
        m2 = m2 + o.m2 + d * d * ((double) n * o.n / total);
        mean = mean + d * o.n / total;
        n = total;
        sumAbs += o.sumAbs;
        sumSq += o.sumSq;
        sumApe += o.sumApe;
        apeRows += o.apeRows;
        zeroTargets += o.zeroTargets;
        residuals.addAll(o.residuals);
        return this;
    }

    /** @return the number of rows added */
    public long rows() {
        return n;
    }

    /** Writes the state, read back by {@link #read}. */
    public void write(java.io.DataOutput out) throws java.io.IOException {
        out.writeLong(n);
        out.writeDouble(sumAbs);
        out.writeDouble(sumSq);
        out.writeDouble(mean);
        out.writeDouble(m2);
        out.writeDouble(sumApe);
        out.writeLong(apeRows);
        out.writeLong(zeroTargets);
        residuals.write(out);
    }

    /** @return the accumulator written by {@link #write} */
    public static RegressionAccumulator read(java.io.DataInput in) throws java.io.IOException {
        RegressionAccumulator a = new RegressionAccumulator(0);
        a.n = in.readLong();
        a.sumAbs = in.readDouble();
        a.sumSq = in.readDouble();
        a.mean = in.readDouble();
        a.m2 = in.readDouble();
        a.sumApe = in.readDouble();
        a.apeRows = in.readLong();
        a.zeroTargets = in.readLong();
        a.residuals = DoubleList.read(in);
        return a;
    }
}
