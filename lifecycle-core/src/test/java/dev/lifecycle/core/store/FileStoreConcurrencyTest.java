package dev.lifecycle.core.store;

import dev.lifecycle.testsupport.ChildJvm;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lifecycle.api.model.Model;
import dev.lifecycle.api.model.ModelVersion;
import dev.lifecycle.api.store.JournalEntry;
import dev.lifecycle.core.Lifecycle;
import dev.lifecycle.core.tribuo.LogisticRegression;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Tag;

/**
 * Acceptance: many writers in several threads and JVMs registering versions of one model at once get
 * unique, gap-free version numbers, and the journal records every one of them.
 */
@Tag("slow")
class FileStoreConcurrencyTest {
    private static final String MODEL = "shared-model";
    private static Model model;
    private static LogisticRegression trainer;

    @TempDir
    Path dir;

    @BeforeAll
    static void trainTinyModel() {
        model = StoreFixtures.tinyModel();
        trainer = StoreFixtures.tinyTrainer();
    }

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void eightThreadsInEachOfTwoJvmsGetVersionsOneTo160WithoutGapsOrDuplicates() throws Exception {
        Path store = dir.resolve("store");
        int threads = 8;
        int perThread = 10;
        List<ChildJvm> children = new ArrayList<>();
        try {
            for (int c = 0; c < 2; c++) {
                children.add(ChildJvm.start(ConcurrentRegisterMain.class, dir.resolve("child-" + c + ".err"),
                        store.toString(), MODEL, Integer.toString(threads), Integer.toString(perThread)));
            }
            for (ChildJvm c : children) {
                c.await("READY"::equals, 60_000, "READY");
            }
            long started = System.nanoTime();
            for (ChildJvm c : children) {
                c.send("go");
            }
            // every child is held at half way until both got there: each one's second half is written after
            // the other's first half, so the two JVMs provably wrote the same model concurrently
            for (ChildJvm c : children) {
                c.await("HALF"::equals, 120_000, "HALF");
            }
            for (ChildJvm c : children) {
                c.send("go on");
            }
            List<Integer> versions = new ArrayList<>();
            List<List<Integer>> firstHalves = new ArrayList<>();
            List<List<Integer>> secondHalves = new ArrayList<>();
            for (ChildJvm c : children) {
                assertThat(c.waitFor(120_000)).as("exit code; stderr:%n%s", c.stderr()).isZero();
                List<String> lines = c.lines();
                assertThat(lines).contains("HALF", "DONE");
                int half = lines.indexOf("HALF");
                firstHalves.add(versionsIn(lines.subList(0, half)));
                secondHalves.add(versionsIn(lines.subList(half, lines.size())));
                List<Integer> mine = versionsIn(lines);
                assertThat(mine).as("versions registered by one child").hasSize(threads * perThread);
                versions.addAll(mine);
            }
            System.out.printf("FileStoreConcurrencyTest: 2 JVMs x %d threads registered %d versions in %d ms%n",
                    threads, versions.size(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            assertGapFree(store, versions, 2 * threads * perThread);
            // the halves were ordered by the signals: each child's first half precedes the other's second half
            for (int c = 0; c < 2; c++) {
                assertThat(Collections.max(firstHalves.get(c))).as("child %d first half", c)
                        .isLessThan(Collections.min(secondHalves.get(1 - c)));
            }
            try (FileStore fs = FileStore.open(store)) {
                assertThat(fs.journal("models/" + MODEL + "/versions/")).extracting(JournalEntry::actor)
                        .as("actors (one per child JVM)").containsOnly(children.stream()
                                .map(c -> "child-" + c.pid()).toArray(String[]::new));
            }
        } finally {
            children.forEach(ChildJvm::close);
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void eightThreadsSharingOneFileStoreGetGapFreeVersions() throws Exception {
        Path store = dir.resolve("store");
        List<Integer> versions;
        try (FileStore fs = FileStore.open(store); Lifecycle lc = Lifecycle.builder().store(fs).build()) {
            versions = ConcurrentRegisterMain.register(lc, MODEL, model, trainer, 8, 10);
        }
        assertGapFree(store, versions, 80);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void eightThreadsEachWithItsOwnFileStoreOnOneDirectoryGetGapFreeVersions() throws Exception {
        Path store = dir.resolve("store");
        int threads = 8;
        int perThread = 10;
        ConcurrentLinkedQueue<Integer> versions = new ConcurrentLinkedQueue<>();
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        CyclicBarrier opened = new CyclicBarrier(threads);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread w = new Thread(() -> {
                try (Lifecycle lc = Lifecycle.open(store)) {
                    opened.await(30, TimeUnit.SECONDS);
                    for (int i = 0; i < perThread; i++) {
                        versions.add(lc.models().register(MODEL, model, trainer, "tiny@1").version());
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }, "own-store-" + t);
            workers.add(w);
            w.start();
        }
        for (Thread w : workers) {
            w.join();
        }
        assertThat(failures).as("failures of threads with their own FileStore").isEmpty();
        assertGapFree(store, new ArrayList<>(versions), threads * perThread);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void openingAStoreWhileAnotherInstanceWritesObjectsNeverFails() throws Exception {
        Path store = dir.resolve("store");
        FileStore.open(store).close();
        AtomicBoolean stop = new AtomicBoolean();
        java.util.concurrent.Semaphore written = new java.util.concurrent.Semaphore(0);
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        Thread writer = new Thread(() -> {
            try (FileStore fs = FileStore.open(store)) {
                for (int i = 0; !stop.get(); i++) {
                    fs.put(("object " + i).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    written.release();
                }
            } catch (Throwable e) {
                failures.add(e);
            }
        }, "object-writer");
        writer.start();
        try {
            // each open follows a fresh put of the still running writer: opens and writes interleave by signal
            for (int opens = 0; opens < 200 && failures.isEmpty(); opens++) {
                if (!written.tryAcquire(30, TimeUnit.SECONDS)) {
                    failures.add(new AssertionError("the writer stopped writing"));
                    break;
                }
                try {
                    FileStore.open(store).close();
                } catch (Throwable e) {
                    failures.add(e);
                }
            }
        } finally {
            stop.set(true);
            writer.join();
        }
        assertThat(failures).as("failures while one instance opens and another writes").isEmpty();
    }

    private static List<Integer> versionsIn(List<String> lines) {
        return lines.stream().filter(l -> l.startsWith("VERSION ")).map(l -> Integer.parseInt(l.substring(8)))
                .collect(Collectors.toList());
    }

    /** Versions are exactly 1..n, in the registry and in the journal, each created once. */
    private static void assertGapFree(Path store, List<Integer> reported, int n) {
        List<Integer> expected = IntStream.rangeClosed(1, n).boxed().collect(Collectors.toList());
        assertThat(reported).as("version numbers returned to the writers").hasSize(n)
                .containsExactlyInAnyOrderElementsOf(expected);
        try (Lifecycle lc = Lifecycle.open(store)) {
            assertThat(lc.models().versions(MODEL)).isEqualTo(expected);
            List<JournalEntry> journal = lc.store().journal("models/" + MODEL + "/versions/");
            assertThat(journal).as("journal of the version refs").hasSize(n);
            Set<String> refs = new HashSet<>();
            for (JournalEntry e : journal) {
                assertThat(e.oldValue()).as("%s is created, not changed", e.ref()).isNull();
                assertThat(e.newValue()).isNotNull();
                assertThat(lc.store().ref(e.ref())).contains(e.newValue());
                assertThat(e.actor()).isNotBlank();
                assertThat(e.time()).isNotNull();
                refs.add(e.ref());
            }
            assertThat(refs).containsExactlyInAnyOrderElementsOf(
                    expected.stream().map(v -> "models/" + MODEL + "/versions/" + v).collect(Collectors.toList()));
            // journal order is commit order, so version numbers appear in ascending order
            assertThat(journal).extracting(e -> Integer.parseInt(e.ref().substring(e.ref().lastIndexOf('/') + 1)))
                    .isEqualTo(expected);
            for (int v : new int[] {1, n / 2, n}) {
                ModelVersion mv = lc.models().get(MODEL, v);
                assertThat(mv.version()).isEqualTo(v);
                assertThat(mv.dataset()).isEqualTo("tiny@1");
            }
        }
    }
}
