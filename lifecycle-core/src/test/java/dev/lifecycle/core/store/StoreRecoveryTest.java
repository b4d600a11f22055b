package dev.lifecycle.core.store;

import dev.lifecycle.testsupport.ChildJvm;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifecycle.api.model.ModelVersion;
import dev.lifecycle.api.store.StoreDamagedException;
import dev.lifecycle.api.store.StoreInUseException;
import dev.lifecycle.core.Lifecycle;
import dev.lifecycle.core.data.Csv;
import dev.lifecycle.core.store.StoreReports.RepairReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A store whose history was lost: refused with the way back, repaired to every surviving version and
 * alias (or told, by name, what could not be brought back), never reusing a version number; repair
 * has the store to itself.
 */
class StoreRecoveryTest {
    @TempDir
    Path dir;

    private Path csv(int seed, int rows) throws IOException {
        Path csv = dir.resolve("data-" + seed + ".csv");
        Files.writeString(csv, CrashWriterMain.csv(new Random(seed), rows));
        return csv;
    }

    /** Three versions of dataset elec, two of model m, champion on m@2 and challenger on m@1. */
    private Path populated() throws IOException {
        Path home = dir.resolve("home");
        try (Lifecycle lc = Lifecycle.open(home)) {
            for (int i = 1; i <= 3; i++) {
                lc.datasets().importCsv("elec", csv(i, 20 + i), Csv.forTarget("y"));
            }
            ModelVersion m1 = lc.models().register("m", StoreFixtures.tinyModel(), StoreFixtures.tinyTrainer(), "elec@1");
            ModelVersion m2 = lc.models().register("m", StoreFixtures.tinyModel(), StoreFixtures.tinyTrainer(), "elec@2");
            lc.models().setAlias("m", "champion", m1, "first");
            lc.models().setAlias("m", "champion", m2, "better");
            lc.models().setAlias("m", "challenger", m1, "try");
        }
        return home;
    }

    private static Map<String, String> refs(Path home) {
        try (FileStore s = FileStore.open(home)) {
            return s.refs("");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"deleted", "emptied"})
    void aStoreWithoutJournalAndCheckpointIsRefusedAndRepairRebuildsItWithoutReusingVersions(String how)
            throws IOException {
        Path home = populated();
        Map<String, String> before = refs(home);
        for (String f : new String[] {"journal", "checkpoint"}) {
            if (how.equals("deleted")) {
                Files.delete(home.resolve(f));
            } else {
                Files.write(home.resolve(f), new byte[0]);
            }
        }
        assertThatThrownBy(() -> FileStore.open(home)).isInstanceOf(StoreDamagedException.class)
                .hasMessageContaining(home.toAbsolutePath().toString())
                .hasMessageContaining(StoreTool.class.getName() + " repair")
                .hasMessageContaining("StoreMaintenance.repair")
                .hasMessageContaining("reuse version numbers");
        assertThatThrownBy(() -> Lifecycle.open(home)).isInstanceOf(StoreDamagedException.class);
        assertThat(FileStore.hasObjects(home.resolve("objects"))).isTrue();

        RepairReport r = StoreMaintenance.repair(home);
        assertThat(r.notRecovered()).isEmpty();
        try (Lifecycle lc = Lifecycle.open(home)) {
            assertThat(lc.store().refs("")).containsAllEntriesOf(before);
            for (int v = 1; v <= 3; v++) {
                assertThat(lc.datasets().get("elec", v).size()).isEqualTo(20 + v);
            }
            assertThat(lc.models().get("m", 1).version()).isEqualTo(1);
            assertThat(lc.models().get("m", 2).version()).isEqualTo(2);
            assertThat(lc.models().aliases("m")).containsEntry("champion", 2).containsEntry("challenger", 1);
            assertThat(lc.datasets().importCsv("elec", csv(9, 25), Csv.forTarget("y")).version())
                    .as("the next import gets the next free version").isEqualTo(4);
            assertThat(lc.models().register("m", StoreFixtures.tinyModel(), StoreFixtures.tinyTrainer(), "elec@4")
                    .version()).isEqualTo(3);
            assertThat(lc.store().journal("datasets/elec/versions/4").get(0).sequence())
                    .as("sequences keep growing after the repair")
                    .isGreaterThan(lc.store().journal("models/m/aliases/champion").get(0).sequence());
        }
        assertThat(StoreMaintenance.verify(home).ok()).isTrue();
    }

