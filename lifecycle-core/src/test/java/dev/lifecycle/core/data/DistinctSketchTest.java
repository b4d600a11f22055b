package dev.lifecycle.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lifecycle.core.data.internal.DistinctSketch;
import dev.lifecycle.core.internal.Json;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.LongToDoubleFunction;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.TgtHllType;
import org.junit.jupiter.api.Test;

/**
 * The distinct-count sketch of numeric profiles: accurate on the kinds of values real columns hold, exact
 * while small, merging exactly, reading back what it wrote and refusing damaged bytes; and profiles of
 * schema version 1, with DataSketches HLL sketches, still read.
 */
class DistinctSketchTest {
    /** Continuous values, whole numbers and prices: the columns whose bits differ least. */
    private static final List<LongToDoubleFunction> KINDS = List.of(
            i -> new SplittableRandom(i).nextDouble() * 1e3,
            i -> i,
            i -> i / 100.0,
            i -> -1e9 + i * 0.5);

    private static DistinctSketch sketchOf(long n, LongToDoubleFunction value) {
        DistinctSketch s = new DistinctSketch();
        for (long i = 0; i < n; i++) {
            s.offer(DistinctSketch.hash(value.applyAsDouble(i) + 0.0));
        }
        return s;
    }

    @Test
    void countsExactlyWhileSparse() {
        for (LongToDoubleFunction kind : KINDS) {
            for (int n : new int[] {0, 1, 2, 7, 100, DistinctSketch.SPARSE_MAX}) {
                DistinctSketch s = sketchOf(n, kind);
                assertThat(s.isDense()).isFalse();
                assertThat(s.estimate()).as("n=%d", n).isEqualTo(n);
            }
            assertThat(sketchOf(DistinctSketch.SPARSE_MAX + 1, kind).isDense()).isTrue();
        }
    }

    @Test
    void estimatesWithinFourStandardErrorsAtEverySize() {
        double fourSigma = 4 * 1.04 / Math.sqrt(1 << DistinctSketch.LG_K);
        for (LongToDoubleFunction kind : KINDS) {
            for (long n : new long[] {513, 700, 1_000, 3_000, 10_000, 30_000, 100_000, 1_000_000, 3_000_000}) {
                double e = sketchOf(n, kind).estimate();
                assertThat(Math.abs(e / n - 1)).as("n=%d estimate=%.1f", n, e).isLessThan(fourSigma);
            }
        }
    }

    @Test
    void isUnbiasedAcrossTheRangeWhereLinearCountingHandsOver() {
        // Ertl's estimator needs no bias tables; averaged over 40 random sets the error is well under
        // one standard error of a single sketch (1.6%)
        for (long n : new long[] {2_000, 10_000, 40_000, 200_000}) {
            double sum = 0;
            int sets = 40;
            for (int seed = 0; seed < sets; seed++) {
                SplittableRandom r = new SplittableRandom(seed * 7919L + n);
                DistinctSketch s = new DistinctSketch();
                for (long i = 0; i < n; i++) {
                    s.offer(DistinctSketch.hash(r.nextDouble()));
                }
                sum += s.estimate() / n - 1;
            }
            assertThat(Math.abs(sum / sets)).as("mean relative error at n=%d", n).isLessThan(0.006);
        }
    }

    @Test
    void repeatsAndNegativeZeroDoNotCount() {
        DistinctSketch s = new DistinctSketch();
        for (int rep = 0; rep < 3; rep++) {
            for (int i = 0; i < 2_000; i++) {
                s.offer(DistinctSketch.hash(i + 0.0));
            }
        }
        s.offer(DistinctSketch.hash(-0.0 + 0.0));
        assertThat(s.toBytes()).isEqualTo(sketchOf(2_000, i -> i).toBytes());
    }

    @Provide
    Arbitrary<long[]> hashSets() {
        return Arbitraries.integers().between(0, 3_000).flatMap(n -> Arbitraries.longs().map(seed -> {
            SplittableRandom r = new SplittableRandom(seed);
            long[] h = new long[n];
            for (int i = 0; i < n; i++) {
                // few distinct values sometimes, so that repeats and the sparse mode are exercised
                h[i] = (seed & 1) == 0 ? r.nextLong() : DistinctSketch.hash(r.nextInt(1 + (int) (seed >>> 1 & 1023)));
            }
            return h;
        }));
    }

