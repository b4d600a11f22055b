package dev.lifecycle.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.lifecycle.api.NotFoundException;
import dev.lifecycle.api.store.ImmutableRefException;
import dev.lifecycle.api.store.JournalEntry;
import dev.lifecycle.api.store.ObjectId;
import dev.lifecycle.api.store.Store;
import dev.lifecycle.core.store.FileStore;
import dev.lifecycle.core.store.MemoryStore;
import dev.lifecycle.testkit.contract.StoreContract;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.jupiter.api.Tag;

/** The project's stores pass the store contract kit, and a broken store fails it. */
@Tag("fast")
class StoreContractsTest {

    @Nested
    class MemoryStoreKeepsTheContract extends StoreContract {
        @Override
        protected Store newStore(Clock clock) {
            return new MemoryStore(clock);
        }

        @Override
        @SuppressWarnings("unchecked")
        protected void corrupt(Store s, ObjectId id) throws Exception {
            Field objects = MemoryStore.class.getDeclaredField("objects");
            objects.setAccessible(true);
            byte[] bytes = s.get(id);
            bytes[bytes.length / 2] ^= 0x01;
            ((Map<ObjectId, byte[]>) objects.get(s)).put(id, bytes);
        }
    }

    @Nested
    class FileStoreKeepsTheContract extends StoreContract {
        @TempDir
        Path dir;

        @Override
        protected Store newStore(Clock clock) {
            return FileStore.open(dir.resolve("store"), clock);
        }

        @Override
        protected void corrupt(Store s, ObjectId id) throws Exception {
            Path file = ((FileStore) s).directory().resolve("objects").resolve(id.hex().substring(0, 2))
                    .resolve(id.hex().substring(2));
            byte[] bytes = Files.readAllBytes(file);
            bytes[bytes.length / 2] ^= 0x01;
            Files.write(file, bytes);
        }
    }

    @Test
    void aStoreWhoseCompareAndSetIsNotAtomicFailsTheContract() {
        var results = EngineTestKit.engine("junit-jupiter").selectors(selectClass(BrokenStoreRunsTheContract.class))
                .configurationParameter(OnlyInTheEngineTestKit.KEY, "true").execute().testEvents();
        results.assertStatistics(s -> s.failed(1));
        List<String> failed = results.failed().stream().map(e -> e.getTestDescriptor().getDisplayName()).toList();
        assertThat(failed).containsExactly("concurrentCompareAndSetLosesNoUpdate()");
    }

