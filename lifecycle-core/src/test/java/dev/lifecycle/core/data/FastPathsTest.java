package dev.lifecycle.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.core.Lifecycle;
import dev.lifecycle.core.data.internal.DistinctSketch;
import dev.lifecycle.core.internal.ColumnarDataset;
import dev.lifecycle.core.internal.FastDoubles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;

/**
 * The fast paths of the data phase give the same answers as the plain ones: byte-level number parsing
 * equals the JDK, the HLL register filter leaves the sketch exactly as feeding it every value would,
 * and the byte-level CSV reader reads what the character-level reader reads.
 */
@Tag("fast")
@net.jqwik.api.Tag("fast")
class FastPathsTest {

    @Provide
    Arbitrary<String> numberish() {
        Arbitrary<String> decimals = Arbitraries.oneOf(
                Arbitraries.doubles().map(d -> Double.toString(d)),
                Arbitraries.longs().map(l -> Long.toString(l)),
                Arbitraries.integers().between(-100_000, 100_000).map(i -> Integer.toString(i)),
                Arbitraries.doubles().between(-1e4, 1e4).ofScale(2).map(d -> d.toString()),
                Arbitraries.strings().withChars("0123456789").ofMinLength(0).ofMaxLength(12)
                        .flatMap(a -> Arbitraries.strings().withChars("0123456789").ofMaxLength(12)
                                .flatMap(b -> Arbitraries.of("", "e5", "E-7", "e+22", "e-30")
                                        .flatMap(e -> Arbitraries.of("", "-", "+").map(s -> s + a + "." + b + e)))));
        Arbitrary<String> junk = Arbitraries.strings().withChars("0123456789.-+eEx ,\u00e9").ofMinLength(1).ofMaxLength(10);
        return Arbitraries.oneOf(decimals, decimals, junk);
    }

    @Property(tries = 1000)
    void byteNumberParsingEqualsTheJdk(@ForAll("numberish") String s, @ForAll @IntRange(min = 0, max = 9) int before,
            @ForAll @IntRange(min = 0, max = 9) int after) {
        byte[] text = s.getBytes(StandardCharsets.UTF_8);
        byte[] buf = new byte[before + text.length + after];
        java.util.Arrays.fill(buf, (byte) '7');
        System.arraycopy(text, 0, buf, before, text.length);
        Object expected = parseOrError(() -> FastDoubles.parse(s));
        Object actual = parseOrError(() -> FastDoubles.parse(buf, before, before + text.length));
        assertThat(actual).as("'%s' at offset %d of %d bytes", s, before, buf.length).isEqualTo(expected);
    }

    private static Object parseOrError(java.util.function.DoubleSupplier parse) {
        try {
            return parse.getAsDouble();
        } catch (NumberFormatException e) {
            return "not a number";
        }
    }

    @Provide
    Arbitrary<double[]> hllColumns() {
        return Arbitraries.integers().between(1, 60_000).flatMap(n -> Arbitraries.integers().between(1, 1 << 20)
                .flatMap(distinct -> Arbitraries.longs().map(seed -> {
                    SplittableRandom r = new SplittableRandom(seed);
                    double[] v = new double[n];
                    for (int i = 0; i < n; i++) {
                        int k = r.nextInt(distinct);
                        v[i] = k % 97 == 0 ? Double.NaN : k % 89 == 0 ? -0.0 : k * 0.37;
                    }
                    return v;
                })));
    }

    @Property(tries = 40)
    void distinctSketchEqualsTheSketchOfEveryValue(@ForAll("hllColumns") double[] values,
            @ForAll @IntRange(min = 1, max = 5000) int chunk) {
        DistinctSketch plain = new DistinctSketch();
        for (double v : values) {
            if (!Double.isNaN(v)) {
                plain.offer(DistinctSketch.hash(v + 0.0));
            }
        }
        NumericProfile.Accumulator acc = NumericProfile.accumulator("x");
        for (int from = 0; from < values.length; from += chunk) {
            acc.addAll(values, from, Math.min(values.length, from + chunk));
        }
        NumericProfile p = acc.build();
        assertThat(p.distinctBytes()).as("sketch bytes").isEqualTo(plain.toBytes());
        assertThat(p.distinct()).isEqualTo(p.count() == 0 ? 0
                : Math.min(p.count(), Math.max(1, Math.round(plain.estimate()))));
    }

