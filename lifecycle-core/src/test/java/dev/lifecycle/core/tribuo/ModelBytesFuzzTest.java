package dev.lifecycle.core.tribuo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Tag;

/**
 * Seeded mutations of stored LR, CART and XGBoost model bytes, read and used in a child JVM so that a
 * crash is seen instead of killing the test run: no crash, no hang, no untyped exception. CI runs a few
 * per kind; {@code LIFECYCLE_FUZZ_COUNT=1000} in the environment runs the full acceptance check.
 */
@Tag("crash")
class ModelBytesFuzzTest {
    private static final long HANG_MILLIS = 60_000;

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"lr", "cart", "xgboost"})
    void mutatedModelBytesNeverCrashHangOrThrowUntyped(String kind) throws Exception {
        int count = Integer.parseInt(System.getenv().getOrDefault("LIFECYCLE_FUZZ_COUNT", "40"));
        Map<String, Integer> outcomes = new TreeMap<>();
        List<String> crashes = new ArrayList<>();
        List<String> hangs = new ArrayList<>();
        List<String> untyped = new ArrayList<>();
        int next = 0;
        while (next < count) {
            Path err = dir.resolve(kind + "-" + next + ".err");
            Process p = start(kind, next, count - next, err);
            BlockingQueue<String> lines = lines(p);
            int current = -1;
            boolean done = false;
            while (true) {
                String line = lines.poll(current < 0 ? 10 * HANG_MILLIS : HANG_MILLIS, TimeUnit.MILLISECONDS);
                if (line == null) {
                    hangs.add(kind + " " + current);
                    p.destroyForcibly().waitFor();
                    break;
                }
                if (line.equals("EOF")) {
                    int exit = p.waitFor();
                    if (!done) {
                        crashes.add(kind + " " + current + " (exit " + exit + "): " + tail(err));
                    }
                    break;
                }
                if (line.startsWith("START ")) {
                    current = Integer.parseInt(line.split(" ")[2]);
                } else if (line.startsWith("RESULT ")) {
                    String[] parts = line.split(" ", 4);
                    String outcome = parts[3];
                    outcomes.merge(outcome.startsWith("untyped") ? "untyped" : outcome, 1, Integer::sum);
                    if (outcome.startsWith("untyped")) {
                        untyped.add(kind + " " + parts[2] + ": " + outcome);
                    }
                    next = Integer.parseInt(parts[2]) + 1;
                } else if (line.equals("DONE")) {
                    done = true;
                }
            }
            if (current >= 0 && next <= current) {
                next = current + 1; // skip the mutation that crashed or hung
            } else if (current < 0) {
                throw new AssertionError("Fuzz child for " + kind + " did not start: " + tail(err));
            }
        }
        System.out.println("FUZZ " + kind + " mutations=" + count + " outcomes=" + outcomes + " crashes=" + crashes.size()
                + " hangs=" + hangs.size() + " untyped=" + untyped.size());
        assertThat(crashes).as("JVM crashes").isEmpty();
        assertThat(hangs).as("hangs").isEmpty();
        assertThat(untyped).as("untyped exceptions").isEmpty();
    }

    private static Process start(String kind, int first, int count, Path err) throws IOException {
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m", "-XX:-CreateCoredumpOnCrash",
                "-XX:ErrorFile=" + err.getParent().resolve("hs_err_%p.log"),
                "-cp", System.getProperty("java.class.path"), ModelBytesFuzzMain.class.getName(), kind,
                Integer.toString(first), Integer.toString(count));
        return new ProcessBuilder(cmd).redirectError(err.toFile()).start();
    }

    private static BlockingQueue<String> lines(Process p) {
        BlockingQueue<String> q = new LinkedBlockingQueue<>();
        Thread t = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String l;
                while ((l = in.readLine()) != null) {
                    q.add(l);
                }
            } catch (IOException e) {
                // the child is gone
            }
            q.add("EOF");
        }, "fuzz-child-" + p.pid());
        t.setDaemon(true);
        t.start();
        return q;
    }

    private static String tail(Path err) throws IOException {
        if (!Files.exists(err)) {
            return "";
        }
        String s = Files.readString(err);
        return s.length() > 2000 ? s.substring(s.length() - 2000) : s;
    }
}
