package dev.lifecycle.core.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifecycle.api.deployment.LoggedPrediction;
import dev.lifecycle.core.Lifecycle;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Tag;

/** A child JVM killed with SIGKILL right after flush() returns keeps every flushed prediction. */
@Tag("crash")
class DurabilityTest {

    @Test
    void everyFlushedPredictionSurvivesSigkill(@TempDir Path home) throws Exception {
        try (Lifecycle lc = Lifecycle.open(home)) {
            Fixtures.train(lc, 1);
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                DurabilityChild.class.getName(), home.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        Set<Long> flushed = new HashSet<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("IDS ")) {
                    for (String id : line.substring(4).split(" ")) {
                        flushed.add(Long.parseLong(id));
                    }
                } else if (line.equals("FLUSHED")) {
                    child.destroyForcibly();
                    break;
                }
            }
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(child.exitValue()).as("killed by SIGKILL").isEqualTo(137);
        assertThat(flushed).hasSize(1234);
        try (Lifecycle lc = Lifecycle.open(home)) {
            List<LoggedPrediction> log = PredictionLogs.read(lc.store(), Fixtures.MODEL);
            Set<Long> logged = new HashSet<>();
            log.forEach(e -> logged.add(e.id()));
            assertThat(logged).containsAll(flushed);
            assertThat(log).allSatisfy(e -> assertThat(e.version()).isEqualTo(1));
        }
    }
}