    private static DistinctSketch of(long[] hashes) {
        DistinctSketch s = new DistinctSketch();
        for (long h : hashes) {
            s.offer(h);
        }
        return s;
    }

    @Property(tries = 200)
    void unionEqualsTheSketchOfBothInAnyOrder(@ForAll("hashSets") long[] a, @ForAll("hashSets") long[] b,
            @ForAll("hashSets") long[] c) {
        long[] all = new long[a.length + b.length + c.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        System.arraycopy(c, 0, all, a.length + b.length, c.length);
        byte[] expected = of(all).toBytes();
        DistinctSketch sa = of(a);
        DistinctSketch sb = of(b);
        DistinctSketch sc = of(c);
        byte[] before = sa.toBytes();
        assertThat(sa.union(sb).union(sc).toBytes()).isEqualTo(expected);
        assertThat(sa.union(sb.union(sc)).toBytes()).isEqualTo(expected);
        assertThat(sc.union(sb).union(sa).toBytes()).isEqualTo(expected);
        assertThat(sa.toBytes()).as("union leaves its operands alone").isEqualTo(before);
    }

    @Property(tries = 200)
    void readsBackWhatItWrote(@ForAll("hashSets") long[] hashes) {
        DistinctSketch s = of(hashes);
        DistinctSketch back = DistinctSketch.fromBytes(s.toBytes());
        assertThat(back.toBytes()).isEqualTo(s.toBytes());
        assertThat(back.estimate()).isEqualTo(s.estimate());
        assertThat(back.isDense()).isEqualTo(s.isDense());
    }

    @Property(tries = 500)
    void damagedBytesAreRefusedWithAMessageOrReadAsAValidSketch(@ForAll("hashSets") long[] hashes,
            @ForAll @IntRange(min = 0, max = 10_000) int at, @ForAll byte value, @ForAll boolean truncate) {
        byte[] bytes = of(hashes).toBytes();
        int i = at % bytes.length;
        byte[] damaged = truncate ? java.util.Arrays.copyOf(bytes, i) : bytes.clone();
        if (!truncate) {
            damaged[i] = value;
        }
        Throwable t = catchThrowable(() -> {
            DistinctSketch s = DistinctSketch.fromBytes(damaged);
            double e = s.estimate();
            assertThat(e).isNotNaN().isGreaterThanOrEqualTo(0);
            assertThat(DistinctSketch.fromBytes(s.toBytes()).toBytes()).isEqualTo(s.toBytes());
        });
        if (t != null) {
            assertThat(t).isInstanceOf(IllegalArgumentException.class);
            assertThat(t.getMessage()).isNotBlank();
        }
    }

    @Test
    void refusesBytesOfAnotherFormat() {
        byte[] good = sketchOf(10, i -> i).toBytes();
        byte[] version = good.clone();
        version[1] = 9;
        assertThatThrownBy(() -> DistinctSketch.fromBytes(version)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("format version 9");
        byte[] magic = good.clone();
        magic[0] = 'X';
        assertThatThrownBy(() -> DistinctSketch.fromBytes(magic)).hasMessageContaining("Not a distinct-count sketch");
        assertThatThrownBy(() -> DistinctSketch.fromBytes(new byte[0])).isInstanceOf(IllegalArgumentException.class);
        byte[] register = sketchOf(5_000, i -> i).toBytes();
        register[100] = 54;
        assertThatThrownBy(() -> DistinctSketch.fromBytes(register)).hasMessageContaining("out of range");
    }

    @Test
    void profilesOfSchemaVersionOneStillReadAndMergeWithEachOther() throws Exception {
        double[] a = new double[20_000];
        double[] b = new double[20_000];
        for (int i = 0; i < a.length; i++) {
            a[i] = i;
            b[i] = i + 10_000;
        }
        DatasetProfile legacyA = DatasetProfile.fromJson(asSchemaVersionOne(a));
        DatasetProfile legacyB = DatasetProfile.fromJson(asSchemaVersionOne(b));
        NumericProfile x = (NumericProfile) legacyA.column("x");
        assertThat(x.count()).isEqualTo(20_000);
        assertThat((double) x.distinct()).isCloseTo(20_000, org.assertj.core.data.Percentage.withPercentage(5));
        NumericProfile merged = (NumericProfile) legacyA.merge(legacyB).column("x");
        assertThat((double) merged.distinct()).isCloseTo(30_000, org.assertj.core.data.Percentage.withPercentage(5));
        assertThat(merged.legacyHllBytes()).isNotNull();
        // written back as it was read: the legacy sketch survives a round trip
        DatasetProfile again = DatasetProfile.fromJson(legacyA.toJson());
        assertThat(((NumericProfile) again.column("x")).legacyHllBytes()).isEqualTo(x.legacyHllBytes());
        assertThat(again.toJson()).contains("\"hll\"").doesNotContain("\"distinct\" : \"");

        DatasetProfile fresh = new DatasetProfile(b.length, List.of(NumericProfile.of("x", b)));
        assertThatThrownBy(() -> legacyA.merge(fresh)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'x'").hasMessageContaining("schema version 1")
                .hasMessageContaining("profile the older data again");
    }

    @Test
    void aBuiltProfileStaysAsItWasWhileItsAccumulatorGoesOn() {
        double[] first = new double[300];
        double[] later = new double[200_000];
        SplittableRandom r = new SplittableRandom(5);
        for (int i = 0; i < first.length; i++) {
            first[i] = r.nextDouble();
        }
        for (int i = 0; i < later.length; i++) {
            later[i] = 10 + r.nextDouble();
        }
        NumericProfile.Accumulator acc = NumericProfile.accumulator("x").addAll(first, 0, first.length);
        NumericProfile early = acc.build();
        String earlyJson = new DatasetProfile(first.length, List.of(early)).toJson();
        acc.addAll(later, 0, later.length);
        NumericProfile whole = acc.build();
        acc.add(42);
        assertThat(new DatasetProfile(first.length, List.of(early)).toJson())
                .as("the sparse sketch turned dense and the quantile levels filled after the profile was built")
                .isEqualTo(earlyJson);
        assertThat(early.distinct()).isEqualTo(300);
        assertThat(early.quantile(0.99)).isLessThan(1);
        double[] all = new double[first.length + later.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(later, 0, all, first.length, later.length);
        assertThat(whole.distinctBytes()).isEqualTo(NumericProfile.of("x", all).distinctBytes());
        assertThat(whole.count()).isEqualTo(all.length);
    }

    @Test
    void aProfileWithoutADistinctSketchIsRefused() throws Exception {
        ObjectNode root = (ObjectNode) Json.MAPPER.readTree(
                new DatasetProfile(2, List.of(NumericProfile.of("x", new double[] {1, 2}))).toJson());
        ((ObjectNode) root.path("columns").get(0).path("sketches")).remove("distinct");
        assertThatThrownBy(() -> DatasetProfile.fromJson(root.toString())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no distinct-count sketch");
    }

    /** The profile of {@code values} as Lifecycle wrote it with schema version 1: a DataSketches HLL_8 sketch. */
    private static String asSchemaVersionOne(double[] values) throws Exception {
        HllSketch hll = new HllSketch(NumericProfile.LEGACY_HLL_LG_K, TgtHllType.HLL_8);
        for (double v : values) {
            hll.update(v);
        }
        ObjectNode root = (ObjectNode) Json.MAPPER.readTree(
                new DatasetProfile(values.length, List.of(NumericProfile.of("x", values))).toJson());
        root.put("schemaVersion", 1);
        ObjectNode sketches = (ObjectNode) root.path("columns").get(0).path("sketches");
        sketches.remove("distinct");
        sketches.put("hll", Base64.getEncoder().encodeToString(hll.toCompactByteArray()));
        return root.toString();
    }
}
