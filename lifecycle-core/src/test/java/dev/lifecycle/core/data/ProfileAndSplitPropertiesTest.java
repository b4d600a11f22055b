package dev.lifecycle.core.data;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.data.Row;
import dev.lifecycle.core.Lifecycle;
import dev.lifecycle.core.internal.FastDoubles;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Merge of profiles of any partition equals the profile of the whole; splits partition exactly and repeat with a seed. */
@net.jqwik.api.Tag("fast")
class ProfileAndSplitPropertiesTest {

    @Provide
    Arbitrary<List<Double>> columns() {
        Arbitrary<Double> value = Arbitraries.oneOf(
                Arbitraries.doubles().between(-1e6, 1e6),
                Arbitraries.integers().between(-5, 5).map(Integer::doubleValue),
                Arbitraries.just(Double.NaN));
        return value.list().ofMinSize(1).ofMaxSize(3000);
    }

    @Property(tries = 60)
    void mergedNumericProfilesOfAnyPartitionEqualTheWhole(@ForAll("columns") List<Double> values,
            @ForAll @Size(max = 6) List<@IntRange(min = 0, max = 3000) Integer> cuts) {
        double[] all = values.stream().mapToDouble(Double::doubleValue).toArray();
        NumericProfile whole = NumericProfile.of("x", all);
        int[] bounds = cuts.stream().mapToInt(c -> Math.min(c, all.length)).sorted().distinct().toArray();
        NumericProfile merged = null;
        int from = 0;
        List<NumericProfile> parts = new ArrayList<>();
        for (int b : concat(bounds, all.length)) {
            parts.add(NumericProfile.of("x", Arrays.copyOfRange(all, from, b)));
            from = b;
        }
        java.util.Collections.reverse(parts);
        for (NumericProfile p : parts) {
            merged = merged == null ? p : p.merge(merged);
        }
        assertThat(merged.count()).isEqualTo(whole.count());
        assertThat(merged.missing()).isEqualTo(whole.missing());
        assertThat(Double.valueOf(merged.min())).isEqualTo(Double.valueOf(whole.min()));
        assertThat(Double.valueOf(merged.max())).isEqualTo(Double.valueOf(whole.max()));
        if (whole.count() > 0) {
            double scale = Math.max(1, Math.abs(whole.mean()));
            assertThat(Math.abs(merged.mean() - whole.mean())).isLessThanOrEqualTo(1e-9 * scale);
            assertThat(Math.abs(merged.variance() - whole.variance()))
                    .isLessThanOrEqualTo(1e-9 * Math.max(1, whole.variance()));
            double[] present = Arrays.stream(all).filter(v -> !Double.isNaN(v)).sorted().toArray();
            for (double q : new double[] {0.1, 0.25, 0.5, 0.75, 0.9}) {
                assertThat(rankError(present, merged.quantile(q), q)).isLessThanOrEqualTo(merged.rankError());
            }
            assertThat(merged.distinct()).isCloseTo(Arrays.stream(present).distinct().count(),
                    org.assertj.core.data.Percentage.withPercentage(6));
        }
        NumericProfile roundTrip = DatasetProfile.fromJson(new DatasetProfile(all.length, List.of(merged)).toJson())
                .numeric("x");
        assertThat(roundTrip.count()).isEqualTo(merged.count());
        assertThat(roundTrip.distinct()).isEqualTo(merged.distinct());
        if (merged.count() > 0) {
            assertThat(roundTrip.quantile(0.5)).isEqualTo(merged.quantile(0.5));
        }
    }

    /** @return how far the true normalized rank of {@code estimate} is from {@code q} (0 when ties cover q) */
    static double rankError(double[] sorted, double estimate, double q) {
        int below = lowerBound(sorted, estimate);
        int atOrBelow = upperBound(sorted, estimate);
        double lo = (double) below / sorted.length;
        double hi = (double) atOrBelow / sorted.length;
        return q < lo ? lo - q : q > hi ? q - hi : 0;
    }

    private static int lowerBound(double[] a, double x) {
        int i = 0;
        while (i < a.length && a[i] < x) {
            i++;
        }
        return i;
    }

    private static int upperBound(double[] a, double x) {
        int i = 0;
        while (i < a.length && a[i] <= x) {
            i++;
        }
        return i;
    }

    private static int[] concat(int[] a, int last) {
        int[] out = Arrays.copyOf(a, a.length + 1);
        out[a.length] = last;
        return out;
    }

