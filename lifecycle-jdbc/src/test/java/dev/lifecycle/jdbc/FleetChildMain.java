package dev.lifecycle.jdbc;

import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.deployment.Deployment;
import dev.lifecycle.api.model.Model;
import dev.lifecycle.api.model.ModelVersion;
import dev.lifecycle.core.Lifecycle;
import dev.lifecycle.core.deployment.Rollout;
import dev.lifecycle.core.tribuo.LogisticRegression;
import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;

/**
 * Child JVM of the fleet tests, one instance of a service sharing a PostgreSQL store.
 * Arguments: {@code <mode> <port> <schema> <model> ...}:
 * <ul>
 *   <li>{@code register <threads> <perThread> <moves>}: prints READY, waits for a line on stdin, then from
 *       each thread registers {@code perThread} versions and makes {@code moves} compare-and-set moves of
 *       alias {@code busy}; prints {@code VERSION n} per version and {@code DONE}.</li>
 *   <li>{@code writer}: registers versions forever, printing {@code COMMITTED n} after each returns (it is
 *       SIGKILLed at random moments).</li>
 *   <li>{@code follow}: deploys alias {@code champion}, follows it with an {@link AliasWatch}, serves
 *       requests on a thread, and prints {@code SWAPPED <version> <epoch micros>} at each swap.</li>
 * </ul>
 */
public final class FleetChildMain {
    private static final PrintStream OUT = new PrintStream(new FileOutputStream(FileDescriptor.out), true,
            StandardCharsets.UTF_8);

    private FleetChildMain() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        int port = Integer.parseInt(args[1]);
        String schema = args[2];
        String model = args[3];
        String me = mode + "-" + ProcessHandle.current().pid();
        int pool = mode.equals("register") ? Integer.parseInt(args[4]) + 2 : 4;
        try (PostgresStore store = Pg.store(port, schema, Clock.systemUTC()).poolSize(pool)
                .retryFor(Duration.ofSeconds(30)).connectTimeout(Duration.ofSeconds(5)).build();
                Lifecycle lc = Lifecycle.builder().store(store).actor(me).build()) {
            switch (mode) {
                case "register" -> register(lc, model, Integer.parseInt(args[4]), Integer.parseInt(args[5]),
                        Integer.parseInt(args[6]));
                case "writer" -> writer(lc, model);
                case "follow" -> follow(lc, model);
                default -> throw new IllegalArgumentException(mode);
            }
        }
    }

    private static void register(Lifecycle lc, String model, int threads, int perThread, int moves)
            throws Exception {
        LogisticRegression trainer = Fixtures.tinyTrainer();
        Model m = Fixtures.tinyModel();
        OUT.println("READY");
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        ConcurrentLinkedQueue<Integer> versions = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread w = new Thread(() -> {
                try {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        versions.add(lc.models().register(model, m, trainer, "tiny@1").version());
                    }
                    for (int i = 0; i < moves; i++) {
                        while (true) {
                            Integer now = lc.models().aliasVersion(model, "busy").orElse(null);
                            int next = now == null ? 1 : now % perThread + 1;
                            if (lc.models().moveAlias(model, "busy", now, next, "move " + i + " by "
                                    + Thread.currentThread().getName())) {
                                break;
                            }
                        }
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }, "register-" + t);
            w.start();
            workers.add(w);
        }
        start.countDown();
        for (Thread w : workers) {
            w.join();
        }
        if (!failures.isEmpty()) {
            failures.peek().printStackTrace();
            OUT.println("FAILED " + failures.size());
            return;
        }
        StringBuilder sb = new StringBuilder();
        for (int v : versions) {
            sb.append("VERSION ").append(v).append('\n');
        }
        OUT.print(sb);
        OUT.println("DONE");
    }

    private static void writer(Lifecycle lc, String model) {
        LogisticRegression trainer = Fixtures.tinyTrainer();
        Model m = Fixtures.tinyModel();
        OUT.println("READY");
        while (true) {
            ModelVersion v = lc.models().register(model, m, trainer, "tiny@1");
            OUT.println("COMMITTED " + v.version());
        }
    }

    private static void follow(Lifecycle lc, String model) throws IOException, InterruptedException {
        Deployment dep = lc.deploy(model, Rollout.alias("champion").warmUp(0));
        Row row = Row.of("a", 0.3, "b", 0.6);
        Thread serving = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    dep.predict(row);
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    OUT.println("PREDICT-FAILED " + e);
                }
            }
        }, "serving");
        serving.setDaemon(true);
        serving.start();
        int[] last = {dep.current().version()};
        try (AliasWatch watch = AliasWatch.builder(lc, new SwapReporting(dep, last), "champion")
                .pollEvery(Duration.ofSeconds(5)).start()) {
            OUT.println("READY " + dep.current().version());
            // runs until stdin closes or says stop
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null && !line.equals("stop")) {
                if (line.equals("stats")) {
                    OUT.println("STATS " + watch.stats());
                }
            }
        }
        serving.interrupt();
    }

    static long epochMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000 + now.getNano() / 1000;
    }

    /** The deployment, printing each swap with its time as the watch makes it. */
    private record SwapReporting(Deployment d, int[] last) implements Deployment {
        @Override
        public String name() {
            return d.name();
        }

        @Override
        public dev.lifecycle.api.model.Prediction predict(Row row) {
            return d.predict(row);
        }

        @Override
        public List<dev.lifecycle.api.model.Prediction> predictAll(List<Row> rows) {
            return d.predictAll(rows);
        }

        @Override
        public ModelVersion current() {
            return d.current();
        }

        @Override
        public ModelVersion swap(ModelVersion next, String reason) {
            ModelVersion before = d.swap(next, reason);
            OUT.println("SWAPPED " + next.version() + " " + epochMicros());
            return before;
        }

        @Override
        public dev.lifecycle.api.deployment.FeedbackOutcome feedback(long predictionId, String label) {
            return d.feedback(predictionId, label);
        }

        @Override
        public void rollback(String reason) {
            d.rollback(reason);
        }

        @Override
        public dev.lifecycle.api.deployment.DeploymentMetrics metrics() {
            return d.metrics();
        }

        @Override
        public void flush() {
            d.flush();
        }

        @Override
        public void close() {
            d.close();
        }
    }
}
