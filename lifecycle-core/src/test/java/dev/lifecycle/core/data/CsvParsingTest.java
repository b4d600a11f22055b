package dev.lifecycle.core.data;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.data.Field;
import dev.lifecycle.api.data.FieldType;
import dev.lifecycle.api.data.Row;
import dev.lifecycle.core.Fixtures;
import dev.lifecycle.core.Lifecycle;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Tag;

/** What the CSV reader accepts, and how it reads it. */
@Tag("fast")
class CsvParsingTest {
    @TempDir
    Path dir;

    private final Lifecycle lc = Lifecycle.inMemory();

    @AfterEach
    void close() {
        lc.close();
    }

    private DatasetVersion load(String content, Csv options) {
        return lc.datasets().importCsv("d", Fixtures.write(dir, "in.csv", content), options);
    }

    @Test
    void quotedValuesWithDelimitersEscapedQuotesAndLineBreaks() {
        DatasetVersion d = load("name,quote,n\n"
                + "\"Smith, John\",\"He said \"\"hi\"\"\",1\n"
                + "plain,\"two\nlines\",2\n"
                + "\"\",\"a,b,\"\"c\"\"\",3\n", Csv.defaults().type("quote", FieldType.TEXT));
        assertThat(d.size()).isEqualTo(3);
        assertThat(d.string("name", 0)).isEqualTo("Smith, John");
        assertThat(d.string("quote", 0)).isEqualTo("He said \"hi\"");
        assertThat(d.string("quote", 1)).isEqualTo("two\nlines");
        assertThat(d.string("name", 2)).as("a quoted empty value is missing").isNull();
        assertThat(d.string("quote", 2)).isEqualTo("a,b,\"c\"");
        assertThat(d.number("n", 2)).isEqualTo(3.0);
    }

    @Test
    void lineNumbersCountLineBreaksInsideQuotes() {
        Path csv = Fixtures.write(dir, "multi.csv", "a,b\n\"x\ny\",1\n\"z\",2,3\n");
        dev.lifecycle.api.data.DataImportException e = org.assertj.core.api.Assertions.catchThrowableOfType(
                dev.lifecycle.api.data.DataImportException.class, () -> lc.datasets().importCsv("d", csv, Csv.defaults()));
        assertThat(e.line()).as("the ragged record starts on physical line 4").isEqualTo(4);
    }

    @Test
    void crlfLineEndings() {
        DatasetVersion crlf = load("a,b,label\r\n1,x,yes\r\n2,y,no\r\n", Csv.forTarget("label"));
        assertThat(crlf.size()).isEqualTo(2);
        assertThat(crlf.string("label", 0)).isEqualTo("yes");
        assertThat(crlf.string("label", 1)).isEqualTo("no");
        assertThat(crlf.schema().field("b").orElseThrow().categories()).containsExactly("x", "y");
        DatasetVersion lf = lc.datasets().importCsv("lf", Fixtures.write(dir, "lf.csv", "a,b,label\n1,x,yes\n2,y,no\n"),
                Csv.forTarget("label"));
        assertThat(crlf.digest()).as("CRLF and LF files with the same values have the same content")
                .isEqualTo(lf.digest());
    }

    @Test
    void oldMacLineEndings() {
        DatasetVersion d = load("a,b\r1,2\r3,4", Csv.defaults());
        assertThat(d.size()).isEqualTo(2);
        assertThat(d.number("b", 1)).isEqualTo(4.0);
    }

    @Test
    void lastLineWithoutNewline() {
        DatasetVersion d = load("a,label\n1,x\n2,y", Csv.forTarget("label"));
        assertThat(d.size()).isEqualTo(2);
        assertThat(d.number("a", 1)).isEqualTo(2.0);
        assertThat(d.string("label", 1)).isEqualTo("y");
    }

    @Test
    void blankLinesAreSkipped() {
        DatasetVersion d = load("a,label\n1,x\n\n2,y\n\n", Csv.forTarget("label"));
        assertThat(d.size()).isEqualTo(2);
    }

    @Test
    void customDelimiter() {
        DatasetVersion d = load("a;b;label\n1,5;\"x;y\";p\n2;z;q\n", Csv.forTarget("label").delimiter(';'));
        assertThat(d.schema().names()).containsExactly("a", "b", "label");
        assertThat(d.string("a", 0)).isEqualTo("1,5");
        assertThat(d.string("b", 0)).isEqualTo("x;y");
        DatasetVersion tabs = lc.datasets().importCsv("tabs", Fixtures.write(dir, "t.tsv", "a\tb\n1\t2\n"),
                Csv.defaults().delimiter('\t'));
        assertThat(tabs.number("b", 0)).isEqualTo(2.0);
    }

