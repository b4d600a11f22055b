package dev.lifecycle.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.lifecycle.api.data.DataImportException;
import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.data.FieldType;
import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.data.Schema;
import dev.lifecycle.core.Lifecycle;
import dev.lifecycle.core.internal.FieldCursor;
import dev.lifecycle.core.internal.FileRange;
import dev.lifecycle.core.internal.TableReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Tag;

/**
 * A large CSV file is read in two halves on two threads; the result is exactly the one-pass result:
 * the same columns, values, missing flags, dictionaries and digest, or the same error naming the same
 * line and column, also when a quoted value spans the split point.
 */
@Tag("slow")
@Tag("realdata")
@net.jqwik.api.Tag("slow")
@net.jqwik.api.Tag("realdata")
class SplitImportTest {
    private static final Csv OPTIONS = Csv.forTarget("label").type("note", FieldType.TEXT);
    private static final String[] EOL = {"\n", "\r\n", "\r"};

    @TempDir
    Path dir;

    /** How a generated file goes wrong, if it does. */
    enum Fault { NONE, BAD_NUMBER, RAGGED, BAD_BOOLEAN, UNCLOSED_QUOTE_AT_END, TWO_BAD_NUMBERS }

    @Provide
    Arbitrary<Long> seeds() {
        return Arbitraries.longs();
    }

    @Provide
    Arbitrary<Fault> faults() {
        return Arbitraries.frequency(Tuple.of(10, Fault.NONE), Tuple.of(1, Fault.BAD_NUMBER), Tuple.of(1, Fault.RAGGED),
                Tuple.of(1, Fault.BAD_BOOLEAN), Tuple.of(1, Fault.UNCLOSED_QUOTE_AT_END),
                Tuple.of(1, Fault.TWO_BAD_NUMBERS));
    }

