package dev.lifecycle.testsupport;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates the shared real data sets ({@code ../shared/data/} beside the project root) for the tests of
 * every module (the spark and testkit tests use it through the core test jar; its package is in no module,
 * so it loads from the class path beside named modules). A test that needs one
 * calls {@link #require(String)}: when the file is absent the test is skipped with a message naming the
 * path, except on CI (environment {@code CI=true}), where a missing data set fails the test, so a
 * misconfigured CI machine cannot pass by skipping every real-data test.
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

    /**
     * @return the path of a shared data file
     * @throws AssertionError when it is absent and the environment has {@code CI=true}
     * @throws org.opentest4j.TestAbortedException when it is absent elsewhere (the test is skipped)
     */
    public static Path require(String file) {
        return require(file, System.getenv("CI"));
    }

    /** {@link #require(String)} with the value of {@code CI} given. */
    static Path require(String file, String ci) {
        Path p = path(file);
        if (!Files.isRegularFile(p)) {
            String message = "Real data file " + p + " is absent; this test needs ../shared/data/" + file;
            if ("true".equalsIgnoreCase(ci == null ? "" : ci.trim())) {
                throw new AssertionError(message + ". CI=true, so the test fails instead of skipping:"
                        + " put the shared data sets beside the checkout (see shared/data/README)");
            }
            assumeTrue(false, message);
        }
        return p;
    }
}