    @Property(tries = 40)
    void mergedCategoricalProfilesEqualTheWhole(
            @ForAll @Size(min = 1, max = 500) List<@net.jqwik.api.constraints.StringLength(max = 2) String> values,
            @ForAll @IntRange(min = 0, max = 500) int cut) {
        List<String> withMissing = values.stream().map(v -> v.isEmpty() ? null : v).toList();
        int c = Math.min(cut, withMissing.size());
        CategoricalProfile whole = CategoricalProfile.of("c", withMissing);
        CategoricalProfile a = CategoricalProfile.of("c", withMissing.subList(0, c));
        CategoricalProfile b = CategoricalProfile.of("c", withMissing.subList(c, withMissing.size()));
        assertThat(a.merge(b)).isEqualTo(whole);
        assertThat(b.merge(a)).isEqualTo(whole);
    }

    @Property(tries = 30)
    void largeColumnsStayWithinTheStatedError(@ForAll @IntRange(min = 20_000, max = 120_000) int n,
            @ForAll long seed) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = i % 3 == 0 ? r.nextDouble() * 100 : Math.exp(r.nextDouble() * 5);
        }
        int cut = r.nextInt(n);
        NumericProfile merged = NumericProfile.of("x", Arrays.copyOfRange(v, 0, cut))
                .merge(NumericProfile.of("x", Arrays.copyOfRange(v, cut, n)));
        double[] sorted = v.clone();
        Arrays.sort(sorted);
        for (double q : new double[] {0.05, 0.5, 0.95}) {
            assertThat(rankError(sorted, merged.quantile(q), q)).isLessThanOrEqualTo(merged.rankError());
            assertThat(Math.abs(merged.cdf(sorted[(int) (q * n)]) - q)).isLessThanOrEqualTo(merged.rankError() + 1e-4);
        }
    }

    @Property(tries = 25)
    void splitsPartitionTheRowsExactlyAndRepeatWithTheSeed(@ForAll @IntRange(min = 10, max = 400) int rows,
            @ForAll long seed, @ForAll("strategies") String kind) {
        try (Lifecycle lc = Lifecycle.inMemory()) {
            DatasetVersion data = data(lc, rows, seed);
            Splits.Strategy s = strategy(kind, seed);
            Split first = lc.datasets().split(data, s);
            Split again = lc.datasets().split(data, strategy(kind, seed));
            assertThat(again.train().digest()).isEqualTo(first.train().digest());
            assertThat(again.test().digest()).isEqualTo(first.test().digest());
            int[][] parts = s.assign().assign(data);
            Set<Integer> seen = new HashSet<>();
            for (int[] part : parts) {
                for (int r : part) {
                    assertThat(seen.add(r)).as("row %d in both parts", r).isTrue();
                }
            }
            assertThat(seen).hasSize(rows);
            assertThat(first.train().size() + first.test().size()).isEqualTo(rows);
            if (kind.equals("grouped")) {
                Set<String> trainGroups = new HashSet<>();
                for (int r = 0; r < first.train().size(); r++) {
                    trainGroups.add(first.train().string("user", r));
                }
                for (int r = 0; r < first.test().size(); r++) {
                    assertThat(trainGroups).doesNotContain(first.test().string("user", r));
                }
            }
        }
    }

    @Provide
    Arbitrary<String> strategies() {
        return Arbitraries.of("random", "stratified", "grouped", "kfold", "time");
    }

    static Splits.Strategy strategy(String kind, long seed) {
        return switch (kind) {
            case "random" -> Splits.random(0.7, seed);
            case "stratified" -> Splits.stratified(0.7, seed);
            case "grouped" -> Splits.grouped("user", 0.7, seed);
            case "kfold" -> Splits.kFold(4, (int) Math.floorMod(seed, 4L), seed);
            default -> Splits.timeOrdered(0.7);
        };
    }

    static DatasetVersion data(Lifecycle lc, int rows, long seed) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        List<Row> out = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            out.add(Row.of("id", (double) i, "user", "u" + r.nextInt(1 + rows / 5), "label", r.nextInt(4) == 0 ? "yes" : "no"));
        }
        return lc.datasets().importFrom("synthetic", RowSource.of("generated", List.of("id", "user", "label"), out),
                Csv.forTarget("label"));
    }

    @Property(tries = 300)
    void fastNumberParsingEqualsTheJdk(@ForAll("decimals") String s) {
        char[] chars = s.toCharArray();
        assertThat(FastDoubles.parse(chars, 0, chars.length)).isEqualTo(Double.parseDouble(s));
    }

    @Provide
    Arbitrary<String> decimals() {
        return Arbitraries.oneOf(
                Arbitraries.doubles().map(d -> Double.toString(d)),
                Arbitraries.longs().map(l -> Long.toString(l)),
                Arbitraries.strings().withChars("0123456789").ofMinLength(1).ofMaxLength(25)
                        .flatMap(a -> Arbitraries.strings().withChars("0123456789").ofMaxLength(25)
                                .flatMap(b -> Arbitraries.of("", "e5", "E-7", "e+22", "e-30", "e300")
                                        .flatMap(e -> Arbitraries.of("", "-", "+").map(sign -> sign + a + "." + b + e)))));
    }
}
