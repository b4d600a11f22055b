package dev.lifecycle.core.model;

import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.model.Model;
import dev.lifecycle.api.model.ModelVersion;
import dev.lifecycle.api.model.Trainer;
import dev.lifecycle.core.Lifecycle;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Child-JVM worker for {@link ConcurrentRegistryTest}: registers versions and, after each, moves the
 * {@code counter} alias one version up by compare-and-set. Prints {@code REGISTERED n} per version.
 */
public final class RegistryWorker {
    private RegistryWorker() {
    }

    /** Args: store directory, worker name, number of rounds. */
    public static void main(String[] args) {
        Path home = Path.of(args[0]);
        String worker = args[1];
        int rounds = Integer.parseInt(args[2]);
        try (Lifecycle lc = Lifecycle.builder().directory(home).actor(worker).build()) {
            DatasetVersion data = lc.datasets().get("toy", 1);
            Trainer trainer = Trainers.cart().maxDepth(2);
            Model model = trainer.train(data);
            for (int i = 0; i < rounds; i++) {
                ModelVersion v = lc.models().register("shared", model, trainer, data.id());
                System.out.println("REGISTERED " + v.version());
                while (true) {
                    Optional<Integer> now = lc.models().aliasVersion("shared", "counter");
                    int next = now.orElse(0) + 1;
                    if (lc.models().moveAlias("shared", "counter", now.orElse(null), next, worker + " move " + i)) {
                        break;
                    }
                }
            }
        }
    }
}
