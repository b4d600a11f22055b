package dev.lifecycle.jdbc;

import dev.lifecycle.testsupport.ChildJvm;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lifecycle.api.model.Model;
import dev.lifecycle.api.model.ModelVersion;
import dev.lifecycle.api.store.JournalEntry;
import dev.lifecycle.core.Lifecycle;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several service instances (child JVMs) share one PostgreSQL store: concurrent registration, SIGKILLed
 * writers, and instances following an alias. One server for the class, a schema per test.
 */
class FleetProcessesTest {
    private static final String MODEL = "fraud";
    private static EmbeddedPostgres pg;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startDatabase() {
        pg = Pg.start();
    }

    @AfterAll
    static void stopDatabase() throws Exception {
        if (pg != null) {
            pg.close();
        }
    }

    private PostgresStore store(String schema) {
        return Pg.store(pg.getPort(), schema, Clock.systemUTC()).build();
    }

    private ChildJvm child(String name, String... args) throws Exception {
        return ChildJvm.start(FleetChildMain.class, tmp.resolve(name + ".err"), args);
    }

    @Test
    void fourJvmsOfEightThreadsRegisterVersionsWithoutGapsAndLoseNoAliasMove() throws Exception {
        String schema = Pg.freshSchema("register");
        int jvms = 4;
        int threads = 8;
        int perThread = 3;
        int moves = 2;
        try (PostgresStore s = store(schema)) {
            // the schema exists before the children race to it
        }
        List<ChildJvm> children = new ArrayList<>();
        try {
            for (int i = 0; i < jvms; i++) {
                children.add(child("register-" + i, "register", Integer.toString(pg.getPort()), schema, MODEL,
                        Integer.toString(threads), Integer.toString(perThread), Integer.toString(moves)));
            }
            for (ChildJvm c : children) {
                c.await("READY"::equals, 120_000, "READY");
            }
            for (ChildJvm c : children) {
                c.send("go");
            }
            List<Integer> reported = new ArrayList<>();
            for (ChildJvm c : children) {
                c.await(l -> l.equals("DONE") || l.startsWith("FAILED"), 180_000, "DONE");
                assertThat(c.lines()).as("child stderr: %s", c.stderr()).noneMatch(l -> l.startsWith("FAILED"));
                c.lines().stream().filter(l -> l.startsWith("VERSION ")).map(l -> Integer.parseInt(l.substring(8)))
                        .forEach(reported::add);
            }
            int n = jvms * threads * perThread;
            assertThat(reported).hasSize(n).doesNotHaveDuplicates();
            assertThat(new TreeSet<>(reported)).containsExactlyElementsOf(IntStream.rangeClosed(1, n).boxed().toList());
            try (PostgresStore s = store(schema); Lifecycle lc = Lifecycle.builder().store(s).build()) {
                assertThat(lc.models().versions(MODEL)).hasSize(n).containsExactlyElementsOf(
                        IntStream.rangeClosed(1, n).boxed().toList());
                List<JournalEntry> registered = s.journal("models/" + MODEL + "/versions/");
                assertThat(registered).hasSize(n);
                assertThat(registered).extracting(JournalEntry::ref).doesNotHaveDuplicates();
                assertIncreasing(registered);
                List<JournalEntry> busy = lc.models().aliasHistory(MODEL, "busy");
                assertThat(busy).as("every compare-and-set move of the alias is journaled").hasSize(jvms * threads * moves);
                assertThat(busy.get(0).oldValue()).isNull();
                for (int i = 1; i < busy.size(); i++) {
                    assertThat(busy.get(i).oldValue()).as("move %d starts where move %d ended", i, i - 1)
                            .isEqualTo(busy.get(i - 1).newValue());
                }
                assertIncreasing(busy);
                assertThat(s.journal("")).extracting(JournalEntry::sequence).doesNotHaveDuplicates();
            }
        } finally {
            children.forEach(ChildJvm::close);
        }
    }

