package dev.lifecycle.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.store.CorruptObjectException;
import dev.lifecycle.api.store.ImmutableRefException;
import dev.lifecycle.api.store.MissingObjectException;
import dev.lifecycle.api.store.ObjectId;
import dev.lifecycle.api.store.ReadOnlyStoreException;
import dev.lifecycle.api.store.StoreDamagedException;
import dev.lifecycle.core.Lifecycle;
import dev.lifecycle.core.data.Csv;
import dev.lifecycle.core.internal.DatasetManifest;
import dev.lifecycle.core.internal.Json;
import dev.lifecycle.core.store.StoreReports.GcReport;
import dev.lifecycle.core.store.StoreReports.RepairReport;
import dev.lifecycle.core.store.StoreReports.VerifyReport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Tag;

/**
 * The store as an adversary finds it: changed history, emptied journals, rewritten version refs,
 * swapped manifests, deleted or corrupt objects, junk in tmp/. Each case ends in a typed error naming
 * what is damaged, or in correct behaviour; verify finds what was planted, repair brings the store back.
 */
@Tag("fast")
class StoreDamageTest {
    @TempDir
    Path dir;

    private Path csv(int seed, int rows) throws IOException {
        Path csv = dir.resolve("data-" + seed + ".csv");
        Files.writeString(csv, CrashWriterMain.csv(new Random(seed), rows));
        return csv;
    }

    /** Three versions of dataset elec and two of model m. */
    private Path populated() throws IOException {
        Path home = dir.resolve("home");
        try (Lifecycle lc = Lifecycle.open(home)) {
            for (int i = 1; i <= 3; i++) {
                lc.datasets().importCsv("elec", csv(i, 20 + i), Csv.forTarget("y"));
            }
            lc.models().register("m", StoreFixtures.tinyModel(), StoreFixtures.tinyTrainer(), "elec@1");
            lc.models().register("m", StoreFixtures.tinyModel(), StoreFixtures.tinyTrainer(), "elec@2");
            lc.models().setAlias("m", "champion", lc.models().get("m", 2), "best");
        }
        return home;
    }

    private static String journal(Path home) throws IOException {
        return Files.readString(home.resolve("journal"));
    }

    private static void deleteCheckpoint(Path home) throws IOException {
        Files.deleteIfExists(home.resolve("checkpoint"));
    }

    @Test
    void aJournalLineWhoseOldValueMatchesNothingIsDamageNotReplayed() throws IOException {
        Path home = populated();
        String elec1;
        String elec2;
        try (FileStore s = FileStore.open(home)) {
            elec1 = s.ref("datasets/elec/versions/1").orElseThrow();
            elec2 = s.ref("datasets/elec/versions/2").orElseThrow();
        }
        // a forged line that "moves" version 1 to version 2's manifest from a value it never had
        String forged = "{\"ref\":\"datasets/elec/versions/1\",\"old\":\"" + "0".repeat(64) + "\",\"new\":\"" + elec2
                + "\",\"actor\":\"x\",\"reason\":\"x\",\"time\":\"2024-01-01T00:00:00Z\"}\n";
        Files.writeString(home.resolve("journal"), forged, StandardOpenOption.APPEND);
        assertThatThrownBy(() -> FileStore.open(home)).isInstanceOf(StoreDamagedException.class)
                .hasMessageContaining("datasets/elec/versions/1").hasMessageContaining("repair");
        VerifyReport v = StoreMaintenance.verify(home);
        assertThat(v.damages()).anySatisfy(d -> assertThat(d.subject()).startsWith("journal line at byte"));
        RepairReport r = StoreMaintenance.repair(home);
        assertThat(r.journalLinesQuarantined()).isEqualTo(1);
        try (Lifecycle lc = Lifecycle.open(home)) {
            assertThat(lc.store().ref("datasets/elec/versions/1")).contains(elec1);
            assertThat(lc.datasets().get("elec", 1).version()).isEqualTo(1);
        }
        assertThat(StoreMaintenance.verify(home).ok()).isTrue();
    }