    @Test
    void noHeaderUsesTheGivenNamesAndReadsTheFirstLineAsData() {
        DatasetVersion d = load("1, a, yes\n2, b, no\n", Csv.defaults().noHeader("n", "s", "t").withTarget("t"));
        assertThat(d.schema().names()).containsExactly("n", "s", "t");
        assertThat(d.schema().target()).isEqualTo("t");
        assertThat(d.size()).isEqualTo(2);
        assertThat(d.number("n", 0)).isEqualTo(1.0);
        assertThat(d.string("s", 1)).as("values are trimmed").isEqualTo("b");
        assertThat(d.row(0)).isEqualTo(Row.of("n", 1.0, "s", "a", "t", "yes"));
    }

    @Test
    void defaultMissingTokens() {
        DatasetVersion d = load("n,c,label\n1,a,x\n,?,y\n?,MissingValue,x\nMissingValue, ,y\n",
                Csv.forTarget("label"));
        assertThat(Csv.DEFAULT_MISSING).containsExactlyInAnyOrder("", "?", "MissingValue");
        for (int r = 1; r < 4; r++) {
            assertThat(d.number("n", r)).as("n at row %d", r).isNaN();
            assertThat(d.string("c", r)).as("c at row %d", r).isNull();
            assertThat(d.row(r).isMissing(d.row(r).indexOf("n"))).isTrue();
        }
        Field n = d.schema().field("n").orElseThrow();
        Field c = d.schema().field("c").orElseThrow();
        assertThat(n.type()).isEqualTo(FieldType.NUMERIC);
        assertThat(n.nullable()).isTrue();
        assertThat(c.nullable()).isTrue();
        assertThat(c.categories()).containsExactly("a");
    }

    @Test
    void customMissingTokensReplaceTheDefaults() {
        DatasetVersion d = load("c,label\nNA,x\n?,y\na,x\n", Csv.forTarget("label").missing("NA"));
        assertThat(d.string("c", 0)).isNull();
        assertThat(d.string("c", 1)).isEqualTo("?");
        assertThat(d.schema().field("c").orElseThrow().categories()).containsExactly("?", "a");
    }

    @Test
    void oneByteMissingTokensMatchOnlyThemselves() {
        DatasetVersion d = load("c,label\n-,x\n.,y\n+,x\n,y\n\u00e9,x\n", Csv.forTarget("label").missing("-", ".", ""));
        assertThat(d.string("c", 0)).isNull();
        assertThat(d.string("c", 1)).isNull();
        assertThat(d.string("c", 2)).isEqualTo("+");
        assertThat(d.string("c", 3)).isNull();
        assertThat(d.string("c", 4)).isEqualTo("\u00e9");
    }

    @Test
    void inferredTypes() {
        StringBuilder sb = new StringBuilder("num,cat,bool,mostlynum,label\n");
        for (int i = 0; i < 40; i++) {
            sb.append(i * 1.5).append(',').append(i % 3 == 0 ? "p" : "q").append(',')
                    .append(i % 2 == 0 ? "TRUE" : "false").append(',').append(i % 5 == 0 ? "n/a" : "7").append(',')
                    .append(i % 2).append('\n');
        }
        DatasetVersion d = load(sb.toString(), Csv.forTarget("label"));
        assertThat(d.schema().fields()).extracting(Field::type).containsExactly(FieldType.NUMERIC,
                FieldType.CATEGORICAL, FieldType.BOOLEAN, FieldType.CATEGORICAL, FieldType.CATEGORICAL);
        assertThat(d.schema().targetField().orElseThrow().categories()).containsExactly("0", "1");
        assertThat(d.row(0).get("bool")).isEqualTo(Boolean.TRUE);
        assertThat(d.row(1).get("bool")).isEqualTo(Boolean.FALSE);
    }

    @Test
    void utf8ByteOrderMarkIsNotPartOfTheFirstColumnName() {
        DatasetVersion d = load("\uFEFFperiod,class\n0.5,1\n", Csv.forTarget("class"));
        assertThat(d.schema().names()).containsExactly("period", "class");
    }

    @Test
    void unicodeValues() {
        DatasetVersion d = load("city,label\nZürich,ja\n東京,はい\n", Csv.forTarget("label"));
        assertThat(d.string("city", 0)).isEqualTo("Zürich");
        assertThat(d.string("label", 1)).isEqualTo("はい");
        assertThat(d.schema().field("city").orElseThrow().categories()).isEqualTo(List.of("Zürich", "東京"));
    }
}