    @Test
    void everyVersionCommittedBeforeASigkillReadsBackVerified() throws Exception {
        String schema = Pg.freshSchema("kill");
        int kills = Integer.getInteger("jdbc.kills", 5);
        Random random = new Random(19);
        Set<Integer> committed = new HashSet<>();
        try (PostgresStore s = store(schema)) {
            // migrate once
        }
        long start = System.nanoTime();
        for (int k = 0; k < kills; k++) {
            try (ChildJvm c = child("writer-" + k, "writer", Integer.toString(pg.getPort()), schema, MODEL)) {
                c.await("READY"::equals, 120_000, "READY");
                // a random moment while it writes: after 1 to 3 commits, then up to 300 ms into the next ones
                int after = 1 + random.nextInt(3);
                java.util.concurrent.atomic.AtomicInteger seen = new java.util.concurrent.atomic.AtomicInteger();
                c.await(l -> l.startsWith("COMMITTED ") && seen.incrementAndGet() >= after, 120_000, "commits");
                Thread.sleep(random.nextInt(300));
                c.kill();
                c.lines().stream().filter(l -> l.startsWith("COMMITTED ")).map(l -> Integer.parseInt(l.substring(10)))
                        .forEach(committed::add);
            }
        }
        try (PostgresStore s = store(schema); Lifecycle lc = Lifecycle.builder().store(s).build()) {
            List<Integer> versions = lc.models().versions(MODEL);
            int max = versions.isEmpty() ? 0 : versions.get(versions.size() - 1);
            assertThat(versions).as("no gap").containsExactlyElementsOf(IntStream.rangeClosed(1, max).boxed().toList());
            assertThat(committed).as("the writers committed something before they were killed").isNotEmpty();
            assertThat(versions).containsAll(committed);
            for (int v : versions) {
                ModelVersion mv = lc.models().get(MODEL, v); // manifest and model bytes verified against their ids
                assertThat(mv.model()).isNotNull();
            }
            assertThat(s.journal("models/" + MODEL + "/versions/")).hasSize(versions.size());
            System.out.printf("SIGKILL: %d kills in %.1f s, %d versions reported committed, %d in the store (%d"
                    + " committed but killed before reporting), all %d read back verified%n", kills,
                    (System.nanoTime() - start) / 1e9, committed.size(), versions.size(),
                    versions.size() - committed.size(), versions.size());
        }
    }

    @Test
    void threeInstancesFollowingChampionAllSwapAfterAMove() throws Exception {
        String schema = Pg.freshSchema("follow");
        int moves = Integer.getInteger("jdbc.moves", 20);
        List<ChildJvm> children = new ArrayList<>();
        try (PostgresStore s = store(schema); Lifecycle lc = Lifecycle.builder().store(s).actor("release-bot").build()) {
            Model m = Fixtures.tinyModel();
            ModelVersion v1 = lc.models().register(MODEL, m, Fixtures.tinyTrainer(), "tiny@1");
            ModelVersion v2 = lc.models().register(MODEL, m, Fixtures.tinyTrainer(), "tiny@1");
            lc.models().setAlias(MODEL, "champion", v1, "first champion");
            for (int i = 0; i < 3; i++) {
                children.add(child("follow-" + i, "follow", Integer.toString(pg.getPort()), schema, MODEL));
            }
            for (ChildJvm c : children) {
                c.await(l -> l.startsWith("READY"), 120_000, "READY");
            }
            List<Long> micros = new ArrayList<>();
            for (int i = 1; i <= moves; i++) {
                ModelVersion target = i % 2 == 1 ? v2 : v1;
                long t0 = FleetChildMain.epochMicros();
                lc.models().setAlias(MODEL, "champion", target, "move " + i);
                long last = 0;
                for (ChildJvm c : children) {
                    String line = awaitNth(c, "SWAPPED ", i, 30_000);
                    String[] parts = line.split(" ");
                    assertThat(Integer.parseInt(parts[1])).isEqualTo(target.version());
                    last = Math.max(last, Long.parseLong(parts[2]));
                }
                micros.add(last - t0);
            }
            for (ChildJvm c : children) {
                assertThat(c.lines()).noneMatch(l -> l.startsWith("PREDICT-FAILED"));
            }
            List<JournalEntry> serving = s.journal("deployments/" + MODEL + "/serving");
            assertThat(serving).filteredOn(e -> e.reason().startsWith("follow alias champion"))
                    .hasSize(3 * moves)
                    .allSatisfy(e -> assertThat(e.reason()).contains("by release-bot").contains("move "));
            List<Long> sorted = micros.stream().sorted().toList();
            System.out.printf("FOLLOW: %d moves, 3 instances, move-to-last-swap ms: p50 %.1f, p99 %.1f, max %.1f, all %s%n",
                    moves, sorted.get(sorted.size() / 2) / 1000.0,
                    sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * 0.99) - 1)) / 1000.0,
                    sorted.get(sorted.size() - 1) / 1000.0,
                    sorted.stream().map(x -> String.format("%.0f", x / 1000.0)).collect(Collectors.joining(",")));
            for (ChildJvm c : children) {
                c.send("stop");
            }
            for (ChildJvm c : children) {
                c.waitFor(30_000);
            }
        } finally {
            children.forEach(ChildJvm::close);
        }
    }

    /** Waits until the child printed its {@code n}-th line starting with {@code prefix}, and returns it. */
    private static String awaitNth(ChildJvm c, String prefix, int n, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        while (true) {
            List<String> found = c.lines().stream().filter(l -> l.startsWith(prefix)).toList();
            if (found.size() >= n) {
                return found.get(n - 1);
            }
            if (System.nanoTime() > deadline || !c.isAlive()) {
                throw new AssertionError("Child " + c.pid() + " printed " + found.size() + " lines " + prefix + ", not "
                        + n + "; stderr:\n" + c.stderr());
            }
            Thread.sleep(2);
        }
    }

    private static void assertIncreasing(List<JournalEntry> entries) {
        for (int i = 1; i < entries.size(); i++) {
            assertThat(entries.get(i).sequence()).isGreaterThan(entries.get(i - 1).sequence());
        }
    }
}