    @Test
    void anEmptiedJournalIsRefusedAndRepairRestoresEveryVersionFromTheCheckpoint() throws IOException {
        Path home = populated();
        Map<String, String> before;
        try (FileStore s = FileStore.open(home)) {
            before = s.refs("");
        }
        Files.write(home.resolve("journal"), new byte[0]);
        assertThatThrownBy(() -> FileStore.open(home)).isInstanceOf(StoreDamagedException.class)
                .hasMessageContaining("emptied").hasMessageContaining("repair");
        assertThat(StoreMaintenance.verify(home).ok()).isFalse();
        StoreMaintenance.repair(home);
        try (Lifecycle lc = Lifecycle.open(home)) {
            // every version and content index entry comes back, and the alias from its ref file
            assertThat(lc.models().alias("m", "champion").map(mv -> mv.version())).contains(2);
            assertThat(lc.store().refs("datasets/")).containsAllEntriesOf(dataRefs(before));
            assertThat(lc.models().versions("m")).containsExactly(1, 2);
            assertThat(lc.datasets().dataset("elec").versions()).containsExactly(1, 2, 3);
            DatasetVersion next = lc.datasets().importCsv("elec", csv(9, 25), Csv.forTarget("y"));
            assertThat(next.version()).as("the next import does not reuse version 1").isEqualTo(4);
        }
    }

    private static Map<String, String> dataRefs(Map<String, String> refs) {
        Map<String, String> out = new java.util.TreeMap<>(refs);
        out.keySet().removeIf(k -> !k.startsWith("datasets/"));
        return out;
    }

    @Test
    void aDeletedJournalAndCheckpointAreRebuiltFromTheManifests() throws IOException {
        Path home = populated();
        Files.delete(home.resolve("journal"));
        deleteCheckpoint(home);
        VerifyReport v = StoreMaintenance.verify(home);
        assertThat(v.damages()).anySatisfy(d -> assertThat(d.problem()).contains("empty or missing"));
        RepairReport r = StoreMaintenance.repair(home);
        assertThat(r.refsRebuilt()).as("5 versions from manifests, the alias from its ref file").isEqualTo(6);
        assertThat(r.notRecovered()).isEmpty();
        try (Lifecycle lc = Lifecycle.open(home)) {
            assertThat(lc.models().alias("m", "champion").map(mv -> mv.version())).contains(2);
            assertThat(lc.datasets().dataset("elec").versions()).containsExactly(1, 2, 3);
            assertThat(lc.models().versions("m")).containsExactly(1, 2);
            assertThat(lc.datasets().get("elec", 3).name()).isEqualTo("elec");
            assertThat(lc.models().get("m", 2).version()).isEqualTo(2);
            // the content index is rebuilt too: importing version 2's data again finds version 2
            assertThat(lc.datasets().importCsv("elec", csv(2, 22), Csv.forTarget("y")).version()).isEqualTo(2);
        }
        assertThat(StoreMaintenance.verify(home).ok()).isTrue();
    }

    @Test
    void versionRefsCannotBeRewrittenOrDeletedThroughThePublicStore() throws IOException {
        Path home = populated();
        try (Lifecycle lc = Lifecycle.open(home)) {
            String v1 = lc.store().ref("datasets/elec/versions/1").orElseThrow();
            String v2 = lc.store().ref("datasets/elec/versions/2").orElseThrow();
            assertThatThrownBy(() -> lc.store().compareAndSet("datasets/elec/versions/1", v1, v2, "x", "x"))
                    .isInstanceOf(ImmutableRefException.class).hasMessageContaining("datasets/elec/versions/1");
            assertThatThrownBy(() -> lc.store().compareAndSet("models/m/versions/1",
                    lc.store().ref("models/m/versions/1").orElseThrow(), null, "x", "x"))
                    .isInstanceOf(ImmutableRefException.class).hasMessageContaining("deleted");
            assertThat(lc.store().ref("datasets/elec/versions/1")).contains(v1);
        }
        try (MemoryStore m = new MemoryStore()) {
            m.compareAndSet("datasets/x/versions/1", null, "a", "x", "x");
            assertThatThrownBy(() -> m.compareAndSet("datasets/x/versions/1", "a", "b", "x", "x"))
                    .isInstanceOf(ImmutableRefException.class);
        }
    }

