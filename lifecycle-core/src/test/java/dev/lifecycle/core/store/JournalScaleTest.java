package dev.lifecycle.core.store;

import dev.lifecycle.testsupport.ChildJvm;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lifecycle.api.store.JournalEntry;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Tag;

/**
 * A store with two million journal entries (a year of prediction-log chain moves and alias moves)
 * opens in a child JVM with {@code -Xmx256m}: the first time by replaying everything once (streamed,
 * memory bounded by the live refs) and writing a checkpoint, afterwards from the checkpoint.
 */
@Tag("slow")
class JournalScaleTest {
    private static final int ENTRIES = 2_000_000;
    private static final int REFS = 2_000;

    @TempDir
    Path dir;

    @Test
    void twoMillionEntriesOpenWithBoundedHeapAndTheCheckpointMakesReopeningCheap() throws Exception {
        Path home = dir.resolve("store");
        Files.createDirectories(home.resolve("objects"));
        Files.createDirectories(home.resolve("tmp"));
        Random random = new Random(11);
        String[] values = new String[REFS];
        HexFormat hex = HexFormat.of();
        Instant t0 = Instant.parse("2024-01-01T00:00:00Z");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(home.resolve("journal")), 1 << 20)) {
            byte[] id = new byte[32];
            for (int i = 0; i < ENTRIES; i++) {
                int r = random.nextInt(REFS);
                String ref = r % 10 == 0 ? "models/m" + r + "/aliases/champion"
                        : "deployments/d" + (r % 7) + "/log-chains/" + String.format("%012d", r);
                random.nextBytes(id);
                String value = r % 10 == 0 ? Integer.toString(i) : hex.formatHex(id);
                out.write(JournalCodec.encode(new JournalEntry(ref, values[r], value, "writer-" + (i % 3),
                        "log 4096 predictions", t0.plusSeconds(i * 15L), i + 1)));
                values[r] = value;
            }
        }
        long bytes = Files.size(home.resolve("journal"));
        String[] first = open(home, "first");
        String[] second = open(home, "second");
        assertThat(Integer.parseInt(first[4])).isEqualTo(REFS);
        assertThat(second[4]).isEqualTo(first[4]);
        assertThat(second[5]).as("history of one alias, streamed from disk after the checkpoint").isEqualTo(first[5]);
        assertThat(Integer.parseInt(second[5])).isGreaterThan(500);
        assertThat(home.resolve("checkpoint")).exists();
        System.out.printf("JournalScaleTest: %,d entries (%,d MB journal, %,d live refs) at -Xmx256m: first open"
                + " (full replay, writes the checkpoint) %s ms, heap %s MB after gc, committed %s MB; reopen from the"
                + " checkpoint %s ms, heap %s MB after gc, committed %s MB%n", ENTRIES, bytes >> 20, REFS, first[1],
                Long.parseLong(first[2]) >> 20, Long.parseLong(first[3]) >> 20, second[1],
                Long.parseLong(second[2]) >> 20, Long.parseLong(second[3]) >> 20);
    }

    private String[] open(Path home, String name) throws Exception {
        try (ChildJvm child = ChildJvm.start(JournalOpenMain.class, dir.resolve(name + ".err"), home.toString(),
                "models/m10/aliases/champion")) {
            String line = child.await(l -> l.startsWith("OPENED "), 600_000, "opening the store");
            assertThat(child.waitFor(60_000)).isZero();
            return line.split(" ");
        }
    }
}
