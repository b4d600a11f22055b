package dev.lifecycle.core.store;

import dev.lifecycle.testsupport.ChildJvm;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.model.ModelVersion;
import dev.lifecycle.core.Lifecycle;
import dev.lifecycle.core.internal.Digests;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Tag;

/**
 * Acceptance: a writer killed with SIGKILL at any moment leaves the file store readable with every
 * committed version intact.
 *
 * <p>A child JVM ({@link CrashWriterMain}) imports CSVs and trains and registers models through the
 * public API in a loop and is killed at a seeded random moment 0–700 ms after its second commit,
 * {@value #KILLS} times against one store directory. The parent waits for the child's reported commits
 * (not for a fixed time) before it draws the delay, so a slow machine cannot make a child die before it
 * committed anything new, and every kill lands after at least two commits, mostly in the middle of a
 * later one. After every kill the store must open, every
 * version ref must load with verified digests, every object file must hash to its name, every version
 * the child reported as committed must be there, and no version seen earlier may change or vanish.
 * The next child warms up while the current one writes, so start-up costs little.
 */
@Tag("crash")
class FileStoreCrashTest {
    static final int KILLS = 50;
    private static final long SEED = 0x5EED_C0DEL;
    private static final Pattern VERSION_REF = Pattern.compile("(datasets|models)/([^/]+)/versions/(\\d+)");
    private static final Pattern OBJECT_NAME = Pattern.compile("[0-9a-f]{62}");

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void writersKilledAtRandomMomentsNeverLoseOrDamageCommittedVersions(@TempDir Path tmp) throws Exception {
        Path store = tmp.resolve("store");
        Path scratch = tmp.resolve("scratch");
        int kills = Integer.getInteger("lifecycle.crashTest.kills", KILLS);
        Random random = new Random(SEED);
        long started = System.nanoTime();
        Map<String, String> before = new TreeMap<>();
        int reportedCommits = 0;
        List<Integer> delays = new ArrayList<>();
        ChildJvm next = start(tmp, store, scratch, 0, random);
        try {
            for (int k = 0; k < kills; k++) {
                ChildJvm child = next;
                child.await("READY"::equals, 60_000, "READY");
                child.send("go");
                next = k + 1 < kills ? start(tmp, store, scratch, k + 1, random) : null;
                awaitCommits(child, 2);
                int delay = random.nextInt(701);
                delays.add(delay);
                Thread.sleep(delay);
                assertThat(child.isAlive()).as("child %d is still writing; stderr:%n%s", k, child.stderr()).isTrue();
                child.kill();

                List<String> committed = new ArrayList<>();
                for (String line : child.lines()) {
                    if (line.startsWith("COMMIT ")) {
                        committed.add(line.substring(line.lastIndexOf(' ') + 1));
                    }
                }
                reportedCommits += committed.size();
                Map<String, String> after = verify(store, committed, k);
                for (Map.Entry<String, String> e : before.entrySet()) {
                    assertThat(after.get(e.getKey())).as("after kill %d, version ref %s", k, e.getKey())
                            .isEqualTo(e.getValue());
                }
                assertThat(after.size()).as("committed versions after kill %d", k).isGreaterThanOrEqualTo(before.size());
                before = after;
            }
        } finally {
            if (next != null) {
                next.close();
            }
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        System.out.printf("FileStoreCrashTest: %d SIGKILLs in %d ms, kill delays %d-%d ms after the second commit, "
                + "%d commits reported by children, %d version refs in the store, %d object files%n", kills, millis,
                delays.stream().mapToInt(i -> i).min().orElse(0), delays.stream().mapToInt(i -> i).max().orElse(0),
                reportedCommits, before.size(), countObjects(store));
        assertThat(reportedCommits).as("commits reported by the children").isGreaterThanOrEqualTo(2 * kills);
        assertThat(before).as("versions written in total").hasSizeGreaterThan(kills);
    }

    /** Waits until the child has reported {@code n} commits. */
    private static void awaitCommits(ChildJvm child, int n) throws InterruptedException {
        child.await(new java.util.function.Predicate<>() {
            private int commits;

            @Override
            public boolean test(String line) {
                return line.startsWith("COMMIT ") && ++commits == n;
            }
        }, 60_000, n + " commits");
    }

    private static ChildJvm start(Path tmp, Path store, Path scratch, int k, Random random) throws Exception {
        return ChildJvm.start(CrashWriterMain.class, tmp.resolve("child-" + k + ".err"), store.toString(),
                scratch.toString(), Long.toString(random.nextLong()));
    }

    /**
     * Checks the store after a kill.
     *
     * @return every version ref with its manifest id
     */
    private static Map<String, String> verify(Path dir, List<String> committed, int kill) throws Exception {
        // the store opens: the journal replays, a torn tail is tolerated
        FileStore.open(dir).close();

        Map<String, String> versions = new TreeMap<>();
        try (Lifecycle lc = Lifecycle.open(dir)) {
            for (Map.Entry<String, String> ref : lc.store().refs("").entrySet()) {
                Matcher m = VERSION_REF.matcher(ref.getKey());
                if (!m.matches()) {
                    continue;
                }
                versions.put(ref.getKey(), ref.getValue());
                String name = m.group(2);
                int version = Integer.parseInt(m.group(3));
                // loading reads the manifest and every column / model object, each verified against its id,
                // and a dataset is checked against its recorded content digest
                if (m.group(1).equals("datasets")) {
                    DatasetVersion d = lc.datasets().get(name, version);
                    assertThat(d.id()).isEqualTo(name + "@" + version);
                    assertThat(d.size()).as("rows of %s", d.id()).isPositive();
                } else {
                    ModelVersion mv = lc.models().get(name, version);
                    assertThat(mv.id()).isEqualTo(name + "@" + version);
                    assertThat(mv.model()).isNotNull();
                }
            }
        }
        // every version the child reported as committed before it died survived
        for (String id : committed) {
            int at = id.lastIndexOf('@');
            String kind = id.startsWith("ds") ? "datasets/" : "models/";
            assertThat(versions).as("after kill %d, committed version %s", kill, id)
                    .containsKey(kind + id.substring(0, at) + "/versions/" + id.substring(at + 1));
        }
        // every visible object is complete: its bytes hash to its path
        Path objects = dir.resolve("objects");
        try (Stream<Path> files = Files.walk(objects)) {
            for (Path p : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                Path rel = objects.relativize(p);
                assertThat(rel.getNameCount()).as("object path %s", rel).isEqualTo(2);
                String prefix = rel.getName(0).toString();
                String rest = rel.getName(1).toString();
                assertThat(prefix).as("object dir %s", rel).matches("[0-9a-f]{2}");
                assertThat(rest).as("object file %s", rel).matches(OBJECT_NAME);
                assertThat(Digests.sha256Hex(Files.readAllBytes(p))).as("after kill %d, object %s", kill, rel)
                        .isEqualTo(prefix + rest);
            }
        }
        return versions;
    }

    private static long countObjects(Path dir) throws Exception {
        try (Stream<Path> files = Files.walk(dir.resolve("objects"))) {
            return files.filter(Files::isRegularFile).count();
        }
    }
}