    @Test
    void aManifestOfAnotherVersionIsRefusedOnLoadAndReportedByVerify() throws IOException {
        Path home = populated();
        // a ref to version 2's manifest planted as version 7 (a raw journal line that follows correctly)
        String m2;
        try (FileStore s = FileStore.open(home)) {
            m2 = s.ref("datasets/elec/versions/2").orElseThrow();
            s.compareAndSet("datasets/elec/versions/7", null, m2, "mallory", "plant");
        }
        try (Lifecycle lc = Lifecycle.open(home)) {
            assertThatThrownBy(() -> lc.datasets().get("elec", 7)).isInstanceOf(StoreDamagedException.class)
                    .hasMessageContaining("elec@7").hasMessageContaining("elec@2");
            // the genuine version is still served, also after the bad one was asked for
            assertThat(lc.datasets().get("elec", 2).version()).isEqualTo(2);
        }
        VerifyReport v = StoreMaintenance.verify(home);
        assertThat(v.damages()).singleElement().satisfies(d -> assertThat(d.subject()).isEqualTo("dataset elec@7"));
        RepairReport r = StoreMaintenance.repair(home);
        assertThat(r.refsRemoved()).isEqualTo(1);
        assertThat(StoreMaintenance.verify(home).ok()).isTrue();
    }

    @Test
    void untypedErrorsOfTheIssueAreTyped() throws IOException {
        Path home = populated();
        try (Lifecycle lc = Lifecycle.open(home)) {
            assertThatThrownBy(() -> lc.datasets().get("elec@abc")).isExactlyInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("elec@abc");
            lc.store().compareAndSet("datasets/raw", null, "x", "x", "a raw ref directly under datasets/");
            lc.store().compareAndSet("datasets/elec/versions/latest", null, "x", "x", "not a number");
            assertThat(lc.datasets().names()).containsExactly("elec");
            assertThat(lc.datasets().dataset("elec").versions()).containsExactly(1, 2, 3);
            // a non-JSON object with a valid hash named as a version's manifest
            ObjectId junk = lc.store().put("not json at all".getBytes(StandardCharsets.UTF_8));
            lc.store().compareAndSet("models/m/versions/3", null, junk.hex(), "mallory", "plant");
            assertThatThrownBy(() -> lc.models().get("m", 3)).isInstanceOf(StoreDamagedException.class)
                    .hasMessageContaining("m@3").hasMessageContaining(junk.hex());
        }
    }

    @Test
    void aDeletedObjectIsDamageNamingTheVersionAndAReImportHealsIt() throws IOException {
        Path home = populated();
        ObjectId column;
        try (FileStore s = FileStore.open(home)) {
            DatasetManifest m = Json.read(s.get(new ObjectId(s.ref("datasets/elec/versions/2").orElseThrow())),
                    DatasetManifest.class);
            column = new ObjectId(m.columns().get(0));
            Files.delete(s.objectPath(column));
        }
        try (Lifecycle lc = Lifecycle.open(home)) {
            assertThatThrownBy(() -> lc.datasets().get("elec", 2))
                    .isInstanceOfSatisfying(MissingObjectException.class, e -> assertThat(e.id()).isEqualTo(column))
                    .isInstanceOf(CorruptObjectException.class).hasMessageContaining("elec@2");
        }
        assertThat(StoreMaintenance.verify(home).damages()).singleElement()
                .satisfies(d -> assertThat(d.toString()).contains("dataset elec@2", column.hex(), "missing"));
        try (Lifecycle lc = Lifecycle.open(home)) {
            assertThat(lc.datasets().importCsv("elec", csv(2, 22), Csv.forTarget("y")).version()).isEqualTo(2);
            assertThat(lc.datasets().get("elec", 2).size()).isEqualTo(22);
        }
        assertThat(StoreMaintenance.verify(home).ok()).isTrue();
    }

    @Test
    void aCorruptObjectIsHealedByPuttingTheSameBytesAgain() throws IOException {
        try (FileStore s = FileStore.open(dir.resolve("s"))) {
            byte[] data = "the same bytes".getBytes(StandardCharsets.UTF_8);
            ObjectId id = s.put(data);
            FileStoreTest.flipOneByte(dir.resolve("s"), id);
            assertThatThrownBy(() -> s.get(id)).isInstanceOf(CorruptObjectException.class);
            assertThat(s.put(data)).isEqualTo(id);
            assertThat(s.get(id)).isEqualTo(data);
        }
    }

