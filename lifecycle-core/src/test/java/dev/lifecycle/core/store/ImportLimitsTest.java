package dev.lifecycle.core.store;

import dev.lifecycle.testsupport.ChildJvm;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifecycle.api.data.DataImportException;
import dev.lifecycle.core.Lifecycle;
import dev.lifecycle.core.data.Csv;
import dev.lifecycle.core.data.ImportLimits;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Tag;

/**
 * Wide, huge and non-UTF-8 files end in a typed error naming the file and the limit (or import), and
 * never exhaust the heap: run in child JVMs with {@code -Xmx512m}.
 */
@Tag("slow")
class ImportLimitsTest {
    @TempDir
    Path dir;

    private Path wide() throws IOException {
        Path f = dir.resolve("wide.csv");
        StringBuilder sb = new StringBuilder();
        for (int c = 0; c < 20_000; c++) {
            sb.append(c == 0 ? "" : ",").append("c").append(c);
        }
        sb.append('\n');
        for (int r = 0; r < 5; r++) {
            for (int c = 0; c < 20_000; c++) {
                sb.append(c == 0 ? "" : ",").append((r * 7 + c) % 10);
            }
            sb.append('\n');
        }
        Files.writeString(f, sb);
        return f;
    }

    private Path hugeField() throws IOException {
        Path f = dir.resolve("huge.csv");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(f), 1 << 20)) {
            out.write("a,b\n1,\"".getBytes(StandardCharsets.US_ASCII));
            byte[] block = "x".repeat(1 << 20).getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < 100; i++) {
                out.write(block);
            }
            out.write("\"\n2,y\n".getBytes(StandardCharsets.US_ASCII));
        }
        return f;
    }

    private String importInChild(Path file, int columns, int recordBytes) throws Exception {
        try (ChildJvm child = ChildJvm.startWithHeap(ImportLimitsMain.class, dir.resolve(file.getFileName() + ".err"),
                "512m", file.toString(), Integer.toString(columns), Integer.toString(recordBytes))) {
            String line = child.await(l -> l.startsWith("RESULT "), 600_000, "importing " + file);
            child.waitFor(60_000);
            return line.substring("RESULT ".length());
        }
    }

    @Test
    void twentyThousandColumnsAreATypedErrorByDefaultAndImportWithinHalfAGigabyteWhenAllowed() throws Exception {
        Path wide = wide();
        String refused = importInChild(wide, ImportLimits.defaults().maxColumns(), 16 << 20);
        assertThat(refused).startsWith("typed DataImportException").contains("wide.csv", "10000 columns");
        String imported = importInChild(wide, 50_000, 16 << 20);
        assertThat(imported).isEqualTo("ok 5 20000");
        System.out.printf("ImportLimitsTest: 20,000 columns x 5 rows at -Xmx512m: default limits -> %s;"
                + " columns(50000) -> %s%n", refused.substring(0, Math.min(120, refused.length())), imported);
    }

    @Test
    void aHundredMegabyteFieldIsATypedErrorNotAnOutOfMemoryError() throws Exception {
        Path huge = hugeField();
        String result = importInChild(huge, 10_000, 16 << 20);
        assertThat(result).startsWith("typed DataImportException").contains("huge.csv", "longer than");
        System.out.printf("ImportLimitsTest: one 100 MB field at -Xmx512m, default limits -> %s%n",
                result.substring(0, Math.min(160, result.length())));
    }

    @Test
    void aRecordLimitBeyondWhatTheHeapHoldsIsClampedToATypedErrorNamingTheHeap() throws Exception {
        Path huge = hugeField();
        String result = importInChild(huge, 10_000, 200 << 20);
        assertThat(result).startsWith("typed DataImportException").contains("huge.csv", "ImportLimits.recordBytes is "
                + (200 << 20), "-Xmx3201m");
        System.out.printf("ImportLimitsTest: one 100 MB field at -Xmx512m, recordBytes(200 MiB) -> %s%n",
                result.substring(0, Math.min(260, result.length())));
    }

    @Test
    void nonUtf8FilesAreNamedWithTheirEncodingAndHowToConvert() throws IOException {
        Path utf16 = dir.resolve("utf16.csv");
        Files.write(utf16, "\uFEFFa,b\n1,2\n".getBytes(StandardCharsets.UTF_16LE));
        Path utf16be = dir.resolve("utf16be.csv");
        Files.write(utf16be, "\uFEFFa,b\n1,2\n".getBytes(StandardCharsets.UTF_16BE));
        Path utf32 = dir.resolve("utf32.csv");
        Files.write(utf32, new byte[] {(byte) 0xFF, (byte) 0xFE, 0, 0, 'a', 0, 0, 0});
        Path noBom = dir.resolve("nobom.csv");
        Files.write(noBom, "a,b\n1,2\n".getBytes(StandardCharsets.UTF_16LE));
        Path gz = dir.resolve("data.csv.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write("a,b\n1,2\n".getBytes(StandardCharsets.UTF_8));
        }
        try (Lifecycle lc = Lifecycle.inMemory()) {
            assertThatThrownBy(() -> lc.datasets().importCsv("d", utf16, Csv.defaults()))
                    .isInstanceOf(DataImportException.class).hasMessageContaining("UTF-16 little-endian")
                    .hasMessageContaining("iconv").hasMessageContaining("utf16.csv");
            assertThatThrownBy(() -> lc.datasets().importCsv("d", utf16be, Csv.defaults()))
                    .hasMessageContaining("UTF-16 big-endian");
            assertThatThrownBy(() -> lc.datasets().importCsv("d", utf32, Csv.defaults()))
                    .hasMessageContaining("UTF-32 little-endian");
            assertThatThrownBy(() -> lc.datasets().importCsv("d", noBom, Csv.defaults()))
                    .isInstanceOf(DataImportException.class).hasMessageContaining("NUL")
                    .hasMessageContaining("UTF-16 without a byte-order mark");
            assertThatThrownBy(() -> lc.datasets().importCsv("d", gz, Csv.defaults()))
                    .isInstanceOf(DataImportException.class).hasMessageContaining("gzip")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\u001f"));
        }
    }

    @Test
    void rowAndFileSizeLimitsAreTypedErrors() throws IOException {
        Path f = dir.resolve("rows.csv");
        Files.writeString(f, "a,b\n1,2\n3,4\n5,6\n");
        try (Lifecycle lc = Lifecycle.inMemory()) {
            assertThatThrownBy(() -> lc.datasets().importCsv("d", f, Csv.defaults(), ImportLimits.defaults().rows(2)))
                    .isInstanceOf(DataImportException.class).hasMessageContaining("more than 2 records");
            assertThatThrownBy(() -> lc.datasets().importCsv("d", f, Csv.defaults(),
                    ImportLimits.defaults().fileBytes(10))).isInstanceOf(DataImportException.class)
                    .hasMessageContaining("limit of 10");
            assertThat(lc.datasets().importCsv("d", f, Csv.defaults(), ImportLimits.defaults().rows(3)).size())
                    .isEqualTo(3);
        }
    }
}
