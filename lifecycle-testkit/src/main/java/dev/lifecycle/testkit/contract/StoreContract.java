package dev.lifecycle.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifecycle.api.NotFoundException;
import dev.lifecycle.api.store.CorruptObjectException;
import dev.lifecycle.api.store.ImmutableRefException;
import dev.lifecycle.api.store.JournalEntry;
import dev.lifecycle.api.store.ObjectId;
import dev.lifecycle.api.store.Store;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apiguardian.api.API;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The contract every {@link Store} must keep: content addressing, verified reads, compare-and-set
 * refs with a journal whose entries carry strictly increasing sequence numbers, write-once version refs
 * ({@code .../versions/<n>}, refused with {@link ImmutableRefException} when asked to change or vanish),
 * and no lost update under concurrent writers. A new backend extends it and
 * supplies {@link #newStore(Clock)} and {@link #corrupt(Store, ObjectId)}; JUnit runs every check.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public abstract class StoreContract {
    /**
     * A clock that moves one second forward on every reading, so journal times are distinct and known;
     * {@link #jump(Duration)} sets it back or forward like a wall clock being corrected.
     */
    protected static final class SteppingClock extends Clock {
        private final AtomicInteger ticks = new AtomicInteger();
        private final Instant start;
        private volatile Duration offset = Duration.ZERO;

        /** @param start the first reading */
        public SteppingClock(Instant start) {
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
            return start.plusSeconds(ticks.getAndIncrement()).plus(offset);
        }

        /** Moves every later reading by {@code by} (negative: back in time). */
        public void jump(Duration by) {
            offset = offset.plus(by);
        }
    }

    /** The first reading of the test clock. */
    protected static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");

    /** The clock given to the store under test. */
    protected SteppingClock clock;
    /** The store under test, fresh for each check. */
    protected Store store;

    /** @return a new, empty store that stamps journal entries with {@code clock} */
    protected abstract Store newStore(Clock clock) throws Exception;

    /** Damages the stored bytes of an object (one flipped byte) without changing its id. */
    protected abstract void corrupt(Store store, ObjectId id) throws Exception;

    @BeforeEach
    public void createStore() throws Exception {
        clock = new SteppingClock(T0);
        store = newStore(clock);
    }

    @AfterEach
    public void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    /** @return the lowercase hex SHA-256 of the bytes */
    protected static String sha256Hex(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return the UTF-8 bytes of a string */
    protected static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    // ---- objects

    @Test
    public void putReturnsTheSha256OfTheBytesAndGetReturnsThem() {
        byte[] bytes = utf8("hello, lifecycle");
        ObjectId id = store.put(bytes);
        assertThat(id.hex()).isEqualTo(sha256Hex(bytes));
        assertThat(store.contains(id)).isTrue();
        assertThat(store.get(id)).isEqualTo(bytes);
    }

    @Test
    public void putIsIdempotent() {
        ObjectId first = store.put(utf8("same"));
        ObjectId second = store.put(utf8("same"));
        assertThat(second).isEqualTo(first);
        assertThat(store.get(first)).isEqualTo(utf8("same"));
        assertThat(store.put(utf8("other"))).isNotEqualTo(first);
    }

    @Test
    public void storesTheEmptyObjectAndLargeObjects() {
        ObjectId empty = store.put(new byte[0]);
        assertThat(empty.hex()).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(store.get(empty)).isEmpty();
        byte[] big = new byte[3 * 1024 * 1024 + 17];
        new java.util.Random(3).nextBytes(big);
        assertThat(store.get(store.put(big))).isEqualTo(big);
    }

    @Test
    public void storedBytesAreNotAliasedWithTheCallersArrays() {
        byte[] bytes = utf8("immutable");
        ObjectId id = store.put(bytes);
        bytes[0] = 'X';
        byte[] read = store.get(id);
        read[1] = 'Y';
        assertThat(store.get(id)).isEqualTo(utf8("immutable"));
    }

    @Test
    public void aMissingObjectIsNotFound() {
        ObjectId missing = new ObjectId(sha256Hex(utf8("never stored")));
        assertThat(store.contains(missing)).isFalse();
        assertThatThrownBy(() -> store.get(missing)).isInstanceOf(NotFoundException.class)
                .hasMessageContaining(missing.hex());
    }

    @Test
    public void anObjectWithAFlippedByteIsRefusedNamingTheObject() throws Exception {
        ObjectId id = store.put(utf8("precious model bytes"));
        ObjectId other = store.put(utf8("a neighbour"));
        corrupt(store, id);
        assertThatThrownBy(() -> store.get(id)).isInstanceOfSatisfying(CorruptObjectException.class,
                e -> assertThat(e.id()).isEqualTo(id)).hasMessageContaining(id.hex());
        assertThat(store.get(other)).isEqualTo(utf8("a neighbour"));
    }

    // ---- refs

    @Test
    public void compareAndSetWithExpectedNullCreatesOnlyAMissingRef() {
        assertThat(store.ref("models/m/versions/1")).isEmpty();
        assertThat(store.compareAndSet("models/m/versions/1", null, "a", "alice", "create")).isTrue();
        assertThat(store.ref("models/m/versions/1")).contains("a");
        assertThat(store.compareAndSet("models/m/versions/1", null, "b", "bob", "create again")).isFalse();
        assertThat(store.ref("models/m/versions/1")).contains("a");
        assertThat(store.journal("models/m/versions/1")).hasSize(1);
    }

    @Test
    public void compareAndSetChangesOnlyFromTheExpectedValue() {
        store.compareAndSet("r", null, "1", "a", "create");
        assertThat(store.compareAndSet("r", "0", "2", "a", "stale")).isFalse();
        assertThat(store.compareAndSet("r", null, "2", "a", "stale")).isFalse();
        assertThat(store.ref("r")).contains("1");
        assertThat(store.compareAndSet("r", "1", "2", "a", "fresh")).isTrue();
        assertThat(store.ref("r")).contains("2");
        assertThat(store.compareAndSet("missing", "1", "2", "a", "no such ref")).isFalse();
        assertThat(store.ref("missing")).isEmpty();
        assertThat(store.journal("")).extracting(JournalEntry::reason).containsExactly("create", "fresh");
    }

    @Test
    public void compareAndSetWithNewValueNullDeletesTheRef() {
        store.compareAndSet("a/alias", null, "7", "alice", "set");
        assertThat(store.compareAndSet("a/alias", "8", null, "bob", "wrong delete")).isFalse();
        assertThat(store.ref("a/alias")).contains("7");
        assertThat(store.compareAndSet("a/alias", "7", null, "bob", "delete")).isTrue();
        assertThat(store.ref("a/alias")).isEmpty();
        assertThat(store.refs("a/")).isEmpty();
        JournalEntry last = store.journal("a/alias").get(1);
        assertThat(last.oldValue()).isEqualTo("7");
        assertThat(last.newValue()).isNull();
        // a deleted ref can be created again
        assertThat(store.compareAndSet("a/alias", null, "9", "carol", "recreate")).isTrue();
        assertThat(store.ref("a/alias")).contains("9");
    }

    @Test
    public void refsUnderAPrefixAreSortedByName() {
        for (String name : List.of("m/x/versions/2", "m/x/versions/10", "m/x/aliases/champion", "m/xy/versions/1",
                "n/versions/1", "m/x/versions/1")) {
            assertThat(store.compareAndSet(name, null, "v-" + name, "a", "r")).isTrue();
        }
        Map<String, String> refs = store.refs("m/x/");
        assertThat(new ArrayList<>(refs.keySet())).containsExactly("m/x/aliases/champion", "m/x/versions/1",
                "m/x/versions/10", "m/x/versions/2");
        assertThat(refs.get("m/x/versions/10")).isEqualTo("v-m/x/versions/10");
        assertThat(store.refs("m/x")).containsKey("m/xy/versions/1").hasSize(5);
        assertThat(new ArrayList<>(store.refs("").keySet())).isSorted().hasSize(6);
        assertThat(store.refs("zzz/")).isEmpty();
    }

    @Test
    public void journalListsChangesOldestFirstWithActorReasonAndTime() {
        store.compareAndSet("models/m/aliases/champion", null, "1", "alice", "first champion");
        store.compareAndSet("datasets/d/versions/1", null, "abc", "bob", "import");
        store.compareAndSet("models/m/aliases/champion", "1", "2", "carol", "better accuracy");
        store.compareAndSet("models/m/aliases/champion", "2", null, "dave", "retired");

        List<JournalEntry> all = store.journal("");
        assertThat(all).extracting(JournalEntry::ref).containsExactly("models/m/aliases/champion",
                "datasets/d/versions/1", "models/m/aliases/champion", "models/m/aliases/champion");
        assertThat(all).extracting(JournalEntry::time).isSorted();

        List<JournalEntry> champion = store.journal("models/m/");
        assertThat(champion).hasSize(3);
        JournalEntry move = champion.get(1);
        assertThat(move.oldValue()).isEqualTo("1");
        assertThat(move.newValue()).isEqualTo("2");
        assertThat(move.actor()).isEqualTo("carol");
        assertThat(move.reason()).isEqualTo("better accuracy");
        assertThat(move.time()).isAfterOrEqualTo(T0).isBefore(T0.plus(Duration.ofMinutes(1)));
        assertThat(champion.get(0).oldValue()).isNull();
        assertThat(champion.get(2).newValue()).isNull();
        assertThat(champion.get(2).actor()).isEqualTo("dave");
        assertThat(store.journal("datasets/")).singleElement()
                .satisfies(e -> assertThat(e.reason()).isEqualTo("import"));
    }

    @Test
    public void versionRefsAreWriteOnce() {
        String version = "models/m/versions/3";
        assertThat(store.compareAndSet(version, null, "a", "alice", "register")).isTrue();
        assertThatThrownBy(() -> store.compareAndSet(version, "a", "b", "bob", "overwrite"))
                .isInstanceOf(ImmutableRefException.class).hasMessageContaining(version);
        assertThatThrownBy(() -> store.compareAndSet(version, "a", null, "bob", "delete"))
                .isInstanceOf(ImmutableRefException.class).hasMessageContaining(version);
        assertThat(store.compareAndSet(version, null, "b", "bob", "register again")).isFalse();
        assertThat(store.ref(version)).contains("a");
        assertThat(store.journal(version)).singleElement().satisfies(e -> assertThat(e.newValue()).isEqualTo("a"));
        // only names ending in versions/<digits> are write-once
        for (String mutable : List.of("models/m/aliases/champion", "models/m/versions", "models/m/versions/3a",
                "models/m/myversions/3")) {
            assertThat(store.compareAndSet(mutable, null, "a", "alice", "create")).as(mutable).isTrue();
            assertThat(store.compareAndSet(mutable, "a", "b", "alice", "change")).as(mutable).isTrue();
            assertThat(store.compareAndSet(mutable, "b", null, "alice", "delete")).as(mutable).isTrue();
        }
    }

    @Test
    public void journalEntriesCarryStrictlyIncreasingSequenceNumbersWhateverTheClock() {
        store.compareAndSet("a/r", null, "1", "alice", "create");
        store.compareAndSet("b/r", null, "1", "alice", "create");
        clock.jump(Duration.ofHours(-2));
        store.compareAndSet("a/r", "1", "2", "bob", "after the clock stepped back");
        store.compareAndSet("b/versions/1", null, "x", "bob", "register");
        store.compareAndSet("a/r", "2", null, "carol", "delete");

        List<JournalEntry> all = store.journal("");
        assertThat(all).extracting(JournalEntry::reason).containsExactly("create", "create",
                "after the clock stepped back", "register", "delete");
        assertThat(all.get(0).sequence()).as("first sequence").isPositive();
        for (int i = 1; i < all.size(); i++) {
            assertThat(all.get(i).sequence()).as("sequence of entry %d", i).isGreaterThan(all.get(i - 1).sequence());
        }
        assertThat(all.get(2).time()).as("the clock stepped back").isBefore(all.get(1).time());
        // a prefix's journal is a subsequence of the whole journal, with the same numbers
        assertThat(store.journal("a/")).extracting(JournalEntry::sequence)
                .containsExactly(all.get(0).sequence(), all.get(2).sequence(), all.get(4).sequence());
    }

    @Test
    public void failedCompareAndSetIsNotJournaled() {
        store.compareAndSet("r", null, "1", "a", "create");
        store.compareAndSet("r", "wrong", "2", "a", "lost race");
        assertThat(store.journal("r")).singleElement().satisfies(e -> assertThat(e.newValue()).isEqualTo("1"));
    }

    @Test
    public void journalReasonsMayHoldAnyText() {
        String reason = "line one\nline two, \"quoted\" \u00e9\u4e2d";
        store.compareAndSet("r", null, "v", "actor with spaces", reason);
        assertThat(store.journal("r").get(0).reason()).isEqualTo(reason);
        assertThat(store.journal("r").get(0).actor()).isEqualTo("actor with spaces");
    }

    @Test
    public void invalidRefNamesAreRejected() {
        for (String bad : List.of("", "a//b", "/a", "a/", "a/../b", "a/./b", "a b", "a\nb")) {
            assertThatThrownBy(() -> store.compareAndSet(bad, null, "v", "a", "r"))
                    .as("ref name '%s'", bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(store.journal("")).isEmpty();
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    public void concurrentCompareAndSetLosesNoUpdate() throws Exception {
        int threads = 8;
        int perThread = 15;
        store.compareAndSet("counter", null, "0", "t", "start");
        List<Thread> workers = new ArrayList<>();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < threads; t++) {
            Thread w = new Thread(() -> {
                try {
                    for (int i = 0; i < perThread; i++) {
                        while (true) {
                            String now = store.ref("counter").orElseThrow();
                            String next = Integer.toString(Integer.parseInt(now) + 1);
                            if (store.compareAndSet("counter", now, next, Thread.currentThread().getName(), "inc")) {
                                break;
                            }
                        }
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }, "inc-" + t);
            workers.add(w);
            w.start();
        }
        for (Thread w : workers) {
            w.join();
        }
        assertThat(failures).isEmpty();
        assertThat(store.ref("counter")).isEqualTo(Optional.of(Integer.toString(threads * perThread)));
        List<JournalEntry> journal = store.journal("counter");
        assertThat(journal).hasSize(threads * perThread + 1);
        for (int i = 1; i < journal.size(); i++) {
            assertThat(journal.get(i).oldValue()).isEqualTo(journal.get(i - 1).newValue());
            assertThat(journal.get(i).sequence()).isGreaterThan(journal.get(i - 1).sequence());
        }
    }
}
