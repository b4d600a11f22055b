package dev.lifecycle.samples;

import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.deployment.Deployment;
import dev.lifecycle.api.model.ModelVersion;
import dev.lifecycle.api.store.JournalEntry;
import dev.lifecycle.core.Lifecycle;
import dev.lifecycle.core.data.Csv;
import dev.lifecycle.core.data.SeaStream;
import dev.lifecycle.core.deployment.Rollout;
import dev.lifecycle.core.model.Trainers;
import dev.lifecycle.jdbc.AliasWatch;
import dev.lifecycle.jdbc.PostgresStore;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A fleet of three service instances sharing one PostgreSQL store: it starts an embedded PostgreSQL
 * (binaries from Maven, no Docker), opens three Lifecycle instances on it (each with its own connection
 * pool, as three processes would), deploys the model's {@code champion} on each with an
 * {@link AliasWatch}, moves the champion from instance A, and shows all three swap.
 *
 * <p>Usage: {@code samples/run Fleet}.
 */
public final class Fleet {
    private static final String MODEL = "sea";
    /** Held so the level set on it stays (java.util.logging keeps loggers weakly). */
    private static final java.util.logging.Logger TRIBUO = java.util.logging.Logger.getLogger("org.tribuo");

    private Fleet() {
    }

    /** Runs the demo. */
    public static void main(String[] args) throws Exception {
        TRIBUO.setLevel(java.util.logging.Level.WARNING);
        System.out.println("Starting an embedded PostgreSQL...");
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start()) {
            String url = "jdbc:postgresql://localhost:" + pg.getPort() + "/postgres";
            System.out.println("PostgreSQL at " + url);
            List<PostgresStore> stores = new ArrayList<>();
            List<Lifecycle> instances = new ArrayList<>();
            List<Deployment> deployments = new ArrayList<>();
            List<AliasWatch> watches = new ArrayList<>();
            try {
                for (String name : List.of("a", "b", "c")) {
                    PostgresStore store = PostgresStore.open(url, "postgres", "");
                    stores.add(store);
                    instances.add(Lifecycle.builder().store(store).actor("instance-" + name).build());
                }
                Lifecycle a = instances.get(0);
                ModelVersion v1 = a.train(MODEL, Trainers.logisticRegression().seed(7), data(a, "sea-early", 8.0));
                ModelVersion v2 = a.train(MODEL, Trainers.logisticRegression().seed(7), data(a, "sea-late", 9.5));
                a.models().setAlias(MODEL, "champion", v1, "first champion");
                System.out.println("Instance a registered " + v1.id() + " and " + v2.id() + "; champion -> " + v1.id());
                Row row = Row.of("x1", 4.6, "x2", 4.2, "x3", 1.0);
                for (int i = 0; i < instances.size(); i++) {
                    Deployment d = instances.get(i).deploy(MODEL, Rollout.alias("champion"));
                    deployments.add(d);
                    watches.add(AliasWatch.follow(instances.get(i), d, "champion"));
                    System.out.printf("instance %s serves %s: predict -> %s%n", "abc".charAt(i), d.current().id(),
                            d.predict(row).label());
                }
                System.out.println("Instance a moves champion -> " + v2.id());
                long t0 = System.nanoTime();
                a.models().setAlias(MODEL, "champion", v2, "retrained on the late concept");
                boolean[] swapped = new boolean[deployments.size()];
                int left = deployments.size();
                while (left > 0 && System.nanoTime() - t0 < 30_000_000_000L) {
                    for (int i = 0; i < deployments.size(); i++) {
                        if (!swapped[i] && deployments.get(i).current().version() == v2.version()) {
                            swapped[i] = true;
                            left--;
                            System.out.printf(Locale.ROOT, "instance %s swapped to %s after %.1f ms: predict -> %s%n",
                                    "abc".charAt(i), v2.id(), (System.nanoTime() - t0) / 1e6,
                                    deployments.get(i).predict(row).label());
                        }
                    }
                    Thread.sleep(1);
                }
                System.out.println(left == 0 ? "All three instances serve " + v2.id()
                        : left + " instance(s) did not swap within 30 s");
                System.out.println("Journal of the swaps (shared by the fleet):");
                for (JournalEntry e : a.store().journal("deployments/" + MODEL + "/serving")) {
                    System.out.printf("  #%d %s -> %s by %s: %s%n", e.sequence(), e.oldValue(), e.newValue(), e.actor(),
                            e.reason());
                }
            } finally {
                watches.forEach(AliasWatch::close);
                instances.forEach(Lifecycle::close);
                stores.forEach(PostgresStore::close);
            }
        }
    }

    private static DatasetVersion data(Lifecycle lc, String name, double threshold) throws IOException {
        SeaStream stream = new SeaStream(11, Integer.MAX_VALUE, 0.05, threshold);
        Path csv = Files.createTempFile(name, ".csv");
        try {
            try (Writer w = Files.newBufferedWriter(csv)) {
                w.write(String.join(",", SeaStream.COLUMNS));
                w.write('\n');
                for (int i = 0; i < 2000; i++) {
                    Row r = stream.next();
                    w.write(String.format(Locale.ROOT, "%.6f,%.6f,%.6f,%s%n", r.number(0), r.number(1), r.number(2),
                            r.get(3)));
                }
            }
            return lc.datasets().importCsv(name, csv, Csv.forTarget("label"));
        } finally {
            Files.deleteIfExists(csv);
        }
    }
}
