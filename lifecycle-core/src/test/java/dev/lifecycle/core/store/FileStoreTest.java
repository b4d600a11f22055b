package dev.lifecycle.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.model.ModelVersion;
import dev.lifecycle.api.store.CorruptObjectException;
import dev.lifecycle.api.store.JournalEntry;
import dev.lifecycle.api.store.ObjectId;
import dev.lifecycle.api.store.Store;
import dev.lifecycle.api.store.StoreException;
import dev.lifecycle.core.Lifecycle;
import dev.lifecycle.core.data.Csv;
import dev.lifecycle.core.internal.DatasetManifest;
import dev.lifecycle.core.internal.Json;
import dev.lifecycle.core.internal.ModelManifest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Tag;

/**
 * What only a directory store has: reopening, torn journals, files, several instances on one
 * directory. The store contract itself runs in the testkit ({@code FileStoreContractTest}).
 */
@Tag("fast")
class FileStoreTest {
    /** A clock that moves one second forward on every reading, so journal times are distinct and known. */
    protected static final class SteppingClock extends Clock {
        private final AtomicInteger ticks = new AtomicInteger();
        private final Instant start;

        SteppingClock(Instant start) {
            this.start = start;
        }

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
            return start.plusSeconds(ticks.getAndIncrement());
        }
    }

    protected static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");

    protected SteppingClock clock;
    protected Store store;

    @BeforeEach
    void createStore() throws Exception {
        clock = new SteppingClock(T0);
        store = newStore(clock);
    }

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    protected static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }


    @TempDir
    Path dir;

    private Store newStore(Clock clock) {
        return FileStore.open(dir.resolve("store"), clock);
    }

    static void flipOneByte(Path storeDir, ObjectId id) throws IOException {
        Path file = storeDir.resolve("objects").resolve(id.hex().substring(0, 2)).resolve(id.hex().substring(2));
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(file, bytes);
    }

    private Path storeDir() {
        return ((FileStore) store).directory();
    }

    private Path journalFile() {
        return storeDir().resolve("journal");
    }

    private FileStore reopen() {
        store.close();
        store = FileStore.open(storeDir(), clock);
        return (FileStore) store;
    }

    @Test
    void objectsRefsAndJournalSurviveReopening() {
        ObjectId id = store.put(utf8("kept"));
        store.compareAndSet("models/m/versions/1", null, id.hex(), "alice", "register");
        store.compareAndSet("models/m/aliases/champion", null, "1", "bob", "promote");
        reopen();
        assertThat(store.get(id)).isEqualTo(utf8("kept"));
        assertThat(store.refs("models/m/")).containsEntry("models/m/versions/1", id.hex())
                .containsEntry("models/m/aliases/champion", "1");
        JournalEntry promote = store.journal("models/m/aliases/").get(0);
        assertThat(promote.actor()).isEqualTo("bob");
        assertThat(promote.reason()).isEqualTo("promote");
        assertThat(promote.time()).isEqualTo(T0.plusSeconds(1));
        assertThat(store.compareAndSet("models/m/aliases/champion", "1", "2", "carol", "again")).isTrue();
    }

    @Test
    void objectsAreStoredUnderTheirSha256AndNoTemporaryIsLeft() throws IOException {
        ObjectId id = store.put(utf8("layout"));
        Path file = storeDir().resolve("objects").resolve(id.hex().substring(0, 2)).resolve(id.hex().substring(2));
        assertThat(file).hasBinaryContent(utf8("layout"));
        try (var tmp = Files.list(storeDir().resolve("tmp"))) {
            assertThat(tmp).isEmpty();
        }
    }

    @Test
    void aStoreSeesChangesCommittedByAnotherInstanceOnTheSameDirectory() {
        try (FileStore other = FileStore.open(storeDir(), clock)) {
            assertThat(other.compareAndSet("r", null, "1", "other", "create")).isTrue();
            ObjectId id = other.put(utf8("from the other instance"));
            assertThat(store.ref("r")).contains("1");
            assertThat(store.get(id)).isEqualTo(utf8("from the other instance"));
            assertThat(store.compareAndSet("r", null, "x", "me", "stale")).isFalse();
            assertThat(store.compareAndSet("r", "1", "2", "me", "fresh")).isTrue();
            assertThat(other.ref("r")).contains("2");
        }
    }

    @Test
    void instancesOnOneDirectoryInOneJvmShareItsLockAndOutliveEachOther() {
        // a symlinked path to the same directory must share the same lock, too
        Path link = dir.resolve("link");
        try {
            Files.createSymbolicLink(link, storeDir());
        } catch (IOException | UnsupportedOperationException e) {
            link = storeDir();
        }
        FileStore second = FileStore.open(link, clock);
        FileStore third = FileStore.open(storeDir(), clock);
        assertThat(second.compareAndSet("r", null, "1", "second", "create")).isTrue();
        assertThat(third.compareAndSet("r", "1", "2", "third", "change")).isTrue();
        second.close();
        // closing one instance must not close the lock another one still uses
        assertThat(store.compareAndSet("r", "2", "3", "first", "after a close")).isTrue();
        assertThat(third.compareAndSet("r", "3", "4", "third", "still works")).isTrue();
        third.close();
        third.close();
        assertThat(store.compareAndSet("r", "4", "5", "first", "last one open")).isTrue();
        assertThat(store.journal("r")).hasSize(5);
    }

    @Test
    void aFailedOpenLeavesTheDirectoryUsable() throws IOException {
        store.compareAndSet("a", null, "1", "alice", "one");
        Files.write(journalFile(), utf8("garbage\n"), StandardOpenOption.APPEND);
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> FileStore.open(storeDir(), clock)).isInstanceOf(StoreException.class);
        }
        // the instance that was already open still writes (it stops at the damage too, naming it)
        assertThatThrownBy(() -> store.compareAndSet("b", null, "2", "bob", "two")).isInstanceOf(StoreException.class)
                .hasMessageContaining("garbage");
    }

    @Test
    void aTornJournalTailIsIgnoredOnOpenAndCutOffByTheNextWriter() throws IOException {
        store.compareAndSet("a", null, "1", "alice", "one");
        store.compareAndSet("b", null, "2", "alice", "two");
        store.close();
        long complete = Files.size(journalFile());
        // a writer died in the middle of its line: no newline at the end
        Files.write(journalFile(), utf8("{\"ref\":\"c\",\"old\":null,\"new\":\"3\",\"act"), StandardOpenOption.APPEND);

        store = FileStore.open(storeDir(), clock);
        assertThat(store.refs("")).containsOnlyKeys("a", "b");
        assertThat(store.journal("")).hasSize(2);
        assertThat(store.compareAndSet("c", null, "3", "bob", "after the crash")).isTrue();
        assertThat(store.ref("c")).contains("3");

        String journal = Files.readString(journalFile());
        assertThat(journal).endsWith("\n").doesNotContain("\"act{");
        assertThat(journal.lines()).hasSize(3);
        assertThat(Files.size(journalFile())).isGreaterThan(complete);
        reopen();
        assertThat(store.refs("")).containsOnlyKeys("a", "b", "c");
        assertThat(store.journal("c").get(0).reason()).isEqualTo("after the crash");
    }

    @Test
    void aTornTailLeftWhileAStoreIsOpenIsIgnoredByItsReadsAndWrites() throws IOException {
        store.compareAndSet("a", null, "1", "alice", "one");
        Files.write(journalFile(), utf8("{\"ref\":\"zz\",\"old\":nu"), StandardOpenOption.APPEND);
        assertThat(store.refs("")).containsOnlyKeys("a");
        assertThat(store.compareAndSet("a", "1", "2", "alice", "two")).isTrue();
        assertThat(Files.readString(journalFile()).lines()).hasSize(2).noneMatch(l -> l.contains("zz"));
    }

    @Test
    void aCompleteGarbageLineInTheJournalFailsOpenNamingItsBytePosition() throws IOException {
        store.compareAndSet("a", null, "1", "alice", "one");
        store.compareAndSet("b", null, "2", "alice", "two");
        store.close();
        String journal = Files.readString(journalFile());
        int second = journal.indexOf('\n') + 1;
        String damaged = journal.substring(0, second) + "this is not json\n" + journal.substring(second);
        Files.writeString(journalFile(), damaged);

        assertThatThrownBy(() -> FileStore.open(storeDir(), clock)).isInstanceOf(StoreException.class)
                .hasMessageContaining("byte " + second).hasMessageContaining("this is not json")
                .hasMessageContaining(storeDir().toString());
        store = null;
    }

    @Test
    void aLineWithValidJsonButMissingFieldsIsAlsoReportedAsDamage() throws IOException {
        store.compareAndSet("a", null, "1", "alice", "one");
        store.close();
        long size = Files.size(journalFile());
        Files.write(journalFile(), utf8("{\"old\":null}\n"), StandardOpenOption.APPEND);
        assertThatThrownBy(() -> FileStore.open(storeDir(), clock)).isInstanceOf(StoreException.class)
                .hasMessageContaining("byte " + size);
        store = null;
    }

    @Test
    void aStaleTemporaryIsRemovedOnOpenAndAFreshOneKept() throws IOException {
        Path tmp = storeDir().resolve("tmp");
        Path stale = Files.write(tmp.resolve("dead-writer.tmp"), utf8("half an obj"));
        Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minus(2, ChronoUnit.HOURS)));
        Path fresh = Files.write(tmp.resolve("live-writer.tmp"), utf8("being written"));
        reopen();
        assertThat(stale).doesNotExist();
        assertThat(fresh).exists();
    }

    @Test
    void aCorruptColumnObjectFailsTheDatasetLoadNamingTheObject() throws IOException {
        Path home = dir.resolve("home");
        Path csv = dir.resolve("data.csv");
        Files.writeString(csv, CrashWriterMain.csv(new Random(5), 30));
        ObjectId column;
        try (Lifecycle lc = Lifecycle.open(home)) {
            DatasetVersion v = lc.datasets().importCsv("sales", csv, Csv.forTarget("y"));
            ObjectId manifest = new ObjectId(lc.store().ref("datasets/sales/versions/" + v.version()).orElseThrow());
            DatasetManifest m = Json.read(lc.store().get(manifest), DatasetManifest.class);
            column = new ObjectId(m.columns().get(1));
        }
        flipOneByte(home, column);
        try (Lifecycle lc = Lifecycle.open(home)) {
            assertThatThrownBy(() -> lc.datasets().get("sales", 1))
                    .isInstanceOfSatisfying(CorruptObjectException.class, e -> assertThat(e.id()).isEqualTo(column))
                    .hasMessageContaining(column.hex());
        }
    }

    @Test
    void corruptModelBytesFailTheModelLoadNamingTheObject() {
        Path home = dir.resolve("home");
        ObjectId modelBytes;
        try (Lifecycle lc = Lifecycle.open(home)) {
            ModelVersion v = lc.models().register("m", StoreFixtures.tinyModel(), StoreFixtures.tinyTrainer(), "tiny@1");
            ObjectId manifest = new ObjectId(lc.store().ref("models/m/versions/" + v.version()).orElseThrow());
            modelBytes = new ObjectId(Json.read(lc.store().get(manifest), ModelManifest.class).model());
        }
        try {
            flipOneByte(home, modelBytes);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        try (Lifecycle lc = Lifecycle.open(home)) {
            assertThatThrownBy(() -> lc.models().get("m", 1)).isInstanceOf(CorruptObjectException.class)
                    .hasMessageContaining(modelBytes.hex());
        }
    }

    @Test
    void journalLinesAreOneJsonObjectPerChange() throws IOException {
        store.compareAndSet("models/m/aliases/champion", null, "3", "alice", "why\nnot");
        String journal = Files.readString(journalFile(), StandardCharsets.UTF_8);
        assertThat(journal.lines()).singleElement().satisfies(l -> assertThat(l).startsWith("{").endsWith("}")
                .contains("\"ref\":\"models/m/aliases/champion\"", "\"actor\":\"alice\"", "why\\nnot"));
    }
}
