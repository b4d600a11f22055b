package dev.lifecycle.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.deployment.Deployment;
import dev.lifecycle.api.model.Model;
import dev.lifecycle.api.model.ModelVersion;
import dev.lifecycle.api.monitoring.Alert;
import dev.lifecycle.api.monitoring.AlertKind;
import dev.lifecycle.api.store.StoreException;
import dev.lifecycle.core.Lifecycle;
import dev.lifecycle.core.deployment.Rollout;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The database server stops and starts again mid-run: serving never stops, writes fail with a typed
 * {@link StoreException} while it is down and work again after, nothing committed is lost, the outage is
 * counted and alerted, and the alias watch follows moves again without a restart of the client.
 */
class DatabaseRestartTest {
    private static final String MODEL = "pricing";

    @TempDir
    Path tmp;

    private static EmbeddedPostgres start(Path data, int port) throws IOException {
        return EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).setPort(port).start();
    }

    @Test
    void serverRestartLosesNothingCommittedAndServingNeverStops() throws Exception {
        Path data = tmp.resolve("pgdata");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        EmbeddedPostgres pg = start(data, port);
        List<StoreHealth> healthEvents = new CopyOnWriteArrayList<>();
        List<Alert> alerts = new CopyOnWriteArrayList<>();
        List<Integer> committed = new CopyOnWriteArrayList<>();
        AtomicLong writeFailures = new AtomicLong();
        List<RuntimeException> untypedFailures = new CopyOnWriteArrayList<>();
        AtomicLong predictions = new AtomicLong();
        AtomicLong predictErrors = new AtomicLong();
        Model m = Fixtures.tinyModel();
        try (PostgresStore store = Pg.store(port, "restart", Clock.systemUTC()).retryFor(Duration.ofMillis(500))
                .healthListener(healthEvents::add).build();
                Lifecycle lc = Lifecycle.builder().store(store).actor("instance-a").build()) {
            ModelVersion v1 = lc.models().register(MODEL, m, Fixtures.tinyTrainer(), "tiny@1");
            ModelVersion v2 = lc.models().register(MODEL, m, Fixtures.tinyTrainer(), "tiny@1");
            committed.add(v1.version());
            committed.add(v2.version());
            lc.models().setAlias(MODEL, "champion", v1, "first");
            Deployment dep = lc.deploy(MODEL, Rollout.alias("champion").warmUp(0));
            AliasWatch watch = AliasWatch.builder(lc, dep, "champion").pollEvery(Duration.ofMillis(200))
                    .alertListener(alerts::add).start();
            Row row = Row.of("a", 0.2, "b", 0.9);
            Thread serving = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    try {
                        dep.predict(row);
                        predictions.incrementAndGet();
                    } catch (RuntimeException e) {
                        predictErrors.incrementAndGet();
                    }
                    Thread.onSpinWait();
                }
            }, "serving");
            Thread writer = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    try {
                        committed.add(lc.models().register(MODEL, m, Fixtures.tinyTrainer(), "tiny@1").version());
                    } catch (StoreException e) {
                        writeFailures.incrementAndGet();
                    } catch (RuntimeException e) {
                        untypedFailures.add(e);
                    }
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "writer");
            serving.start();
            writer.start();
            try {
                await(() -> committed.size() >= 5, "five versions committed before the outage");
                pg.close(); // the server stops; its data directory stays
                long servedAtStop = predictions.get();
                await(() -> writeFailures.get() >= 2, "writes failing while the server is down");
                await(() -> watch.stats().outages() >= 1, "the watch noticing the outage");
                await(() -> predictions.get() > servedAtStop + 1000, "serving while the server is down");
                assertThat(store.health().reachable()).isFalse();
                int committedDuringOutage = committed.size();
                pg = start(data, port);
                await(() -> committed.size() >= committedDuringOutage + 3, "writes after the restart");
                lc.models().setAlias(MODEL, "champion", v2, "after the restart");
                await(() -> dep.current().version() == 2, "the watch following a move after the restart");
            } finally {
                writer.interrupt();
                writer.join(30_000);
                serving.interrupt();
                serving.join(10_000);
                watch.close();
            }
            assertThat(predictErrors.get()).as("predict failures").isZero();
            assertThat(untypedFailures).as("failures that are not a StoreException").isEmpty();
            List<Integer> versions = lc.models().versions(MODEL);
            assertThat(versions).containsAll(committed);
            assertThat(versions).containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, versions.size())
                    .boxed().toList());
            for (int v : versions) {
                lc.models().get(MODEL, v);
            }
            StoreHealth h = store.health();
            assertThat(h.reachable()).isTrue();
            assertThat(h.outages()).isGreaterThanOrEqualTo(1);
            assertThat(h.failedCalls()).isGreaterThanOrEqualTo(2);
            assertThat(healthEvents).anySatisfy(e -> assertThat(e.reachable()).isFalse())
                    .anySatisfy(e -> assertThat(e.reachable()).isTrue());
            assertThat(alerts).anySatisfy(a -> {
                assertThat(a.kind()).isEqualTo(AlertKind.STORE_UNREACHABLE);
                assertThat(a.message()).contains("keeps serving " + MODEL + "@1");
            });
            assertThat(store.journal("deployments/" + MODEL + "/serving")).last()
                    .satisfies(e -> assertThat(e.reason()).contains("follow alias champion").contains("after the restart"));
            System.out.printf("RESTART: %d predictions, 0 failed; %d versions committed, %d writes refused while down;"
                    + " health %s%n", predictions.get(), committed.size(), writeFailures.get(), h);
        } finally {
            pg.close();
        }
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }
}
