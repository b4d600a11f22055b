package dev.lifecycle.core.data;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.core.Lifecycle;
import dev.lifecycle.testsupport.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;

/** Acceptance on ELEC2: every row imported, and the time-ordered split respects time. */
@Tag("slow")
@Tag("realdata")
class Elec2DataPhaseTest {

    @Test
    void importsEveryRowAndSplitsInTimeOrder() {
        try (Lifecycle lc = Lifecycle.inMemory()) {
            DatasetVersion elec = lc.datasets().importCsv("elec2", TestData.require("electricity.csv"),
                    Csv.forTarget("class"));
            assertThat(elec.size()).isEqualTo(45_312);
            Split split = lc.datasets().split(elec, Splits.timeOrdered(0.8));
            int cut = split.train().size();
            assertThat(cut + split.test().size()).isEqualTo(elec.size());
            for (int r = 0; r < elec.size(); r++) {
                DatasetVersion part = r < cut ? split.train() : split.test();
                int at = r < cut ? r : r - cut;
                assertThat(part.row(at)).as("row %d", r).isEqualTo(elec.row(r));
            }
            assertThat(elec.number("transfer", elec.size() - 1)).isEqualTo(lastValueOfFile());
        }
    }

    private static double lastValueOfFile() {
        try {
            String text = java.nio.file.Files.readString(TestData.require("electricity.csv"));
            String[] last = text.strip().substring(text.strip().lastIndexOf('\n') + 1).split(",");
            return Double.parseDouble(last[5]);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
