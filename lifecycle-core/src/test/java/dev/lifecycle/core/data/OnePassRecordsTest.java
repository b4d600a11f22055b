package dev.lifecycle.core.data;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifecycle.api.data.DataImportException;
import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.data.FieldType;
import dev.lifecycle.api.data.Row;
import dev.lifecycle.core.Lifecycle;
import dev.lifecycle.core.internal.FastDoubles;
import java.io.IOException;
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
import net.jqwik.api.statistics.Statistics;
import org.junit.jupiter.api.Tag;

/**
 * The byte reader reads plain records in one pass, parsing numeric columns as it goes, and every other
 * record the general way: whatever the mix, it reads what the character reader (which has no such
 * pass) reads, the same values or the same error on the same line and column, and its numbers are
 * {@link FastDoubles#parse(String)}'s bit for bit.
 */
@Tag("fast")
@net.jqwik.api.Tag("fast")
class OnePassRecordsTest {
    private static final char OTHER = '\u00b6';

    @Provide
    Arbitrary<Long> seeds() {
        return Arbitraries.longs();
    }

    @Property(tries = 300)
    void numbersReadInOnePassAreTheJdksBitForBit(@ForAll("seeds") long seed,
            @ForAll @IntRange(min = 1, max = 400) int rows) throws IOException {
        SplittableRandom r = new SplittableRandom(seed);
        List<String> values = new ArrayList<>();
        StringBuilder sb = new StringBuilder("x,label\n");
        for (int i = 0; i < rows; i++) {
            String v = plainNumber(r);
            values.add(v);
            sb.append(v).append(',').append(r.nextBoolean() ? "a" : "b").append('\n');
        }
        Path file = Files.createTempFile("one-pass", ".csv");
        try (Lifecycle lc = Lifecycle.inMemory()) {
            Files.writeString(file, sb, StandardCharsets.UTF_8);
            DatasetVersion d = lc.datasets().importCsv("n", file, Csv.forTarget("label").type("x", FieldType.NUMERIC));
            for (int i = 0; i < rows; i++) {
                double expected = FastDoubles.parse(values.get(i));
                assertThat(Double.doubleToRawLongBits(d.number("x", i))).as("'%s' on row %d", values.get(i), i)
                        .isEqualTo(Double.doubleToRawLongBits(expected));
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** Decimals of every length around the one-pass limit of 15 digits, signs, dots at either end. */
    private static String plainNumber(SplittableRandom r) {
        StringBuilder s = new StringBuilder();
        if (r.nextInt(3) == 0) {
            s.append('-');
        }
        int digits = 1 + r.nextInt(r.nextInt(4) == 0 ? 20 : 9);
        int dot = r.nextInt(4) == 0 ? -1 : r.nextInt(digits + 1);
        for (int i = 0; i < digits; i++) {
            if (i == dot) {
                s.append('.');
            }
            s.append((char) ('0' + (i == 0 && r.nextInt(5) == 0 ? 0 : r.nextInt(10))));
        }
        if (dot == digits) {
            s.append('.');
        }
        return s.toString();
    }

    @Property(tries = 150)
    void aMixOfPlainAndOtherRecordsReadsAsTheCharacterReaderReads(@ForAll("seeds") long seed,
            @ForAll @IntRange(min = 1, max = 3000) int rows) throws IOException {
        SplittableRandom r = new SplittableRandom(seed);
        String eol = r.nextInt(4) == 0 ? "\r\n" : "\n";
        int oddity = 2 + r.nextInt(r.nextBoolean() ? 10 : 500);
        List<String[]> records = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            String[] rec = {r.nextInt(oddity) == 0 ? oddNumber(r) : plainNumber(r),
                    r.nextInt(oddity) == 0 ? oddText(r) : "c" + r.nextInt(20),
                    r.nextInt(oddity) == 0 ? oddNumber(r) : Integer.toString(r.nextInt(1000)),
                    r.nextBoolean() ? "yes" : "no"};
            if (r.nextInt(oddity * 20) == 0) {
                rec = r.nextBoolean() ? new String[] {rec[0], rec[1], rec[3]}
                        : new String[] {rec[0], rec[1], rec[2], rec[3], "extra"};
            }
            records.add(rec);
        }
        Path dir = Files.createTempDirectory("one-pass");
        Path comma = dir.resolve("comma.csv");
        Path other = dir.resolve("other.csv");
        try {
            boolean blankLines = r.nextInt(5) == 0;
            Files.writeString(comma, text(records, ',', eol, blankLines), StandardCharsets.UTF_8);
            Files.writeString(other, text(records, OTHER, eol, blankLines), StandardCharsets.UTF_8);
            Csv options = Csv.forTarget("label");
            Object bytes = outcome(comma, options, ',');
            Object chars = outcome(other, options.delimiter(OTHER), OTHER);
            assertThat(bytes).isEqualTo(chars);
            Statistics.label("outcome").collect(bytes instanceof Failure ? "error" : "read");
        } finally {
            Files.deleteIfExists(comma);
            Files.deleteIfExists(other);
            Files.deleteIfExists(dir);
        }
    }

    @org.junit.jupiter.api.Test
    void theReaderBufferMayEndAnywhereInARecord() throws IOException {
        String row = "12,-3.5,x\n";
        for (int pad = 0; pad < row.length(); pad++) {
            StringBuilder sb = new StringBuilder("a,b,label" + "_".repeat(pad) + "\n");
            int rows = (300 << 10) / row.length();
            for (int i = 0; i < rows; i++) {
                sb.append(row);
            }
            Path file = Files.createTempFile("one-pass", ".csv");
            try (Lifecycle lc = Lifecycle.inMemory()) {
                Files.writeString(file, sb, StandardCharsets.UTF_8);
                DatasetVersion d = lc.datasets().importCsv("b", file, Csv.forTarget("label" + "_".repeat(pad)));
                assertThat(d.size()).as("header padded by %d", pad).isEqualTo(rows);
                for (int i = 0; i < rows; i++) {
                    assertThat(d.number("a", i)).isEqualTo(12.0);
                    assertThat(d.number("b", i)).isEqualTo(-3.5);
                }
            } finally {
                Files.deleteIfExists(file);
            }
        }
    }

    /** Values the one pass leaves to the general reader, or to the importer's errors. */
    private static String oddNumber(SplittableRandom r) {
        String[] odd = {"", " 7", "8 ", "1e5", "-2.5E-3", "+4", ".", "-", "1.2.3", "--5", "12345678901234567",
            "0.0000000000000001", "?", "NA", "\"3.5\"", "\" 6 \"", "x1", "7\t", "-.5", "5.", "-0"};
        return odd[r.nextInt(odd.length)];
    }

    private static String oddText(SplittableRandom r) {
        String[] odd = {"", "?", " padded ", "\"quoted, with comma\"", "\"say \"\"hi\"\"\"", "\"two\nlines\"",
            "caf\u00e9", "MissingValue", "a\"b", "\"\"", "\t"};
        return odd[r.nextInt(odd.length)];
    }

    private static String text(List<String[]> records, char delim, String eol, boolean blankLines) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.join(String.valueOf(delim), "x", "city", "n", "label")).append(eol);
        for (int i = 0; i < records.size(); i++) {
            sb.append(String.join(String.valueOf(delim), records.get(i))).append(eol);
            if (blankLines && i % 97 == 0) {
                sb.append(eol);
            }
        }
        return sb.toString();
    }

    record Failure(long line, String column, String message) {
    }

    private static Object outcome(Path file, Csv options, char delim) {
        try (Lifecycle lc = Lifecycle.inMemory()) {
            DatasetVersion d = lc.datasets().importCsv("g", file, options);
            List<Row> rows = new ArrayList<>(d.size());
            for (int i = 0; i < d.size(); i++) {
                rows.add(d.row(i));
            }
            return List.of(d.digest(), d.schema(), rows);
        } catch (DataImportException e) {
            return new Failure(e.line(), e.column(),
                    e.getMessage().replace(file.toString(), "FILE").replace("'" + delim + "'", "'DELIM'"));
        }
    }
}