    @Property(tries = 60)
    void readingInTwoHalvesGivesTheOnePassResult(@ForAll("seeds") long seed, @ForAll("faults") Fault fault)
            throws IOException {
        SplittableRandom r = new SplittableRandom(seed);
        boolean straddle = r.nextInt(4) == 0;
        boolean multiline = r.nextInt(3) == 0;
        String eol = EOL[r.nextInt(10) == 0 ? 2 : r.nextInt(2)];
        Generated g = generate(r, 3000 + r.nextInt(3000), eol, straddle, multiline, fault);
        Path dir = Files.createTempDirectory("split-import");
        Path file = Files.writeString(dir.resolve("g.csv"), g.text, StandardCharsets.UTF_8);
        try {
            Object single = outcome(file, Long.MAX_VALUE);
            long splitsBefore = TableReader.splitReads();
            Object split = outcome(file, 1);
            long splits = TableReader.splitReads() - splitsBefore;
            assertThat(split).isEqualTo(single);
            if (fault != Fault.NONE) {
                assertThat(single).as("the generated fault is an error").isInstanceOf(ErrorOutcome.class);
                assertThat(((ErrorOutcome) single).line()).isEqualTo(g.faultLine);
            }
            if (straddle) {
                assertThat(splits).as("a quoted value spans the split point: one pass").isZero();
            } else if (fault == Fault.NONE && !multiline && !eol.equals("\r")) {
                assertThat(splits).as("read in two halves").isEqualTo(1);
            }
            Statistics.label("read").collect(splits == 1 ? "in two halves" : "in one pass");
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
    }

    /** What a test compares of a successful import: everything the digest covers, and the rows. */
    record DataOutcome(String digest, Schema schema, int size, List<Row> rows) {
        @Override
        public String toString() {
            return "DataOutcome[digest=" + digest + ", schema=" + schema + ", size=" + size + ", rows hash="
                    + rows.hashCode() + "]";
        }
    }

    record ErrorOutcome(long line, String column, String message) {
    }

    private static Object outcome(Path file, long minSplitBytes) {
        long before = FileRange.minSplitBytes(minSplitBytes);
        try (Lifecycle lc = Lifecycle.inMemory()) {
            DatasetVersion d = lc.datasets().importCsv("g", file, OPTIONS);
            List<Row> rows = new ArrayList<>(d.size());
            for (int i = 0; i < d.size(); i++) {
                rows.add(d.row(i));
            }
            return new DataOutcome(d.digest(), d.schema(), d.size(), rows);
        } catch (DataImportException e) {
            return new ErrorOutcome(e.line(), e.column(), e.getMessage());
        } finally {
            FileRange.minSplitBytes(before);
        }
    }

    record Generated(String text, long faultLine) {
    }

    /**
     * Columns: a number with missing tokens, a category (some values, and missing ones, first seen late in the file),
     * a free-text note that needs quoting now and then, a boolean and the label. Blank lines, padded
     * values; the last line may lack its line break.
     */
    private static Generated generate(SplittableRandom r, int rows, String eol, boolean straddle, boolean multiline,
            Fault fault) {
        List<String[]> records = new ArrayList<>(rows);
        for (int i = 0; i < rows; i++) {
            String cat = i > rows / 2 && r.nextInt(20) == 0 ? "late" + r.nextInt(5) : "c" + r.nextInt(30);
            boolean lateMissing = i > rows * 3 / 4 && r.nextInt(15) == 0;
            records.add(new String[] {number(r), lateMissing ? "?" : cat, note(r, multiline),
                    r.nextBoolean() ? "true" : "False", r.nextInt(3) == 0 ? "yes" : "no"});
        }
        if (straddle) {
            StringBuilder big = new StringBuilder();
            while (big.length() < rows * 40) {
                big.append("spans the split\n");
            }
            records.get(rows / 2)[2] = big.append("end").toString();
        }
        int faultRow = switch (fault) {
            case NONE -> -1;
            case UNCLOSED_QUOTE_AT_END -> rows - 1;
            default -> rows / 2 + 1 + r.nextInt(rows / 2 - 1);
        };
        int earlierFault = fault == Fault.TWO_BAD_NUMBERS ? 1 + r.nextInt(rows / 2 - 1) : -1;
        StringBuilder sb = new StringBuilder(r.nextBoolean() ? "\uFEFF" : "");
        sb.append("n,cat,note,flag,label").append(eol);
        long line = 2;
        long faultLine = 0;
        for (int i = 0; i < rows; i++) {
            if (r.nextInt(100) == 0) {
                sb.append(r.nextBoolean() ? "" : "  ").append(eol);
                line++;
            }
            String[] rec = records.get(i).clone();
            if (i == faultRow || i == earlierFault) {
                switch (fault) {
                    case BAD_NUMBER, TWO_BAD_NUMBERS -> rec[0] = "12x";
                    case BAD_BOOLEAN -> rec[3] = "maybe";
                    default -> {
                    }
                }
                if (faultLine == 0) {
                    faultLine = line;
                }
            }
            int fields = fault == Fault.RAGGED && i == faultRow ? rec.length - 1 : rec.length;
            for (int c = 0; c < fields; c++) {
                if (c > 0) {
                    sb.append(',');
                }
                String v = rec[c];
                boolean quote = v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0;
                sb.append(quote ? "\"" + v.replace("\"", "\"\"") + "\"" : v);
                line += v.chars().filter(ch -> ch == '\n').count();
            }
            if (fault == Fault.UNCLOSED_QUOTE_AT_END && i == faultRow) {
                sb.append(",\"never closed");
            }
            if (i < rows - 1 || r.nextBoolean()) {
                sb.append(eol);
            }
            line++;
        }
        return new Generated(sb.toString(), faultLine);
    }

    private static String number(SplittableRandom r) {
        return switch (r.nextInt(6)) {
            case 0 -> Integer.toString(r.nextInt(100_000) - 50_000);
            case 1 -> Double.toString(r.nextDouble());
            case 2 -> " " + r.nextInt(1000) / 10.0 + " ";
            case 3 -> r.nextInt(5) == 0 ? "?" : "";
            default -> String.format(java.util.Locale.ROOT, "%.3f", r.nextDouble() * 100);
        };
    }

    private static String note(SplittableRandom r, boolean multiline) {
        String[] parts = {"plain", "with, comma", "say \"hi\"", "caf\u00e9 \u2013 \u00fc", "  padded  ",
                "x".repeat(r.nextInt(60))};
        StringBuilder sb = new StringBuilder(parts[r.nextInt(parts.length)]);
        if (multiline && r.nextInt(5) == 0) {
            sb.append(r.nextBoolean() ? "\n" : "\r\n").append(parts[r.nextInt(parts.length)]);
        }
        return sb.toString();
    }

    private Path bigFile(String name, Function<Integer, String> row, int rows) throws IOException {
        StringBuilder sb = new StringBuilder("x,label\n");
        for (int i = 0; i < rows; i++) {
            sb.append(row.apply(i)).append('\n');
        }
        return Files.writeString(dir.resolve(name), sb);
    }

    private static DataImportException splitImportFails(Path file) {
        long before = FileRange.minSplitBytes(1);
        try (Lifecycle lc = Lifecycle.inMemory()) {
            DataImportException e = catchThrowableOfType(DataImportException.class,
                    () -> lc.datasets().importCsv("bad", file, Csv.forTarget("label")));
            assertThat(e).isNotNull();
            assertThat(lc.datasets().names()).as("a failed import writes nothing").isEmpty();
            assertThat(lc.store().refs("")).isEmpty();
            return e;
        } finally {
            FileRange.minSplitBytes(before);
        }
    }

    @Test
    void anErrorInTheSecondHalfNamesItsLineInTheWholeFile() throws IOException {
        Path file = bigFile("bad.csv", i -> (i == 15_000 ? "12a" : Integer.toString(i)) + ",y", 20_000);
        DataImportException e = splitImportFails(file);
        assertThat(e.line()).isEqualTo(15_002);
        assertThat(e.column()).isEqualTo("x");
        assertThat(e.getMessage()).startsWith(file + ", line 15002, column 'x': '12a' is not a number");
    }

    @Test
    void withErrorsInBothHalvesTheFirstIsReported() throws IOException {
        Path file = bigFile("bad2.csv", i -> (i == 3_000 || i == 15_000 ? "12a" : Integer.toString(i)) + ",y", 20_000);
        assertThat(splitImportFails(file).line()).isEqualTo(3_002);
    }

    @Test
    void aRaggedRowInTheSecondHalfNamesItsLine() throws IOException {
        Path file = bigFile("ragged.csv", i -> i == 19_000 ? "1" : i + ",y", 20_000);
        DataImportException e = splitImportFails(file);
        assertThat(e.line()).isEqualTo(19_002);
        assertThat(e.getMessage()).contains("ragged row");
    }

    @Test
    void aQuotedValueAcrossTheSplitPointMakesTheFirstHalfReadOn() throws IOException {
        StringBuilder sb = new StringBuilder("x,label\n");
        for (int i = 0; i < 2_000; i++) {
            sb.append(i).append(",a\n");
        }
        sb.append("1,\"").append("b\n".repeat(20_000)).append("\"\n");
        for (int i = 0; i < 2_000; i++) {
            sb.append(i).append(",c\n");
        }
        Path file = Files.writeString(dir.resolve("span.csv"), sb);
        long before = FileRange.minSplitBytes(1);
        try (FieldCursor first = (FieldCursor) new CsvSource(file, Csv.defaults()).open()) {
            for (int i = 0; i < 1_000; i++) {
                assertThat(first.next()).isTrue();
            }
            FieldCursor rest = first.splitRest();
            assertThat(rest).as("the sample ended before the split point").isNotNull();
            rest.close();
            int records = 1_000;
            while (first.next()) {
                records++;
            }
            assertThat(first.readPastSplit()).isTrue();
            assertThat(records).as("the first cursor read every record").isEqualTo(4_001);
            assertThat(first.line()).isEqualTo(2 + 2_000 + 20_000 + 1 + 2_000);
        } finally {
            FileRange.minSplitBytes(before);
        }
    }

    @Test
    void theHalvesMeetAtALineBreakAndCountLinesOnFromThere() throws IOException {
        Path file = bigFile("halves.csv", i -> i + "," + (i % 2 == 0 ? "a" : "b"), 10_000);
        long before = FileRange.minSplitBytes(1);
        try (FieldCursor first = (FieldCursor) new CsvSource(file, Csv.defaults()).open()) {
            assertThat(first.next()).isTrue();
            FieldCursor rest = first.splitRest();
            assertThat(rest).isNotNull();
            assertThat(first.splitRest()).as("splits once").isNull();
            long firstRecords = 1;
            long lastX = -1;
            while (first.next()) {
                firstRecords++;
                lastX = (long) first.number(0);
            }
            assertThat(first.readPastSplit()).isFalse();
            try (rest) {
                assertThat(rest.next()).isTrue();
                assertThat((long) rest.number(0)).isEqualTo(lastX + 1);
                assertThat(rest.line()).isEqualTo(1);
                long restRecords = 1;
                while (rest.next()) {
                    restRecords++;
                }
                assertThat(firstRecords + restRecords).isEqualTo(10_000);
                assertThat(firstRecords).isBetween(4_000L, 6_000L);
            }
        } finally {
            FileRange.minSplitBytes(before);
        }
    }

    @Test
    void theRealDataSetsReadInTwoHalvesAsInOnePass() {
        for (Path file : List.of(dev.lifecycle.testsupport.TestData.require("adult.data"),
                dev.lifecycle.testsupport.TestData.require("electricity.csv"))) {
            Csv options = file.toString().endsWith("adult.data") ? AdultDataPhaseTest.ADULT : Csv.forTarget("class");
            long before = FileRange.minSplitBytes(Long.MAX_VALUE);
            try (Lifecycle one = Lifecycle.inMemory(); Lifecycle two = Lifecycle.inMemory()) {
                DatasetVersion single = one.datasets().importCsv("d", file, options);
                FileRange.minSplitBytes(1);
                long splits = TableReader.splitReads();
                DatasetVersion split = two.datasets().importCsv("d", file, options);
                assertThat(TableReader.splitReads()).as("%s read in two halves", file).isEqualTo(splits + 1);
                assertThat(split.schema()).isEqualTo(single.schema());
                assertThat(split.digest()).isEqualTo(single.digest());
            } finally {
                FileRange.minSplitBytes(before);
            }
        }
    }

    @Test
    void smallFilesAreNotSplitByDefault() throws IOException {
        Path file = bigFile("small.csv", i -> i + ",y", 10_000);
        try (FieldCursor c = (FieldCursor) new CsvSource(file, Csv.defaults()).open()) {
            assertThat(c.next()).isTrue();
            assertThat(c.splitRest()).isNull();
        }
    }
}
