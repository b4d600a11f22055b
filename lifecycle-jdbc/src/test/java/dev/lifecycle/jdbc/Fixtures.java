package dev.lifecycle.jdbc;

import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.model.Model;
import dev.lifecycle.core.Lifecycle;
import dev.lifecycle.core.data.Csv;
import dev.lifecycle.core.model.Trainers;
import dev.lifecycle.core.tribuo.LogisticRegression;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/** Tiny models and data for the store tests. */
final class Fixtures {
    private Fixtures() {
    }

    static LogisticRegression tinyTrainer() {
        return Trainers.logisticRegression().epochs(1).seed(7);
    }

    /** @return a tiny logistic regression on two numeric inputs {@code a, b}, trained in memory */
    static Model tinyModel() {
        java.util.logging.Logger.getLogger("org.tribuo").setLevel(java.util.logging.Level.WARNING);
        try (Lifecycle lc = Lifecycle.inMemory()) {
            DatasetVersion data = lc.datasets().importCsv("tiny", tinyCsv(), Csv.forTarget("y"));
            return tinyTrainer().train(data);
        }
    }

    /** @return a CSV file of 20 rows {@code a,b,y} with both classes */
    static Path tinyCsv() {
        Random random = new Random(1);
        StringBuilder sb = new StringBuilder("a,b,y\n");
        for (int i = 0; i < 20; i++) {
            double a = random.nextDouble();
            sb.append(a).append(',').append(random.nextDouble()).append(',').append(i % 2 == 0 ? "yes" : "no")
                    .append('\n');
        }
        try {
            Path csv = Files.createTempFile("tiny", ".csv");
            Files.writeString(csv, sb);
            csv.toFile().deleteOnExit();
            return csv;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the child's stderr, for failure messages */
    static String read(Path stderr) {
        try {
            return Files.exists(stderr) ? Files.readString(stderr) : "";
        } catch (IOException e) {
            return "(cannot read " + stderr + ": " + e + ")";
        }
    }
}
