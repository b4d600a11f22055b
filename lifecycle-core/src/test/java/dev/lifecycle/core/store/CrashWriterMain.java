package dev.lifecycle.core.store;

import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.model.ModelVersion;
import dev.lifecycle.core.Lifecycle;
import dev.lifecycle.core.data.Csv;
import dev.lifecycle.core.model.Trainers;
import dev.lifecycle.core.tribuo.LogisticRegression;
import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Child JVM of {@link FileStoreCrashTest}: writes dataset and model versions through the public API
 * in an endless loop until it is killed. Prints {@code COMMIT <kind> <id>} after every call that
 * returned, i.e. after the version is committed; the parent treats every printed id as durable.
 *
 * <p>Arguments: {@code <storeDir> <scratchDir> <seed>}. It warms up, opens the store, prints
 * {@code READY} and waits for a line on stdin before writing, so the parent can start it early.
 */
public final class CrashWriterMain {
    private static final FileOutputStream OUT = new FileOutputStream(FileDescriptor.out);

    private CrashWriterMain() {
    }

    public static void main(String[] args) throws Exception {
        Path storeDir = Path.of(args[0]);
        Path scratch = Path.of(args[1]);
        long seed = Long.parseLong(args[2]);
        Files.createDirectories(scratch);
        Random random = new Random(seed);
        StoreFixtures.tinyModel(); // loads Tribuo, Jackson and the registries before the parent says go
        try (Lifecycle lc = Lifecycle.builder().directory(storeDir).actor("crash-child-" + seed).build()) {
            emit("READY");
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            for (int i = 0; ; i++) {
                String dataset = "ds" + (i % 2);
                Path csv = scratch.resolve("data-" + seed + "-" + i + ".csv");
                Files.writeString(csv, csv(random, 12 + random.nextInt(30)));
                DatasetVersion data = lc.datasets().importCsv(dataset, csv, Csv.forTarget("y"));
                Files.deleteIfExists(csv);
                emit("COMMIT dataset " + data.id());
                LogisticRegression trainer = Trainers.logisticRegression().epochs(1).seed(random.nextInt(1000));
                ModelVersion m = lc.train("m" + (i % 2), trainer, data);
                emit("COMMIT model " + m.id());
                if (i % 3 == 0) {
                    ModelVersion r = lc.models().register("registered", m.model(), trainer, data.id());
                    emit("COMMIT model " + r.id());
                }
            }
        }
    }

    /** Writes one complete line with a single system call, so a kill never leaves half a line. */
    private static void emit(String line) throws IOException {
        OUT.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** A small CSV with two numeric features, one category and a yes/no target, different each call. */
    static String csv(Random random, int rows) {
        StringBuilder sb = new StringBuilder("x1,x2,c,y\n");
        String[] cats = {"red", "green", "blue"};
        for (int r = 0; r < rows; r++) {
            double x1 = Math.round(random.nextGaussian() * 1000) / 100.0;
            double x2 = Math.round(random.nextDouble() * 1000) / 100.0;
            // both classes always present so training never sees a single class
            String y = r % 2 == 0 ? "yes" : "no";
            sb.append(x1).append(',').append(x2).append(',').append(cats[random.nextInt(3)]).append(',').append(y)
                    .append('\n');
        }
        return sb.toString();
    }
}
