package dev.lifecycle.core.store;

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

/** Small shared helpers of the store tests: a tiny trained model and reading a child JVM's stderr. */
final class StoreFixtures {
    private StoreFixtures() {
    }

    /** @return the trainer of {@link #tinyModel()} */
    static LogisticRegression tinyTrainer() {
        return Trainers.logisticRegression().epochs(1).seed(7);
    }

    /** @return a tiny logistic regression, trained in memory on 20 generated rows */
    static Model tinyModel() {
        try (Lifecycle lc = Lifecycle.inMemory()) {
            Path csv = Files.createTempFile("tiny", ".csv");
            try {
                Files.writeString(csv, CrashWriterMain.csv(new Random(1), 20));
                DatasetVersion data = lc.datasets().importCsv("tiny", csv, Csv.forTarget("y"));
                return tinyTrainer().train(data);
            } finally {
                Files.deleteIfExists(csv);
            }
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
