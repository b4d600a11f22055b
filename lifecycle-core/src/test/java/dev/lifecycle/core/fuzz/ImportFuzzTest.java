package dev.lifecycle.core.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifecycle.testsupport.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Tag;

/**
 * Mutated slices of adult.data and electricity.csv import or fail with a DataImportException naming the
 * file, line and column, and a failed import stores nothing. The property runs a few hundred imports;
 * {@link #longSeededRun} runs {@code -Dfuzz.imports=N} of them.
 */
@Tag("slow")
@Tag("realdata")
@net.jqwik.api.Tag("slow")
@net.jqwik.api.Tag("realdata")
class ImportFuzzTest {

    @Property(tries = 15)
    void mutatedSlicesFailOnlyWithDataImportExceptionAndStoreNothing(@ForAll long seed) throws IOException {
        Path adult = TestData.path("adult.data");
        Path elec = TestData.path("electricity.csv");
        if (!Files.isRegularFile(adult) || !Files.isRegularFile(elec)) {
            return;
        }
        Path dir = Files.createTempDirectory("import-fuzz");
        try {
            ImportFuzz.Tally t = new ImportFuzz(adult, elec, dir).run(seed, 10);
            assertThat(t.other).as("%s", t).isZero();
            assertThat(t.storedAfterFailure).as("%s", t).isZero();
            assertThat(t.failedWithLineOnly + t.failedWithFileOnly).as("failures without a line or column: %s", t)
                    .isZero();
        } finally {
            Files.deleteIfExists(dir.resolve("slice.csv"));
            Files.deleteIfExists(dir);
        }
    }

    @Test
    void longSeededRun(@TempDir Path dir) throws IOException {
        String n = System.getProperty("fuzz.imports");
        org.junit.jupiter.api.Assumptions.assumeTrue(n != null, "set -Dfuzz.imports=N to run the long import fuzz");
        long start = System.nanoTime();
        ImportFuzz.Tally t = new ImportFuzz(TestData.require("adult.data"), TestData.require("electricity.csv"), dir)
                .run(20261201L, Integer.parseInt(n));
        System.out.printf("FUZZ import: %s (%.1f s)%n", t, (System.nanoTime() - start) / 1e9);
        assertThat(t.other).as("%s", t).isZero();
        assertThat(t.storedAfterFailure).as("%s", t).isZero();
        assertThat(t.failedWithLineOnly + t.failedWithFileOnly).as("failures without a line or column: %s", t)
                .isZero();
    }
}