    @Property(tries = 6)
    void distinctSketchIsExactWhenAColumnSwitchesBetweenRepeatsAndNewValues(@ForAll("seeds") long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] values = new double[300_000];
        for (int i = 0; i < values.length; i++) {
            boolean repeats = (i / (20_000 + (int) (seed & 0xfff))) % 2 == 0;
            values[i] = repeats ? r.nextInt(50) : r.nextDouble() * 1e6;
        }
        DistinctSketch plain = new DistinctSketch();
        for (double v : values) {
            plain.offer(DistinctSketch.hash(v + 0.0));
        }
        assertThat(NumericProfile.of("x", values).distinctBytes()).isEqualTo(plain.toBytes());
    }

    @Property(tries = 200)
    void exactStatisticsEqualAPlainLoop(@ForAll("hllColumns") double[] values) {
        long count = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sum = 0;
        for (double v : values) {
            if (!Double.isNaN(v)) {
                count++;
                min = Math.min(min, v);
                max = Math.max(max, v);
                sum += v;
            }
        }
        double mean = sum / count;
        double m2 = 0;
        for (double v : values) {
            if (!Double.isNaN(v)) {
                m2 += (v - mean) * (v - mean);
            }
        }
        NumericProfile p = NumericProfile.of("x", values);
        assertThat(p.count()).isEqualTo(count);
        assertThat(p.missing()).isEqualTo(values.length - count);
        if (count > 0) {
            assertThat(p.min()).isEqualTo(min == 0 ? 0.0 : min);
            assertThat(p.max()).isEqualTo(max == 0 ? 0.0 : max);
            assertThat(p.mean()).isCloseTo(mean, org.assertj.core.data.Offset.offset(1e-9 * Math.max(1, Math.abs(mean))));
            assertThat(p.variance()).isCloseTo(m2 / count,
                    org.assertj.core.data.Offset.offset(1e-9 * Math.max(1, m2 / count)));
        }
    }

    @Test
    void aLargeDatasetProfiledAcrossThreadsEqualsItsColumnsProfiledOneByOne() {
        int rows = 40_000;
        int columns = 30;
        List<String> names = new ArrayList<>();
        for (int c = 0; c < columns; c++) {
            names.add("c" + c);
        }
        SplittableRandom r = new SplittableRandom(7);
        List<dev.lifecycle.api.data.Row> data = new ArrayList<>(rows);
        for (int i = 0; i < rows; i++) {
            dev.lifecycle.api.data.Row.Builder b = dev.lifecycle.api.data.Row.builder(columns);
            for (int c = 0; c < columns; c++) {
                if (c % 5 == 4) {
                    b.set(names.get(c), "k" + r.nextInt(c + 2));
                } else {
                    b.set(names.get(c), r.nextInt(50) == 0 ? Double.NaN : r.nextDouble() * (c + 1));
                }
            }
            data.add(b.build());
        }
        try (Lifecycle lc = Lifecycle.inMemory()) {
            DatasetVersion v = lc.datasets().importFrom("wide", RowSource.of("generated", names, data), Csv.defaults());
            var columnar = ColumnarDataset.of(v);
            List<ColumnProfile> oneByOne = new ArrayList<>();
            for (int c = 0; c < columns; c++) {
                oneByOne.add(DatasetProfile.profile(names.get(c), columnar.columns().get(c)));
            }
            DatasetProfile whole = DatasetProfile.of(v);
            assertThat(whole.rows()).isEqualTo(rows);
            assertThat(whole.columns().keySet()).containsExactlyElementsOf(names);
            for (ColumnProfile expected : oneByOne) {
                ColumnProfile actual = whole.column(expected.column());
                assertThat(actual.count()).as(expected.column()).isEqualTo(expected.count());
                assertThat(actual.missing()).as(expected.column()).isEqualTo(expected.missing());
                if (expected instanceof NumericProfile e) {
                    NumericProfile a = (NumericProfile) actual;
                    assertThat(a.distinctBytes()).as(expected.column()).isEqualTo(e.distinctBytes());
                    assertThat(List.of(a.min(), a.max(), a.mean(), a.m2()))
                            .as(expected.column()).isEqualTo(List.of(e.min(), e.max(), e.mean(), e.m2()));
                    assertThat(a.cdf(e.quantile(0.5))).as(expected.column()).isCloseTo(0.5,
                            org.assertj.core.data.Offset.offset(2 * e.rankError()));
                } else {
                    assertThat(((CategoricalProfile) actual).counts()).as(expected.column())
                            .isEqualTo(((CategoricalProfile) expected).counts());
                }
            }
        }
    }

    @Provide
    Arbitrary<Long> seeds() {
        return Arbitraries.longs();
    }

    @Property(tries = 12)
    void byteReaderReadsWhatTheCharacterReaderReads(@ForAll("seeds") long seed,
            @ForAll @IntRange(min = 1, max = 4000) int rows) throws IOException {
        SplittableRandom r = new SplittableRandom(seed);
        String[] eol = {"\n", "\r\n", "\r"};
        String lineEnd = eol[r.nextInt(eol.length)];
        boolean bom = r.nextBoolean();
        List<String[]> records = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            records.add(new String[] {number(r), text(r), r.nextInt(10) == 0 ? "?" : "c" + r.nextInt(30), number(r),
                    r.nextBoolean() ? "yes" : "no"});
        }
        Path dir = Files.createTempDirectory("fast-paths");
        try (Lifecycle lc = Lifecycle.inMemory()) {
            Path ascii = write(dir.resolve("comma.csv"), records, ',', lineEnd, bom);
            Path other = write(dir.resolve("pilcrow.csv"), records, '\u00b6', lineEnd, bom);
            Csv options = Csv.forTarget("label").type("note", dev.lifecycle.api.data.FieldType.TEXT);
            DatasetVersion a = lc.datasets().importCsv("a", ascii, options);
            DatasetVersion b = lc.datasets().importCsv("a", other, options.delimiter('\u00b6'));
            assertThat(a.size()).isEqualTo(rows);
            assertThat(b.digest()).as("same content through both readers").isEqualTo(a.digest());
            assertThat(b.version()).as("re-importing identical content returns the same version").isEqualTo(1);
            for (int i = 0; i < rows; i += Math.max(1, rows / 50)) {
                assertThat(a.string("note", i)).isEqualTo(expectedText(records.get(i)[1]));
            }
        } finally {
            try (var files = Files.list(dir)) {
                files.forEach(f -> f.toFile().delete());
            }
            Files.deleteIfExists(dir);
        }
    }

    private static String number(SplittableRandom r) {
        return switch (r.nextInt(5)) {
            case 0 -> Integer.toString(r.nextInt(100_000) - 50_000);
            case 1 -> Double.toString(r.nextDouble());
            case 2 -> String.format(java.util.Locale.ROOT, "%.2f", r.nextDouble() * 1000);
            case 3 -> " " + r.nextInt(10) + "e" + r.nextInt(5) + " ";
            default -> "";
        };
    }

    /** Text that needs quoting now and then, long enough that records cross the reader's buffer. */
    private static String text(SplittableRandom r) {
        String[] parts = {"plain", "with, comma", "say \"hi\"", "two\nlines", "caf\u00e9 \u2013 \u00fc", "  padded  ",
                "x".repeat(r.nextInt(3000))};
        StringBuilder sb = new StringBuilder();
        int n = 1 + r.nextInt(3);
        for (int i = 0; i < n; i++) {
            sb.append(parts[r.nextInt(parts.length)]);
        }
        return sb.toString();
    }

    private static String expectedText(String raw) {
        String t = raw.strip();
        return t.isEmpty() ? null : t;
    }

    private static Path write(Path file, List<String[]> records, char delim, String eol, boolean bom) {
        StringBuilder sb = new StringBuilder(bom ? "\uFEFF" : "");
        sb.append(String.join(String.valueOf(delim), "a", "note", "cat", "b", "label")).append(eol);
        for (String[] rec : records) {
            for (int i = 0; i < rec.length; i++) {
                if (i > 0) {
                    sb.append(delim);
                }
                String v = rec[i];
                boolean quote = v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0
                        || v.indexOf(delim) >= 0;
                sb.append(quote ? "\"" + v.replace("\"", "\"\"") + "\"" : v);
            }
            sb.append(eol);
        }
        try {
            return Files.writeString(file, sb, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @org.junit.jupiter.api.Test
    void aBadNumberInABigFileNamesItsLine() throws IOException {
        Path dir = Files.createTempDirectory("fast-paths");
        Path file = dir.resolve("bad.csv");
        StringBuilder sb = new StringBuilder("x,label\n");
        for (int i = 0; i < 50_000; i++) {
            sb.append(i == 40_000 ? "12a" : Integer.toString(i)).append(",y\n");
        }
        Files.writeString(file, sb);
        try (Lifecycle lc = Lifecycle.inMemory()) {
            Throwable t = catchThrowable(() -> lc.datasets().importCsv("bad", file, Csv.forTarget("label")));
            assertThat(t).isInstanceOf(dev.lifecycle.api.data.DataImportException.class);
            assertThat(((dev.lifecycle.api.data.DataImportException) t).line()).isEqualTo(40_002);
            assertThat(lc.datasets().names()).as("a failed import writes nothing").isEmpty();
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
    }
}