    @Test
    void verifyFindsEveryPlantedDamageAndRepairPlusReImportRestoresTheRest() throws IOException {
        Path home = populated();
        List<String> planted = new ArrayList<>();
        byte[] savedModel = null;
        try (FileStore s = FileStore.open(home)) {
            // 1: a corrupt column of elec@1; 2: the model bytes of m@1 deleted; 3: elec@3's manifest corrupt
            DatasetManifest d1 = Json.read(s.get(new ObjectId(s.ref("datasets/elec/versions/1").orElseThrow())),
                    DatasetManifest.class);
            FileStoreTest.flipOneByte(home, new ObjectId(d1.columns().get(2)));
            planted.add("dataset elec@1");
            String model1 = Json.read(s.get(new ObjectId(s.ref("models/m/versions/1").orElseThrow())),
                    dev.lifecycle.core.internal.ModelManifest.class).model();
            String model2 = Json.read(s.get(new ObjectId(s.ref("models/m/versions/2").orElseThrow())),
                    dev.lifecycle.core.internal.ModelManifest.class).model();
            if (!model1.equals(model2)) {
                savedModel = s.get(new ObjectId(model1));
                Files.delete(s.objectPath(new ObjectId(model1)));
                planted.add("model m@1");
            }
            FileStoreTest.flipOneByte(home, new ObjectId(s.ref("datasets/elec/versions/3").orElseThrow()));
            planted.add("dataset elec@3");
        }
        VerifyReport v = StoreMaintenance.verify(home);
        assertThat(v.damages()).extracting(StoreReports.Damage::subject).containsAll(planted);
        RepairReport r = StoreMaintenance.repair(home);
        assertThat(r.objectsQuarantined()).isEqualTo(2);
        try (Lifecycle lc = Lifecycle.open(home)) {
            assertThat(lc.datasets().dataset("elec").versions()).as("elec@3 lost its manifest").containsExactly(1, 2);
            // re-import heals elec@1's column and brings elec@3's data back as a new version
            assertThat(lc.datasets().importCsv("elec", csv(1, 21), Csv.forTarget("y")).version()).isEqualTo(1);
            assertThat(lc.datasets().get("elec", 1).size()).isEqualTo(21);
            assertThat(lc.datasets().importCsv("elec", csv(3, 23), Csv.forTarget("y")).version()).isEqualTo(3);
            if (savedModel != null) {
                lc.store().put(savedModel); // the model bytes restored from a backup heal m@1
            }
            assertThat(lc.models().get("m", 1).version()).isEqualTo(1);
        }
        VerifyReport after = StoreMaintenance.verify(home);
        assertThat(after.ok()).as("%s", after.damages()).isTrue();
    }

    @Test
    void gcReturnsTheSpaceOfOrphansAndTemporariesAndKeepsEverythingReachable() throws IOException {
        Path home = populated();
        long orphanBytes;
        try (FileStore s = FileStore.open(home)) {
            byte[] orphan = new byte[100_000];
            new Random(3).nextBytes(orphan);
            s.put(orphan);
            s.put("{\"an orphan manifest\":true}".getBytes(StandardCharsets.UTF_8));
            orphanBytes = orphan.length + "{\"an orphan manifest\":true}".length();
            Files.write(home.resolve("tmp").resolve("left-by-a-kill.tmp"), new byte[5000]);
            Files.createDirectories(home.resolve("tmp").resolve("someone's directory").resolve("sub"));
        }
        GcReport g = StoreMaintenance.gc(home, Duration.ZERO);
        assertThat(g.objectsRemoved()).isEqualTo(2);
        assertThat(g.objectBytes()).isEqualTo(orphanBytes);
        assertThat(g.temporaryBytes()).isEqualTo(5000);
        assertThat(StoreMaintenance.verify(home).ok()).isTrue();
        try (Lifecycle lc = Lifecycle.open(home)) {
            for (int v = 1; v <= 3; v++) {
                assertThat(lc.datasets().get("elec", v).version()).isEqualTo(v);
            }
            assertThat(lc.models().alias("m", "champion")).isPresent();
        }
        System.out.printf("StoreDamageTest gc: %d orphan objects, %d bytes, %d temporary bytes returned; %d kept%n",
                g.objectsRemoved(), g.objectBytes(), g.temporaryBytes(), g.objectsKept());
    }

