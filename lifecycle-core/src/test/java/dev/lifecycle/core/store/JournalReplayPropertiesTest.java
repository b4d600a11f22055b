package dev.lifecycle.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifecycle.api.store.JournalEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever the changes and wherever checkpoints fall, a reopened file store has the same refs and
 * the same history as a memory store given the same changes, and its sequences strictly increase.
 */
@net.jqwik.api.Tag("fast")
class JournalReplayPropertiesTest {

    /** One attempted change: ref index, expected value index (-1 = unset), new value index (-1 = delete), checkpoint after. */
    record Op(int ref, int expected, int value, boolean checkpoint) {
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<Op> op = Combinators.combine(Arbitraries.integers().between(0, 4), Arbitraries.integers().between(-1, 3),
                Arbitraries.integers().between(-1, 3), Arbitraries.of(true, false, false, false, false)).as(Op::new);
        return op.list().ofMinSize(1).ofMaxSize(40);
    }

    @Property(tries = 25)
    void reopeningAfterCheckpointsGivesTheRefsAndHistoryOfTheSameChangesInMemory(@ForAll("ops") List<Op> ops)
            throws IOException {
        Path dir = Files.createTempDirectory("replay");
        try {
            MemoryStore model = new MemoryStore();
            try (FileStore store = FileStore.open(dir)) {
                for (Op op : ops) {
                    String ref = "models/m/aliases/a" + op.ref();
                    String expected = op.expected() < 0 ? null : "v" + op.expected();
                    String value = op.value() < 0 ? null : "v" + op.value();
                    boolean changed = store.compareAndSet(ref, expected, value, "p", "why");
                    assertThat(model.compareAndSet(ref, expected, value, "p", "why")).isEqualTo(changed);
                    if (op.checkpoint()) {
                        store.checkpoint();
                    }
                }
            }
            try (FileStore reopened = FileStore.open(dir)) {
                assertThat(reopened.refs("")).isEqualTo(model.refs(""));
                List<JournalEntry> history = reopened.journal("models/");
                assertThat(history).extracting(JournalEntry::ref, JournalEntry::oldValue, JournalEntry::newValue)
                        .containsExactlyElementsOf(model.journal("models/").stream()
                                .map(e -> org.assertj.core.groups.Tuple.tuple(e.ref(), e.oldValue(), e.newValue())).toList());
                assertThat(history).extracting(JournalEntry::sequence).isSortedAccordingTo(Comparator.naturalOrder())
                        .doesNotHaveDuplicates();
            }
            assertThat(StoreMaintenance.verify(dir).ok()).isTrue();
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
