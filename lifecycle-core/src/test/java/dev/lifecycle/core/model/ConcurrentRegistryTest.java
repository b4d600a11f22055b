package dev.lifecycle.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifecycle.api.store.JournalEntry;
import dev.lifecycle.core.Lifecycle;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Tag;

/** Acceptance: two JVMs register versions and move an alias on one file store at once. */
@Tag("slow")
class ConcurrentRegistryTest {
    private static final int ROUNDS = 25;

    @Test
    void twoJvmsGetUniqueGapFreeVersionsAndLoseNoAliasMove(@TempDir Path home) throws Exception {
        try (Lifecycle lc = Lifecycle.open(home)) {
            Fixtures.classification(lc, "toy", 200, 3);
        }
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Process> workers = new ArrayList<>();
        for (String name : List.of("jvm-a", "jvm-b")) {
            workers.add(new ProcessBuilder(javaBin, "-cp", cp, RegistryWorker.class.getName(), home.toString(), name,
                    Integer.toString(ROUNDS)).redirectErrorStream(true).start());
        }
        List<Integer> registered = new ArrayList<>();
        List<String> output = new ArrayList<>();
        for (Process p : workers) {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null;) {
                    output.add(line);
                    if (line.startsWith("REGISTERED ")) {
                        registered.add(Integer.parseInt(line.substring(11)));
                    }
                }
            }
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(String.join("\n", output)).isZero();
        }

        assertThat(registered).hasSize(2 * ROUNDS).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(java.util.stream.IntStream.rangeClosed(1, 2 * ROUNDS).boxed()
                        .toList());
        try (Lifecycle lc = Lifecycle.open(home)) {
            assertThat(lc.models().versions("shared")).hasSize(2 * ROUNDS).last().isEqualTo(2 * ROUNDS);
            assertThat(lc.models().aliasVersion("shared", "counter")).contains(2 * ROUNDS);
            List<JournalEntry> moves = lc.models().aliasHistory("shared", "counter");
            assertThat(moves).hasSize(2 * ROUNDS);
            for (int i = 0; i < moves.size(); i++) {
                assertThat(moves.get(i).newValue()).isEqualTo(Integer.toString(i + 1));
            }
            assertThat(moves).extracting(JournalEntry::actor).contains("jvm-a", "jvm-b");
        }
    }
}