    @Test
    void theCommandLineVerifiesRepairsAndCollects() throws IOException {
        Path home = populated();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
        assertThat(StoreTool.run(new String[] {"verify", home.toString()}, ps, ps)).isZero();
        Files.writeString(home.resolve("journal"), "garbage\n", StandardOpenOption.APPEND);
        assertThat(StoreTool.run(new String[] {"verify", home.toString()}, ps, ps)).isEqualTo(1);
        assertThat(StoreTool.run(new String[] {"repair", home.toString()}, ps, ps)).isZero();
        assertThat(StoreTool.run(new String[] {"gc", "--grace=PT0S", home.toString()}, ps, ps)).isZero();
        assertThat(StoreTool.run(new String[] {"verify", home.toString()}, ps, ps)).isZero();
        assertThat(StoreTool.run(new String[] {"nonsense"}, ps, ps)).isEqualTo(2);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("DAMAGED journal line", "quarantined 1 journal lines",
                "removed ");
    }

    @Test
    void aDirectoryInTmpDoesNotStopTheStoreOpening() throws IOException {
        Path home = dir.resolve("s");
        FileStore.open(home).close();
        Path junk = home.resolve("tmp").resolve("junk");
        Files.createDirectories(junk);
        Files.writeString(junk.resolve("f"), "x");
        Files.setLastModifiedTime(junk, java.nio.file.attribute.FileTime.from(Instant.now().minus(Duration.ofDays(2))));
        try (FileStore s = FileStore.open(home)) {
            s.compareAndSet("a", null, "1", "x", "x");
        }
        assertThat(junk).exists();
    }

    @Test
    void aReadOnlyStoreSeesTheWritersChangesAndRefusesWrites() throws IOException {
        Path home = dir.resolve("s");
        try (FileStore writer = FileStore.open(home); FileStore reader = FileStore.openReadOnly(home);
                FileStore reader2 = FileStore.openReadOnly(home)) {
            writer.compareAndSet("models/m/aliases/a", null, "1", "x", "x");
            assertThat(reader.ref("models/m/aliases/a")).contains("1");
            assertThat(reader2.journal("models/")).hasSize(1);
            assertThatThrownBy(() -> reader.put(new byte[1])).isInstanceOf(ReadOnlyStoreException.class);
            assertThatThrownBy(() -> reader.compareAndSet("b", null, "1", "x", "x"))
                    .isInstanceOf(ReadOnlyStoreException.class).hasMessageContaining(home.getFileName().toString());
        }
        assertThatThrownBy(() -> FileStore.openReadOnly(dir.resolve("nothing-here")))
                .isInstanceOf(dev.lifecycle.api.store.StoreException.class);
    }

    @Test
    void twoPathsToOneDirectoryShareOneLock() throws IOException {
        Path home = dir.resolve("s");
        Files.createDirectories(home);
        Path link = Files.createSymbolicLink(dir.resolve("link"), home);
        try (FileStore a = FileStore.open(home); FileStore b = FileStore.open(link)) {
            for (int i = 0; i < 20; i++) {
                assertThat(a.compareAndSet("n", i == 0 ? null : Integer.toString(i - 1), Integer.toString(i), "a", "")
                        || b.compareAndSet("n", i == 0 ? null : Integer.toString(i - 1), Integer.toString(i), "b", ""))
                        .isTrue();
            }
            assertThat(b.ref("n")).contains("19");
        }
    }

    /** A clock the test sets. */
    static final class SetClock extends Clock {
        final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2024-05-01T10:00:00Z"));

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    }

    @Test
    void aliasAtAnswersRightAfterTheClockStepsBack() throws IOException {
        SetClock clock = new SetClock();
        Path home = dir.resolve("home");
        try (Lifecycle lc = Lifecycle.builder().directory(home).clock(clock).build()) {
            var m1 = lc.models().register("m", StoreFixtures.tinyModel(), StoreFixtures.tinyTrainer(), "x@1");
            var m2 = lc.models().register("m", StoreFixtures.tinyModel(), StoreFixtures.tinyTrainer(), "x@2");
            lc.models().setAlias("m", "champion", m1, "first");
            clock.now.set(clock.now.get().minus(Duration.ofHours(1))); // NTP steps the clock back
            lc.models().setAlias("m", "champion", m2, "second");
            Instant now = clock.instant();
            assertThat(lc.models().aliasAt("m", "champion", now)).contains(2);
            assertThat(lc.models().aliasAt("m", "champion", now.plus(Duration.ofHours(2)))).contains(2);
            assertThat(lc.models().aliasHistory("m", "champion")).extracting(e -> e.sequence()).isSorted();
        }
    }
}
