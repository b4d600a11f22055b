package dev.lifecycle.testkit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the shared real data sets ({@code ../shared/data/}), skipping the test when they are absent. */
final class SharedData {
    private SharedData() {
    }

    static Path require(String file) {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            Path candidate = d.resolve("shared").resolve("data").resolve(file);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        assumeTrue(false, "Real data file ../shared/data/" + file + " is absent (searched upwards from " + dir + ")");
        return null;
    }
}
