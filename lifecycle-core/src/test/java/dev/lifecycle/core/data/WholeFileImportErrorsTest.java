package dev.lifecycle.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.lifecycle.api.data.DataImportException;
import dev.lifecycle.core.Lifecycle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Errors about a whole file (missing, a directory, too large) name the file only: no line, no column. */
class WholeFileImportErrorsTest {
    @TempDir
    Path dir;

    private static void assertFileOnly(DataImportException e, Path file) {
        assertThat(e.source()).isEqualTo(file.toString());
        assertThat(e.line()).isZero();
        assertThat(e.column()).isNull();
        assertThat(e.getMessage()).startsWith(file + ": ").doesNotContain(", line ").doesNotContain("column");
    }

    @Test
    void aMissingFileIsNamedWithThePathToCheck() {
        Path missing = dir.resolve("nope.csv");
        try (Lifecycle lc = Lifecycle.inMemory()) {
            DataImportException e = catchThrowableOfType(() -> lc.datasets().importCsv("d", missing, Csv.defaults()),
                    DataImportException.class);
            assertFileOnly(e, missing);
            assertThat(e.getMessage()).contains("no such file");
            assertThat(e.getCause()).isInstanceOf(NoSuchFileException.class);
        }
    }

    @Test
    void aDirectoryAndAFileOverTheSizeLimitAreNamedByFileOnly() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("folder.csv"));
        Path big = dir.resolve("big.csv");
        Files.writeString(big, "a,b\n1,2\n3,4\n");
        try (Lifecycle lc = Lifecycle.inMemory()) {
            DataImportException d = catchThrowableOfType(() -> lc.datasets().importCsv("d", folder, Csv.defaults()),
                    DataImportException.class);
            assertFileOnly(d, folder);
            DataImportException b = catchThrowableOfType(() -> lc.datasets().importCsv("d", big, Csv.defaults(),
                    ImportLimits.defaults().fileBytes(5)), DataImportException.class);
            assertFileOnly(b, big);
            assertThat(b.getMessage()).contains("limit of 5");
        }
    }
}
