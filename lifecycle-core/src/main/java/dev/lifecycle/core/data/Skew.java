package dev.lifecycle.core.data;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * Training/serving skew: compares the profile of rows seen in production with the training profile,
 * feature by feature, with distances whose size means the same at any sample size.
 *
 * <ul>
 *   <li>Numeric: population stability index (PSI) over the training deciles, read from both KLL
 *       sketches; skewed above {@value #DEFAULT_PSI} (the usual "significant shift" level).</li>
 *   <li>Categorical: Jensen-Shannon distance (base 2, in [0, 1]) between the value frequencies;
 *       skewed above {@value #DEFAULT_JS}.</li>
 * </ul>
 * Missing rates are compared as well: a change of more than 0.05 marks the feature as skewed.
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public final class Skew {
    /** Default PSI threshold. */
    public static final double DEFAULT_PSI = 0.2;
    /** Default Jensen-Shannon distance threshold. */
    public static final double DEFAULT_JS = 0.1;
    private static final double MISSING_SHIFT = 0.05;
    private static final double EPS = 1e-4;

    private Skew() {
    }

    /**
     * The skew of one feature.
     *
     * @param column the feature
     * @param measure {@code psi} or {@code jensen-shannon}
     * @param distance the distance between the distributions
     * @param missingRateShift the missing rate in production minus the training one
     * @param skewed whether the distance or the missing-rate shift exceeds its threshold
     */
    @API(status = API.Status.STABLE, since = "0.1.0")
    public record FeatureSkew(String column, String measure, double distance, double missingRateShift,
            boolean skewed) {
    }

    /** @return the per-feature skew with the default thresholds */
    public static List<FeatureSkew> compare(DatasetProfile training, DatasetProfile production) {
        return compare(training, production, DEFAULT_PSI, DEFAULT_JS);
    }

    /**
     * @return the skew of every column the two profiles share, in training column order
     * @throws IllegalArgumentException when a shared column is numeric on one side and categorical on the other
     */
    public static List<FeatureSkew> compare(DatasetProfile training, DatasetProfile production, double psiThreshold,
            double jsThreshold) {
        List<FeatureSkew> out = new ArrayList<>();
        for (ColumnProfile t : training.columns().values()) {
            ColumnProfile p = production.columns().get(t.column());
            if (p == null) {
                continue;
            }
            double shift = p.missingRate() - t.missingRate();
            if (t instanceof NumericProfile tn && p instanceof NumericProfile pn) {
                double d = psi(tn, pn);
                out.add(new FeatureSkew(t.column(), "psi", d, shift, d > psiThreshold || Math.abs(shift) > MISSING_SHIFT));
            } else if (t instanceof CategoricalProfile tc && p instanceof CategoricalProfile pc) {
                double d = jensenShannon(tc, pc);
                out.add(new FeatureSkew(t.column(), "jensen-shannon", d, shift,
                        d > jsThreshold || Math.abs(shift) > MISSING_SHIFT));
            } else {
                throw new IllegalArgumentException("Column '" + t.column() + "' is " + kind(t) + " in training but "
                        + kind(p) + " in production; profile both with the same schema");
            }
        }
        return out;
    }

    /** @return the PSI of {@code current} against {@code reference}, binned at the reference deciles */
    public static double psi(NumericProfile reference, NumericProfile current) {
        if (reference.count() == 0 || current.count() == 0) {
            return reference.count() == current.count() ? 0 : Double.POSITIVE_INFINITY;
        }
        double[] splits = new double[9];
        int n = 0;
        for (int i = 1; i <= 9; i++) {
            double q = reference.quantile(i / 10.0);
            if (n == 0 || q > splits[n - 1]) {
                splits[n++] = q;
            }
        }
        splits = java.util.Arrays.copyOf(splits, n);
        double[] a = reference.pmf(splits);
        double[] b = current.pmf(splits);
        double psi = 0;
        for (int i = 0; i < a.length; i++) {
            double x = Math.max(a[i], EPS);
            double y = Math.max(b[i], EPS);
            psi += (y - x) * Math.log(y / x);
        }
        return psi;
    }

    /** @return the Jensen-Shannon distance (base 2) between the value frequencies of two profiles */
    public static double jensenShannon(CategoricalProfile a, CategoricalProfile b) {
        if (a.count() == 0 || b.count() == 0) {
            return a.count() == b.count() ? 0 : 1;
        }
        Set<String> values = new HashSet<>(a.counts().keySet());
        values.addAll(b.counts().keySet());
        double js = 0;
        for (String v : values) {
            double p = a.frequency(v);
            double q = b.frequency(v);
            double m = (p + q) / 2;
            if (p > 0) {
                js += 0.5 * p * Math.log(p / m);
            }
            if (q > 0) {
                js += 0.5 * q * Math.log(q / m);
            }
        }
        return Math.sqrt(Math.max(0, js / Math.log(2)));
    }

    private static String kind(ColumnProfile c) {
        return c instanceof NumericProfile ? "numeric" : "categorical";
    }
}
