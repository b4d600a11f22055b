package dev.lifecycle.core;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates the shared real data sets ({@code ../shared/data/} beside the project root) for tests.
 * A test that needs one calls {@link #require(String)}, which skips the test with a message naming
 * the path when the file is absent.
 */
public final class TestData {
    private TestData() {
    }

    /** @return the path of a shared data file, searched upwards from the working directory */
    public static Path path(String file) {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            Path candidate = d.resolve("shared").resolve("data").resolve(file);
            if (Files.exists(candidate)) {
                return candidate;
            }
        }
        return dir.resolve("../../shared/data").resolve(file).normalize();
    }

    /** @return the path of a shared data file; skips the calling test when it is absent */
    public static Path require(String file) {
        Path p = path(file);
        assumeTrue(Files.isRegularFile(p), "Real data file " + p + " is absent; this test needs ../shared/data/" + file);
        return p;
    }
}
