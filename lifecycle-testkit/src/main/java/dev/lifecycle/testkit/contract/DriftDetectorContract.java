package dev.lifecycle.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifecycle.api.monitoring.DriftDetector;
import dev.lifecycle.api.monitoring.DriftResult;
import dev.lifecycle.api.monitoring.DriftVerdict;
import dev.lifecycle.api.monitoring.FeatureSummary;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apiguardian.api.API;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link DriftDetector} must keep: a pure, thread-safe judgement that never flags
 * a window against itself, flags an obvious shift, says when data is too scarce instead of throwing,
 * and reports a verdict consistent with its score and threshold. Extend it and implement
 * {@link #createDetector()}; the kit feeds it exact summaries of generated samples.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public abstract class DriftDetectorContract {

    /** @return the detector under test */
    protected abstract DriftDetector createDetector();

    /** @return the number of values in the large windows the kit uses (override for slow detectors) */
    protected int windowSize() {
        return 5_000;
    }

    @Test
    public void namesItsMethodAndSupportsAKindOfFeature() {
        DriftDetector d = createDetector();
        assertThat(d.method()).as("method()").isNotBlank();
        assertThat(d.supports(true) || d.supports(false)).as("supports numeric or categorical features").isTrue();
    }

    @Test
    public void aWindowComparedWithItselfNeverDrifts() {
        DriftDetector d = createDetector();
        for (FeatureSummary s : samples(1, 0.0)) {
            if (d.supports(s.numeric())) {
                DriftResult r = d.detect(s, s);
                assertThat(r.verdict()).as("%s compared with itself: %s", s.feature(), r).isNotEqualTo(DriftVerdict.DRIFT);
            }
        }
    }

    @Test
    public void aSampleOfTheSameDistributionDoesNotDrift() {
        DriftDetector d = createDetector();
        List<FeatureSummary> reference = samples(2, 0.0);
        List<FeatureSummary> current = samples(3, 0.0);
        for (int i = 0; i < reference.size(); i++) {
            if (d.supports(reference.get(i).numeric())) {
                DriftResult r = d.detect(reference.get(i), current.get(i));
                assertThat(r.verdict()).as("two samples of one distribution: %s", r).isNotEqualTo(DriftVerdict.DRIFT);
            }
        }
    }

    @Test
    public void anObviousShiftDrifts() {
        DriftDetector d = createDetector();
        List<FeatureSummary> reference = samples(4, 0.0);
        List<FeatureSummary> current = samples(5, 3.0);
        for (int i = 0; i < reference.size(); i++) {
            if (d.supports(reference.get(i).numeric())) {
                DriftResult r = d.detect(reference.get(i), current.get(i));
                assertThat(r.verdict()).as("a shift of three standard deviations / swapped categories: %s", r)
                        .isEqualTo(DriftVerdict.DRIFT);
            }
        }
    }

    @Test
    public void theResultNamesTheFeatureAndAgreesWithItsThreshold() {
        DriftDetector d = createDetector();
        List<FeatureSummary> reference = samples(6, 0.0);
        for (double shift : new double[] {0.0, 0.1, 0.5, 3.0}) {
            List<FeatureSummary> current = samples(7, shift);
            for (int i = 0; i < reference.size(); i++) {
                if (!d.supports(reference.get(i).numeric())) {
                    continue;
                }
                DriftResult r = d.detect(reference.get(i), current.get(i));
                assertThat(r.feature()).isEqualTo(current.get(i).feature());
                assertThat(r.method()).isNotBlank();
                assertThat(r.referenceCount()).isEqualTo(reference.get(i).count());
                assertThat(r.currentCount()).isEqualTo(current.get(i).count());
                if (r.verdict() == DriftVerdict.DRIFT) {
                    assertThat(r.score()).as("score of a DRIFT verdict: %s", r).isGreaterThan(r.threshold());
                } else if (r.verdict() == DriftVerdict.STABLE && Double.isNaN(r.pValue())) {
                    assertThat(r.score()).as("score of a STABLE verdict: %s", r).isLessThanOrEqualTo(r.threshold());
                }
            }
        }
    }

    @Test
    public void isAPureFunctionOfItsArgumentsEvenAcrossThreads() throws Exception {
        DriftDetector d = createDetector();
        List<FeatureSummary> reference = samples(8, 0.0);
        List<FeatureSummary> current = samples(9, 0.3);
        List<DriftResult> first = judge(d, reference, current);
        assertThat(judge(d, reference, current)).as("a second call").isEqualTo(first);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<DriftResult>>> all = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                all.add(pool.submit(() -> judge(d, reference, current)));
            }
            for (Future<List<DriftResult>> f : all) {
                assertThat(f.get()).as("a call from another thread").isEqualTo(first);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    public void saysWhenThereIsTooLittleDataInsteadOfThrowing() {
        DriftDetector d = createDetector();
        List<FeatureSummary> big = samples(10, 0.0);
        List<FeatureSummary> tiny = List.of(numeric("x", new double[] {1, 2, 3}), categorical("c", Map.of("a", 2L)));
        List<FeatureSummary> empty = List.of(numeric("x", new double[0]), categorical("c", Map.of()));
        for (int i = 0; i < tiny.size(); i++) {
            if (d.supports(tiny.get(i).numeric())) {
                assertThat(d.detect(big.get(i), tiny.get(i)).verdict()).as("a few values against %d", big.get(i).count())
                        .isEqualTo(DriftVerdict.INSUFFICIENT_DATA);
                assertThat(d.detect(empty.get(i), big.get(i)).verdict()).as("an empty reference")
                        .isEqualTo(DriftVerdict.INSUFFICIENT_DATA);
            }
        }
    }

    @Test
    public void refusesAKindOfFeatureItDoesNotSupport() {
        DriftDetector d = createDetector();
        for (FeatureSummary s : samples(11, 0.0)) {
            if (!d.supports(s.numeric())) {
                assertThatThrownBy(() -> d.detect(s, s)).isInstanceOf(IllegalArgumentException.class);
            }
        }
    }

    private static List<DriftResult> judge(DriftDetector d, List<FeatureSummary> reference,
            List<FeatureSummary> current) {
        List<DriftResult> out = new ArrayList<>();
        for (int i = 0; i < reference.size(); i++) {
            if (d.supports(reference.get(i).numeric())) {
                out.add(d.detect(reference.get(i), current.get(i)));
            }
        }
        return out;
    }

    /**
     * @return a numeric feature {@code x} (normal, shifted by {@code shift} standard deviations) and a
     *     categorical feature {@code c} (shares 0.6/0.3/0.1, reversed when {@code shift >= 1})
     */
    private List<FeatureSummary> samples(long seed, double shift) {
        SplittableRandom random = new SplittableRandom(seed);
        int n = windowSize();
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = gaussian(random) + shift;
        }
        double[] shares = shift >= 1 ? new double[] {0.1, 0.3, 0.6} : new double[] {0.6, 0.3, 0.1};
        Map<String, Long> counts = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            double u = random.nextDouble();
            String v = u < shares[0] ? "a" : u < shares[0] + shares[1] ? "b" : "c";
            counts.merge(v, 1L, Long::sum);
        }
        return List.of(numeric("x", x), categorical("c", counts));
    }

    private static double gaussian(SplittableRandom random) {
        double u = 1 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    /** @return an exact summary of numeric values */
    protected static FeatureSummary numeric(String feature, double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return new FeatureSummary() {
            @Override
            public String feature() {
                return feature;
            }

            @Override
            public boolean numeric() {
                return true;
            }

            @Override
            public long count() {
                return sorted.length;
            }

            @Override
            public long missing() {
                return 0;
            }

            @Override
            public double quantile(double q) {
                if (sorted.length == 0) {
                    return Double.NaN;
                }
                return sorted[(int) Math.min(sorted.length - 1, Math.max(0, Math.floor(q * sorted.length)))];
            }

            @Override
            public double cdf(double x) {
                if (sorted.length == 0) {
                    return Double.NaN;
                }
                int i = Arrays.binarySearch(sorted, x);
                if (i < 0) {
                    return (double) (-i - 1) / sorted.length;
                }
                while (i + 1 < sorted.length && sorted[i + 1] == x) {
                    i++;
                }
                return (double) (i + 1) / sorted.length;
            }

            @Override
            public double stddev() {
                if (sorted.length == 0) {
                    return Double.NaN;
                }
                double mean = Arrays.stream(sorted).average().orElse(0);
                return Math.sqrt(Arrays.stream(sorted).map(v -> (v - mean) * (v - mean)).sum() / sorted.length);
            }

            @Override
            public Map<String, Long> counts() {
                throw new UnsupportedOperationException("numeric feature " + feature);
            }
        };
    }

    /** @return an exact summary of categorical values */
    protected static FeatureSummary categorical(String feature, Map<String, Long> counts) {
        Map<String, Long> copy = Map.copyOf(counts);
        long n = copy.values().stream().mapToLong(Long::longValue).sum();
        return new FeatureSummary() {
            @Override
            public String feature() {
                return feature;
            }

            @Override
            public boolean numeric() {
                return false;
            }

            @Override
            public long count() {
                return n;
            }

            @Override
            public long missing() {
                return 0;
            }

            @Override
            public double quantile(double q) {
                throw new UnsupportedOperationException("categorical feature " + feature);
            }

            @Override
            public double cdf(double x) {
                throw new UnsupportedOperationException("categorical feature " + feature);
            }

            @Override
            public double stddev() {
                return Double.NaN;
            }

            @Override
            public Map<String, Long> counts() {
                return copy;
            }
        };
    }
}
