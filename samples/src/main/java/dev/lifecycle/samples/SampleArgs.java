package dev.lifecycle.samples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Command-line handling shared by the samples: {@code -Dname=value} arguments become system properties
 * (so {@code samples/run ElectricityLoop data.csv -Delec.delay=1} works like
 * {@code JAVA_TOOL_OPTIONS=-Delec.delay=1}); any other argument starting with {@code -} is refused instead
 * of being taken as a file name; outputs default to a directory under the system's temp directory.
 */
final class SampleArgs {
    private SampleArgs() {
    }

    /**
     * Applies {@code -Dname=value} arguments as system properties and returns the others, in order.
     *
     * @throws IllegalArgumentException for any other argument starting with {@code -}
     */
    static List<String> positional(String sample, String usage, String[] args) {
        List<String> out = new ArrayList<>();
        for (String a : args) {
            if (a.startsWith("-D") && a.indexOf('=') > 2) {
                System.setProperty(a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
            } else if (a.startsWith("-")) {
                throw new IllegalArgumentException("Unknown option '" + a + "' for " + sample + ". Give settings as"
                        + " -Dname=value (e.g. -Delec.delay=1) or as JAVA_TOOL_OPTIONS=-Dname=value samples/run "
                        + sample + " ...; usage: " + usage);
            } else {
                out.add(a);
            }
        }
        return out;
    }

    /** @return {@code name} in the samples' output directory ({@code $TMPDIR/lifecycle-samples}), created */
    static Path output(String name) throws IOException {
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), "lifecycle-samples");
        Files.createDirectories(dir);
        return dir.resolve(name);
    }
}
