package dev.lifecycle.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.lifecycle.api.data.DataImportException;
import dev.lifecycle.api.data.FieldType;
import dev.lifecycle.core.Fixtures;
import dev.lifecycle.core.Lifecycle;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Tag;

/**
 * Bad CSV input fails with a {@link DataImportException} naming file, line and column, and leaves the
 * store untouched: no refs, and no object files in a {@code FileStore}.
 */
@Tag("fast")
class CsvImportErrorsTest {
    @TempDir
    Path dir;

    private final AtomicInteger homes = new AtomicInteger();

    /** Imports into a fresh FileStore-backed Lifecycle, expects failure, and checks nothing was written. */
    private DataImportException importFails(Path csv, Csv options) {
        Path home = dir.resolve("home" + homes.incrementAndGet());
        try (Lifecycle lc = Lifecycle.open(home)) {
            DataImportException e = catchThrowableOfType(DataImportException.class,
                    () -> lc.datasets().importCsv("d", csv, options));
            assertThat(e).as("import of %s should fail", csv).isNotNull();
            assertThat(lc.store().refs("")).as("refs after a failed import").isEmpty();
            assertThat(lc.store().journal("")).as("journal after a failed import").isEmpty();
            assertThat(lc.datasets().names()).isEmpty();
            assertThat(Fixtures.filesUnder(home.resolve("objects"))).as("object files after a failed import")
                    .isZero();
            assertThat(e.source()).isEqualTo(csv.toString());
            assertThat(e.getMessage()).startsWith(csv.toString());
            return e;
        }
    }

    private static void assertNames(DataImportException e, long line, String column) {
        assertThat(e.line()).isEqualTo(line);
        assertThat(e.column()).isEqualTo(column);
        if (line > 0) {
            assertThat(e.getMessage()).contains(", line " + line);
        }
        if (column != null) {
            assertThat(e.getMessage()).contains("column '" + column + "'");
        }
    }

    private static String numericColumnWithOneBadValue(int rows, int badRow) {
        StringBuilder sb = new StringBuilder("v,label\n");
        for (int i = 0; i < rows; i++) {
            sb.append(i == badRow ? "abc" : Double.toString(i * 0.5)).append(',').append(i % 2 == 0 ? "a" : "b")
                    .append('\n');
        }
        return sb.toString();
    }

    @Test
    void raggedRowWithTooFewValuesNamesLineAndFirstMissingColumn() {
        Path csv = Fixtures.write(dir, "ragged.csv", "a,b,c\n1,2,3\n4,5\n6,7,8\n");
        DataImportException e = importFails(csv, Csv.defaults());
        assertNames(e, 3, "c");
        assertThat(e.getMessage()).contains("ragged row").contains("2 values").contains("3");
    }

    @Test
    void raggedRowWithTooManyValuesNamesLine() {
        Path csv = Fixtures.write(dir, "extra.csv", "a,b\n1,2\n3,4\n5,6,7\n");
        DataImportException e = importFails(csv, Csv.defaults());
        assertNames(e, 4, "#3 (extra value after \"b\")");
        assertThat(e.getMessage()).contains("ragged row").contains("1 extra value");
    }

    @Test
    void nonNumericValueInInferredNumericColumn() {
        // 29 of 30 values parse: above the 95% share, so the column is inferred numeric and "abc" is an error
        Path csv = Fixtures.write(dir, "nonnumeric.csv", numericColumnWithOneBadValue(30, 16));
        DataImportException e = importFails(csv, Csv.forTarget("label"));
        assertNames(e, 18, "v"); // header is line 1, row 16 (0-based) is line 18
        assertThat(e.getMessage()).contains("'abc' is not a number").contains("numeric");
    }

    @Test
    void nonNumericValueAfterTheInferenceSample() {
        Path csv = Fixtures.write(dir, "late.csv", numericColumnWithOneBadValue(1500, 1200));
        DataImportException e = importFails(csv, Csv.forTarget("label"));
        assertNames(e, 1202, "v");
        assertThat(e.getMessage()).contains("'abc' is not a number");
    }

    @Test
    void nonNumericValueInDeclaredNumericColumn() {
        Path csv = Fixtures.write(dir, "declared.csv", "v,label\n1,a\nx,b\n");
        DataImportException e = importFails(csv, Csv.forTarget("label").type("v", FieldType.NUMERIC));
        assertNames(e, 3, "v");
        assertThat(e.getMessage()).contains("'x' is not a number").contains("declared");
    }

    @Test
    void emptyFile() {
        Path csv = Fixtures.write(dir, "empty.csv", "");
        DataImportException e = importFails(csv, Csv.forTarget("class"));
        assertNames(e, 1, "#1");
        assertThat(e.getMessage()).contains("empty");
    }

    @Test
    void headerWithoutRows() {
        Path csv = Fixtures.write(dir, "header-only.csv", "a,class\n");
        DataImportException e = importFails(csv, Csv.forTarget("class"));
        assertNames(e, 2, "a");
        assertThat(e.getMessage()).contains("no data rows");
    }

    @Test
    void missingTargetColumn() {
        Path csv = Fixtures.write(dir, "notarget.csv", "a,b\n1,2\n");
        DataImportException e = importFails(csv, Csv.forTarget("class"));
        assertNames(e, 1, "class");
        assertThat(e.getMessage()).contains("target column is missing").contains("[a, b]");
    }

    @Test
    void unclosedQuote() {
        Path csv = Fixtures.write(dir, "quote.csv", "a,b\n1,2\n3,\"oops\n4,5\n");
        DataImportException e = importFails(csv, Csv.defaults());
        assertNames(e, 3, "b");
        assertThat(e.getMessage()).contains("quoted value is not closed");
    }

    @Test
    void unclosedQuoteInTheHeaderNamesItsPosition() {
        Path csv = Fixtures.write(dir, "quote-header.csv", "a,\"b\n1,2\n");
        DataImportException e = importFails(csv, Csv.defaults());
        assertNames(e, 1, "#2");
        assertThat(e.getMessage()).contains("quoted value is not closed");
    }

    @Test
    void unclosedQuoteInAnExtraValueNamesItsPosition() {
        Path csv = Fixtures.write(dir, "quote-extra.csv", "a,b\n1,2\n3,4,\"x\n");
        DataImportException e = importFails(csv, Csv.defaults());
        assertNames(e, 3, "#3 (extra value after \"b\")");
    }

    @Test
    void duplicateHeaderName() {
        Path csv = Fixtures.write(dir, "dup.csv", "a,b,a\n1,2,3\n");
        DataImportException e = importFails(csv, Csv.defaults());
        assertNames(e, 1, "a");
        assertThat(e.getMessage()).contains("appears twice").contains("positions 1 and 3");
    }

    @Test
    void emptyHeaderName() {
        Path csv = Fixtures.write(dir, "blankname.csv", "a,,c\n1,2,3\n");
        DataImportException e = importFails(csv, Csv.defaults());
        assertNames(e, 1, "#2");
        assertThat(e.getMessage()).contains("empty column name at position 2");
    }

    @Test
    void typeDeclaredForAbsentColumn() {
        Path csv = Fixtures.write(dir, "decl.csv", "a,b\n1,2\n");
        DataImportException e = importFails(csv, Csv.defaults().type("zip", FieldType.CATEGORICAL));
        assertNames(e, 1, "zip");
    }

    @Test
    void missingFile() {
        Path csv = dir.resolve("nope.csv");
        DataImportException e = importFails(csv, Csv.defaults());
        assertNames(e, 0, null);
        assertThat(e.getMessage()).contains("no such file");
    }
}
