package dev.lifecycle.core;

import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.data.Row;
import dev.lifecycle.core.data.Csv;
import dev.lifecycle.core.data.RowSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/** Small generated data sets and file helpers shared by the core tests. */
public final class Fixtures {
    /** The columns of {@link #mixedRows}: numeric x and y, categorical color, boolean flag, target label. */
    public static final List<String> MIXED_COLUMNS = List.of("x", "y", "color", "flag", "label");
    private static final List<String> COLORS = List.of("red", "green", "blue");

    private Fixtures() {
    }

    /**
     * Seeded rows with a numeric, a categorical and a boolean feature and a label that depends on all
     * three (plus 10% noise), so trained models use every kind of feature.
     */
    public static List<Row> mixedRows(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Row> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            double x = random.nextDouble() * 4 - 2;
            double y = random.nextDouble() * 4 - 2;
            String color = COLORS.get(random.nextInt(COLORS.size()));
            boolean flag = random.nextBoolean();
            double score = x + 0.5 * y + (color.equals("red") ? 1.0 : color.equals("blue") ? -1.0 : 0.0)
                    + (flag ? 0.8 : -0.8);
            boolean positive = score > 0;
            if (random.nextDouble() < 0.1) {
                positive = !positive;
            }
            rows.add(Row.builder(5).set("x", x).set("y", y).set("color", color).set("flag", (Object) flag)
                    .set("label", positive ? "yes" : "no").build());
        }
        return rows;
    }

    /** Imports {@link #mixedRows} as a version of {@code name} with target {@code label}. */
    public static DatasetVersion importMixed(Lifecycle lc, String name, int n, long seed) {
        return lc.datasets().importFrom(name, RowSource.of("generated:" + name + ":" + seed, MIXED_COLUMNS,
                mixedRows(n, seed)), Csv.forTarget("label"));
    }

    /** Writes a UTF-8 file (no newline added) and returns its path. */
    public static Path write(Path dir, String fileName, String content) {
        try {
            return Files.writeString(dir.resolve(fileName), content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the number of regular files under a directory (0 when it does not exist) */
    public static long filesUnder(Path dir) {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