    @Test
    void aStoreWithMutableVersionsAndUnnumberedJournalFailsTheContract() {
        var results = EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(RuleBreakingStoreRunsTheContract.class)).configurationParameter(OnlyInTheEngineTestKit.KEY, "true").execute().testEvents();
        List<String> failed = results.failed().stream().map(e -> e.getTestDescriptor().getDisplayName()).toList();
        assertThat(failed).containsExactlyInAnyOrder("concurrentCompareAndSetLosesNoUpdate()",
                "versionRefsAreWriteOnce()", "journalEntriesCarryStrictlyIncreasingSequenceNumbersWhateverTheClock()");
    }

    /** Run only through the engine test kit above (the condition is inherited). */
    static class RuleBreakingStoreRunsTheContract extends BrokenStoreRunsTheContract {
        @Override
        protected Store newStore(Clock clock) {
            return new NonAtomicStore(clock, false);
        }
    }

    /** Run only through the engine test kit above. */
    @ExtendWith(OnlyInTheEngineTestKit.class)
    static class BrokenStoreRunsTheContract extends StoreContract {
        @Override
        protected Store newStore(Clock clock) {
            return new NonAtomicStore(clock);
        }

        @Override
        protected void corrupt(Store s, ObjectId id) {
            ((NonAtomicStore) s).objects.computeIfPresent(id, (k, b) -> {
                byte[] c = b.clone();
                c[c.length / 2] ^= 0x01;
                return c;
            });
        }
    }

    /**
     * A deliberately broken store: compare-and-set reads, yields, then writes, without a lock, so
     * concurrent writers lose updates. Everything else is right: version refs are write-once and journal
     * entries are numbered in the order they are appended.
     */
    static final class NonAtomicStore implements Store {
        final Map<ObjectId, byte[]> objects = new ConcurrentHashMap<>();
        private final Map<String, String> refs = new ConcurrentHashMap<>();
        private final List<JournalEntry> journal = java.util.Collections.synchronizedList(new ArrayList<>());
        private final Clock clock;
        private final boolean keepsStoreRules;
        private long sequence;

        NonAtomicStore(Clock clock) {
            this(clock, true);
        }

        /** @param keepsStoreRules false to also let version refs change and leave journal entries unnumbered */
        NonAtomicStore(Clock clock, boolean keepsStoreRules) {
            this.clock = clock;
            this.keepsStoreRules = keepsStoreRules;
        }

        @Override
        public ObjectId put(byte[] bytes) {
            ObjectId id = new ObjectId(StoreContractHelper.sha256(bytes));
            objects.putIfAbsent(id, bytes.clone());
            return id;
        }

        @Override
        public byte[] get(ObjectId id) {
            byte[] b = objects.get(id);
            if (b == null) {
                throw new NotFoundException("No object " + id);
            }
            if (!StoreContractHelper.sha256(b).equals(id.hex())) {
                throw new dev.lifecycle.api.store.CorruptObjectException(id, "Object " + id + " is corrupt");
            }
            return b.clone();
        }

        @Override
        public boolean contains(ObjectId id) {
            return objects.containsKey(id);
        }

        @Override
        public Optional<String> ref(String name) {
            StoreContractHelper.checkRef(name);
            return Optional.ofNullable(refs.get(name));
        }

        @Override
        public boolean compareAndSet(String name, String expected, String newValue, String actor, String reason) {
            StoreContractHelper.checkRef(name);
            if (keepsStoreRules && expected != null && name.matches(".*(^|/)versions/[0-9]+")) {
                throw new ImmutableRefException("Ref '" + name + "' is a committed version and cannot change");
            }
            if (!java.util.Objects.equals(refs.get(name), expected)) {
                return false;
            }
            Thread.yield();
            if (newValue == null) {
                refs.remove(name);
            } else {
                refs.put(name, newValue);
            }
            synchronized (journal) {
                journal.add(new JournalEntry(name, expected, newValue, actor, reason, clock.instant(),
                        keepsStoreRules ? ++sequence : 0));
            }
            return true;
        }

        @Override
        public Map<String, String> refs(String prefix) {
            Map<String, String> out = new TreeMap<>();
            refs.forEach((k, v) -> {
                if (k.startsWith(prefix)) {
                    out.put(k, v);
                }
            });
            return out;
        }

        @Override
        public List<JournalEntry> journal(String prefix) {
            synchronized (journal) {
                return journal.stream().filter(e -> e.ref().startsWith(prefix)).toList();
            }
        }

        @Override
        public void close() {
        }
    }

    /**
     * Skips the broken store's contract run unless the engine test kit above asks for it: a test filter
     * such as {@code -Dtest='StoreContract*'} also selects the nested class, whose failure is expected.
     */
    static final class OnlyInTheEngineTestKit implements ExecutionCondition {
        static final String KEY = "lifecycle.testkit.brokenStoreSelfTest";

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return context.getConfigurationParameter(KEY).isPresent()
                    ? ConditionEvaluationResult.enabled("run by aStoreWhoseCompareAndSetIsNotAtomicFailsTheContract")
                    : ConditionEvaluationResult.disabled("a deliberately broken store: it runs only through"
                            + " aStoreWhoseCompareAndSetIsNotAtomicFailsTheContract");
        }
    }

    /** Small helpers for the broken store. */
    static final class StoreContractHelper {
        private StoreContractHelper() {
        }

        static String sha256(byte[] bytes) {
            try {
                return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                        .digest(bytes));
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        static void checkRef(String name) {
            if (name.isEmpty() || !name.matches("[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*") || name.contains("/../")
                    || name.startsWith("../") || name.contains("/./") || name.startsWith("./")
                    || name.endsWith("/..") || name.endsWith("/.")) {
                throw new IllegalArgumentException("Invalid ref name '" + name + "'");
            }
        }
    }
}