    @Test
    void aNewStoreWithObjectsButNoRefsIsNotMistakenForADamagedOne() throws IOException {
        Path home = dir.resolve("fresh");
        try (FileStore s = FileStore.open(home)) {
            s.put("an object before any ref".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        try (FileStore s = FileStore.open(home)) {
            assertThat(s.refs("")).isEmpty();
        }
        assertThat(home.resolve("checkpoint")).exists();
    }

    @Test
    void aliasMovesAfterTheCheckpointComeBackFromTheirRefFilesWhenTheJournalIsEmptied() throws IOException {
        Path home = populated();
        try (Lifecycle lc = Lifecycle.open(home)) {
            lc.models().setAlias("m", "champion", lc.models().get("m", 1), "rollback");
            lc.models().setAlias("m", "staging", lc.models().get("m", 2), "new alias");
            lc.store().compareAndSet("models/m/aliases/challenger", "1", null, "ops", "challenger retired");
        }
        Map<String, String> before = refs(home);
        Files.write(home.resolve("journal"), new byte[0]);
        assertThatThrownBy(() -> FileStore.open(home)).isInstanceOf(StoreDamagedException.class);
        RepairReport r = StoreMaintenance.repair(home);
        assertThat(r.notRecovered()).isEmpty();
        assertThat(refs(home)).isEqualTo(before);
        try (Lifecycle lc = Lifecycle.open(home)) {
            assertThat(lc.models().aliases("m")).containsExactlyInAnyOrderEntriesOf(Map.of("champion", 1,
                    "staging", 2));
        }
    }

    @Test
    void anAliasMoveThatNoSurvivingRecordHoldsIsReportedByName() throws IOException {
        Path home = populated();
        try (FileStore s = FileStore.open(home)) {
            s.checkpoint(); // champion=2 and challenger=1 are in the checkpoint
            s.compareAndSet("models/m/aliases/champion", "2", "1", "ops", "rollback after the checkpoint");
        }
        Files.delete(home.resolve("refs/models/m/aliases/champion"));
        Files.write(home.resolve("journal"), new byte[0]);
        RepairReport r = StoreMaintenance.repair(home);
        assertThat(r.notRecovered()).singleElement().asString().startsWith("models/m/aliases/champion:")
                .contains("no ref file");
        assertThat(r.found()).anySatisfy(d -> assertThat(d.toString()).contains("models/m/aliases/champion"));
        try (Lifecycle lc = Lifecycle.open(home)) {
            assertThat(lc.models().aliases("m")).as("as of the checkpoint")
                    .containsExactlyInAnyOrderEntriesOf(Map.of("champion", 2, "challenger", 1));
        }
        // everything lost: the models whose aliases nothing records are named
        Files.delete(home.resolve("journal"));
        Files.delete(home.resolve("checkpoint"));
        try (var files = Files.walk(home.resolve("refs"))) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        RepairReport all = StoreMaintenance.repair(home);
        assertThat(all.notRecovered()).singleElement().asString().startsWith("models/m/aliases/*")
                .contains("setAlias");
    }

    @Test
    void aManifestOfAnotherModelIsRefusedOnLoadNamingBoth() throws IOException {
        Path home = populated();
        try (FileStore s = FileStore.open(home)) {
            s.compareAndSet("models/other/versions/1", null, s.ref("models/m/versions/2").orElseThrow(), "mallory",
                    "plant");
        }
        try (Lifecycle lc = Lifecycle.open(home)) {
            assertThatThrownBy(() -> lc.models().get("other", 1)).isInstanceOf(StoreDamagedException.class)
                    .hasMessageContaining("other@1").hasMessageContaining("m@2");
            assertThat(lc.models().get("m", 2).version()).isEqualTo(2);
        }
        assertThat(StoreMaintenance.verify(home).damages()).singleElement()
                .satisfies(d -> assertThat(d.subject()).isEqualTo("model other@1"));
    }

    @Test
    void aCheckpointLaterThanTheJournalRemainsWinsForAliases() throws IOException {
        Path home = populated();
        long keep;
        try (FileStore s = FileStore.open(home)) {
            keep = Files.size(home.resolve("journal"));
            s.compareAndSet("models/m/aliases/champion", "2", "1", "ops", "after the cut");
            s.checkpoint();
        }
        // cut the journal back (the alias move after the cut survives only in the checkpoint)
        try (var ch = java.nio.channels.FileChannel.open(home.resolve("journal"),
                java.nio.file.StandardOpenOption.WRITE)) {
            ch.truncate(keep);
        }
        Files.delete(home.resolve("refs/models/m/aliases/champion"));
        StoreMaintenance.repair(home);
        try (Lifecycle lc = Lifecycle.open(home)) {
            assertThat(lc.models().aliasVersion("m", "champion")).contains(1);
        }
    }

    @Test
    void repairFailsWhileThisJvmHasTheStoreOpenForWriting() throws IOException {
        Path home = populated();
        try (Lifecycle lc = Lifecycle.open(home)) {
            assertThatThrownBy(() -> StoreMaintenance.repair(home)).isInstanceOf(StoreInUseException.class)
                    .hasMessageContaining(home.toAbsolutePath().toString()).hasMessageContaining("this JVM");
            assertThat(lc.datasets().get("elec", 1).version()).isEqualTo(1);
        }
        try (FileStore reader = FileStore.openReadOnly(home)) {
            assertThat(StoreMaintenance.repair(home).found()).isEmpty(); // readers do not block it
        }
        DirectoryLock held = DirectoryLock.acquireExclusive(home.toAbsolutePath());
        try {
            assertThatThrownBy(() -> FileStore.open(home)).isInstanceOf(StoreInUseException.class)
                    .hasMessageContaining("being repaired");
        } finally {
            held.releaseExclusive();
        }
        FileStore.open(home).close();
    }

    @Test
    void repairFailsWhileAnotherProcessHasTheStoreOpenAndNamesIt() throws Exception {
        Path home = populated();
        try (ChildJvm child = ChildJvm.start(HoldStoreMain.class, dir.resolve("hold.err"), home.toString())) {
            child.await(l -> l.startsWith("OPEN "), 120_000, "opening the store");
            assertThatThrownBy(() -> StoreMaintenance.repair(home)).isInstanceOf(StoreInUseException.class)
                    .hasMessageContaining(home.toAbsolutePath().toString()).hasMessageContaining("another process")
                    .hasMessageContaining("pid " + child.pid());
            child.send("close");
            child.await(l -> l.equals("CLOSED"), 60_000, "closing the store");
            assertThat(child.waitFor(60_000)).isZero();
        }
        assertThat(StoreMaintenance.repair(home).found()).isEmpty();
        try (FileStore s = FileStore.open(home)) {
            assertThat(s.ref("held/by-child")).isPresent();
        }
    }
}
