package dev.lifecycle.core.monitoring;

import dev.lifecycle.api.monitoring.DriftDetector;
import dev.lifecycle.api.monitoring.DriftResult;
import dev.lifecycle.api.monitoring.DriftVerdict;
import dev.lifecycle.api.monitoring.FeatureSummary;
import dev.lifecycle.core.data.CategoricalProfile;
import dev.lifecycle.core.data.ColumnProfile;
import dev.lifecycle.core.data.NumericProfile;
import dev.lifecycle.core.data.Skew;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.commons.statistics.inference.ChiSquareTest;
import org.apache.commons.statistics.inference.KolmogorovSmirnovTest;
import org.apache.commons.statistics.inference.PValueMethod;
import org.apache.commons.statistics.inference.SignificanceResult;
import org.apiguardian.api.API;

/**
 * The built-in {@link DriftDetector}s. Distances (PSI, Jensen-Shannon, Wasserstein) are held to
 * effect-size thresholds whose meaning does not change with sample size; tests (KS, chi-square) need
 * both a small p-value and a minimum effect, so a large window does not flag a negligible shift.
 * {@link #auto()} picks a test for small windows and a distance for large ones.
 *
 * <p>All detectors are immutable, stateless and thread-safe.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public final class DriftDetectors {
    /** Below this many current values {@link #auto()} uses a test rather than a distance. */
    public static final long SMALL_WINDOW = 1000;
    /** Fewer values than this on either side give {@link DriftVerdict#INSUFFICIENT_DATA}. */
    public static final long MIN_VALUES = 30;
    private static final int TEST_SAMPLE = 2000;
    private static final double EPS = 1e-4;

    private DriftDetectors() {
    }

    /** @return a feature summary of a data-phase column profile, for any detector */
    public static FeatureSummary summary(ColumnProfile profile) {
        return new ProfileSummary(java.util.Objects.requireNonNull(profile, "profile"));
    }

    /** @return population stability index over the reference deciles, drift above 0.2 */
    public static DriftDetector psi() {
        return psi(Skew.DEFAULT_PSI);
    }

    /** @return population stability index over the reference deciles, drift above {@code threshold} */
    public static DriftDetector psi(double threshold) {
        positive(threshold, "PSI threshold");
        return new Distance("psi", true, threshold, DriftDetectors::psiScore);
    }

    /** @return Jensen-Shannon distance (base 2, in [0, 1]) of value frequencies, drift above 0.1 */
    public static DriftDetector jensenShannon() {
        return jensenShannon(Skew.DEFAULT_JS);
    }

    /** @return Jensen-Shannon distance of value frequencies, drift above {@code threshold} */
    public static DriftDetector jensenShannon(double threshold) {
        positive(threshold, "Jensen-Shannon threshold");
        return new Distance("jensen-shannon", false, threshold, DriftDetectors::jsScore);
    }

    /**
     * @return first Wasserstein distance between the two distributions in units of the reference
     *     standard deviation, drift above 0.1
     */
    public static DriftDetector wasserstein() {
        return wasserstein(0.1);
    }

    /** @return standardized Wasserstein distance, drift above {@code threshold} reference standard deviations */
    public static DriftDetector wasserstein(double threshold) {
        positive(threshold, "Wasserstein threshold");
        return new Distance("wasserstein", true, threshold, DriftDetectors::wassersteinScore);
    }

    /** @return two-sample Kolmogorov-Smirnov: drift when p &lt; 0.01 and the statistic D &gt; 0.1 */
    public static DriftDetector ks() {
        return ks(0.01, 0.1);
    }

    /**
     * @param alpha the significance level
     * @param minEffect the smallest KS statistic (largest CDF gap) that counts as drift
     * @return two-sample Kolmogorov-Smirnov (Apache Commons Statistics) on samples drawn evenly from both
     *     quantile sketches, as large as the windows up to 2,000 values
     */
    public static DriftDetector ks(double alpha, double minEffect) {
        level(alpha);
        positive(minEffect, "KS minimum effect");
        return new Test("ks", true, alpha, minEffect);
    }

    /** @return chi-square test of value counts: drift when p &lt; 0.01 and Cramér's V &gt; 0.1 */
    public static DriftDetector chiSquare() {
        return chiSquare(0.01, 0.1);
    }

    /**
     * @param alpha the significance level
     * @param minEffect the smallest Cramér's V that counts as drift
     * @return chi-square test of homogeneity (Apache Commons Statistics) on the value counts
     */
    public static DriftDetector chiSquare(double alpha, double minEffect) {
        level(alpha);
        positive(minEffect, "chi-square minimum effect");
        return new Test("chi-square", false, alpha, minEffect);
    }

    /**
     * @return the default: for windows under {@value #SMALL_WINDOW} values KS (numeric) or chi-square
     *     (categorical), else PSI (numeric) or Jensen-Shannon (categorical)
     */
    public static DriftDetector auto() {
        return Auto.DEFAULT;
    }

    private static void positive(double v, String what) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(what + " must be a positive number, got " + v);
        }
    }

    private static void level(double alpha) {
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("A significance level must be in (0, 1), got " + alpha);
        }
    }

    private static void check(String method, boolean numeric, FeatureSummary ref, FeatureSummary cur) {
        if (ref.numeric() != numeric || cur.numeric() != numeric) {
            throw new IllegalArgumentException("Detector " + method + " handles " + (numeric ? "numeric" : "categorical")
                    + " features; feature '" + cur.feature() + "' is not; use DriftDetectors.auto()");
        }
    }

    private static boolean tooSmall(FeatureSummary ref, FeatureSummary cur) {
        return ref.count() < MIN_VALUES || cur.count() < MIN_VALUES;
    }

    static double psiScore(FeatureSummary ref, FeatureSummary cur) {
        if (ref instanceof ProfileSummary r && cur instanceof ProfileSummary c) {
            return Skew.psi((NumericProfile) r.profile(), (NumericProfile) c.profile());
        }
        List<Double> splits = new ArrayList<>();
        for (int i = 1; i <= 9; i++) {
            double q = ref.quantile(i / 10.0);
            if (splits.isEmpty() || q > splits.get(splits.size() - 1)) {
                splits.add(q);
            }
        }
        double psi = 0;
        double pa = 0;
        double pb = 0;
        for (int i = 0; i <= splits.size(); i++) {
            double ca = i == splits.size() ? 1 : ref.cdf(splits.get(i));
            double cb = i == splits.size() ? 1 : cur.cdf(splits.get(i));
            double x = Math.max(ca - pa, EPS);
            double y = Math.max(cb - pb, EPS);
            psi += (y - x) * Math.log(y / x);
            pa = ca;
            pb = cb;
        }
        return psi;
    }

    static double jsScore(FeatureSummary ref, FeatureSummary cur) {
        if (ref instanceof ProfileSummary r && cur instanceof ProfileSummary c) {
            return Skew.jensenShannon((CategoricalProfile) r.profile(), (CategoricalProfile) c.profile());
        }
        return Skew.jensenShannon(new CategoricalProfile(ref.feature(), ref.missing(), ref.counts()),
                new CategoricalProfile(cur.feature(), cur.missing(), cur.counts()));
    }

    static double wassersteinScore(FeatureSummary ref, FeatureSummary cur) {
        double sum = 0;
        int n = 200;
        for (int i = 0; i < n; i++) {
            double q = (i + 0.5) / n;
            sum += Math.abs(ref.quantile(q) - cur.quantile(q));
        }
        return sum / n / wassersteinScale(ref, cur);
    }

    /**
     * The unit of the Wasserstein score: the reference's standard deviation; when the reference has (next to)
     * none, e.g. a price that stayed constant, the current window's, and when neither spreads, the size of
     * the values themselves. Dividing by a spread of 1e-12 would turn any change into a score of 1e13.
     */
    private static double wassersteinScale(FeatureSummary ref, FeatureSummary cur) {
        double size = Math.max(Math.abs(ref.quantile(0.5)), Math.abs(cur.quantile(0.5)));
        double negligible = 1e-9 * Math.max(1, size);
        if (ref.stddev() > negligible) {
            return ref.stddev();
        }
        if (cur.stddev() > negligible) {
            return cur.stddev();
        }
        return Math.max(size, 1);
    }

    /** A distance held to an effect-size threshold. */
    private record Distance(String method, boolean numericKind, double threshold, Score score)
            implements DriftDetector {
        @Override
        public boolean supports(boolean numeric) {
            return numeric == numericKind;
        }

        @Override
        public DriftResult detect(FeatureSummary reference, FeatureSummary current) {
            check(method, numericKind, reference, current);
            if (tooSmall(reference, current)) {
                return new DriftResult(current.feature(), method, Double.NaN, threshold, Double.NaN,
                        DriftVerdict.INSUFFICIENT_DATA, reference.count(), current.count());
            }
            double s = score.of(reference, current);
            return new DriftResult(current.feature(), method, s, threshold, Double.NaN,
                    s > threshold ? DriftVerdict.DRIFT : DriftVerdict.STABLE, reference.count(), current.count());
        }
    }

    /** A score function. */
    @FunctionalInterface
    private interface Score {
        double of(FeatureSummary reference, FeatureSummary current);
    }

    /** A significance test with a minimum effect. */
    private record Test(String method, boolean numericKind, double alpha, double minEffect) implements DriftDetector {
        @Override
        public boolean supports(boolean numeric) {
            return numeric == numericKind;
        }

        @Override
        public DriftResult detect(FeatureSummary reference, FeatureSummary current) {
            check(method, numericKind, reference, current);
            if (tooSmall(reference, current)) {
                return new DriftResult(current.feature(), method, Double.NaN, minEffect, Double.NaN,
                        DriftVerdict.INSUFFICIENT_DATA, reference.count(), current.count());
            }
            double effect;
            double p;
            if (numericKind) {
                SignificanceResult r = KolmogorovSmirnovTest.withDefaults().with(PValueMethod.ASYMPTOTIC)
                        .test(sample(reference), sample(current));
                effect = r.getStatistic();
                p = r.getPValue();
            } else {
                TreeSet<String> values = new TreeSet<>(reference.counts().keySet());
                values.addAll(current.counts().keySet());
                if (values.size() < 2) {
                    return new DriftResult(current.feature(), method, 0, minEffect, 1, DriftVerdict.STABLE,
                            reference.count(), current.count());
                }
                long[][] table = new long[2][values.size()];
                int j = 0;
                for (String v : values) {
                    table[0][j] = reference.counts().getOrDefault(v, 0L);
                    table[1][j] = current.counts().getOrDefault(v, 0L);
                    j++;
                }
                SignificanceResult r = ChiSquareTest.withDefaults().test(table);
                effect = Math.sqrt(r.getStatistic() / (reference.count() + current.count()));
                p = r.getPValue();
            }
            boolean drift = effect > minEffect && p < alpha;
            return new DriftResult(current.feature(), method, effect, minEffect, p,
                    drift ? DriftVerdict.DRIFT : DriftVerdict.STABLE, reference.count(), current.count());
        }

        private static double[] sample(FeatureSummary s) {
            int n = (int) Math.min(s.count(), TEST_SAMPLE);
            double[] out = new double[n];
            for (int i = 0; i < n; i++) {
                out[i] = s.quantile((i + 0.5) / n);
            }
            return out;
        }
    }

    /** Chooses a test for small windows and a distance for large ones. */
    private static final class Auto implements DriftDetector {
        static final Auto DEFAULT = new Auto();
        private final DriftDetector ks = ks();
        private final DriftDetector chi = chiSquare();
        private final DriftDetector psi = psi();
        private final DriftDetector js = jensenShannon();

        @Override
        public String method() {
            return "auto";
        }

        @Override
        public boolean supports(boolean numeric) {
            return true;
        }

        @Override
        public DriftResult detect(FeatureSummary reference, FeatureSummary current) {
            boolean small = current.count() < SMALL_WINDOW;
            DriftDetector d = current.numeric() ? (small ? ks : psi) : (small ? chi : js);
            return d.detect(reference, current);
        }

        @Override
        public String toString() {
            return "auto (ks/chi-square below " + SMALL_WINDOW + " values, else psi/jensen-shannon)";
        }
    }
}
