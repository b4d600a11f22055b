package dev.lifecycle.core.loop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.model.ModelVersion;
import dev.lifecycle.api.model.Prediction;
import dev.lifecycle.core.Lifecycle;
import dev.lifecycle.core.data.Csv;
import dev.lifecycle.core.data.RowSource;
import dev.lifecycle.core.data.SeaStream;
import dev.lifecycle.core.deployment.InProcessDeployment;
import dev.lifecycle.core.model.Trainers;
import dev.lifecycle.core.monitoring.Monitor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Tag;

/**
 * A monitored loop running long in a small heap: predictions with 10% of labels fed back, retrains on
 * the loop's own executor, in a child JVM with {@code -Xmx256m} on a directory store. The retained heap is
 * measured at eight points of the run, each once the loop is idle; it moves by several MB with the loop's
 * phase (one model served or a canary's two), so the least of the last four must be within 10% of the
 * most of the first four: a leak raises every later point. Nothing may be left running after close. CI
 * runs 2M predictions; {@code -Dsoak.predictions=20000000} runs the full soak.
 */
@Tag("slow")
class LoopSoakTest {
    /** Points of the run where the retained heap is measured, the last at the end. */
    static final int CHECKPOINTS = 8;

    @Test
    void aMonitoredLoopRunsLongInASmallHeapAndLeavesNothingBehind(@TempDir Path dir) throws Exception {
        long n = Long.getLong("soak.predictions", 2_000_000L);
        Path err = dir.resolve("stderr.txt");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), Soak.class.getName(),
                Long.toString(n), dir.resolve("store").toString()));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.to(err.toFile())).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.MINUTES)).as("soak finished").isTrue();
        assertThat(p.exitValue()).as("child exit; stdout %s; stderr %s", out, Files.readString(err)).isZero();
        System.out.print(out);
        Map<String, String> figures = new HashMap<>();
        for (String line : out.split("\n")) {
            String[] kv = line.strip().split("=", 2);
            if (kv.length == 2) {
                figures.put(kv[0], kv[1]);
            }
        }
        double firstHalf = 0;
        double secondHalf = Double.MAX_VALUE;
        for (int k = 1; k <= CHECKPOINTS; k++) {
            double mb = Double.parseDouble(figures.get("heapMb" + k));
            if (k <= CHECKPOINTS / 2) {
                firstHalf = Math.max(firstHalf, mb);
            } else {
                secondHalf = Math.min(secondHalf, mb);
            }
        }
        assertThat(secondHalf).as("least retained heap of the second half vs most of the first")
                .isLessThanOrEqualTo(firstHalf * 1.10);
        assertThat(Long.parseLong(figures.get("retrains"))).as("retrains").isGreaterThan(3);
        assertThat(figures.get("threadsAfterClose")).isEqualTo("[]");
        assertThat(figures.get("servingClosed")).isEqualTo("true");
        assertThat(figures.get("oom")).isEqualTo("false");
    }

    /** The child: runs the loop and prints {@code key=value} figures. */
    public static final class Soak {
        public static void main(String[] args) throws Exception {
            Logger.getLogger("org.tribuo").setLevel(Level.WARNING);
            long n = Long.parseLong(args[0]);
            long every = Math.max(1, n / CHECKPOINTS);
            long started = System.nanoTime();
            boolean oom = false;
            try (Lifecycle lc = Lifecycle.open(Path.of(args[1]))) {
                SeaStream stream = new SeaStream(17, 400_000, 0.05, 8, 4);
                DatasetVersion d = lc.datasets().importFrom("sea", RowSource.of("sea", SeaStream.COLUMNS,
                        stream.next(2000)), Csv.forTarget("label"));
                ModelVersion m = lc.train("sea-clf", Trainers.cart().maxDepth(6).seed(3), d);
                lc.models().setAlias("sea-clf", "champion", m, "first");
                Monitor monitor = Monitor.builder("sea-clf", lc.datasets().profile(d)).target("label").build();
                Loop loop = Loop.builder(lc, "sea-clf", "label").trigger(Trigger.everyLabelled(5000))
                        .history(2000).holdout(300).canary(0.5, 200, 0.05).monitor(monitor).build();
                long[] late = new long[64];
                String[] truth = new String[64];
                try (loop) {
                    for (long i = 0; i < n; i++) {
                        Row r = stream.next();
                        Prediction p = loop.predict(r.without("label"));
                        if (i % 10 == 0) {
                            int slot = (int) ((i / 10) & 63);
                            if (late[slot] != 0) {
                                loop.feedback(late[slot], truth[slot]);
                            }
                            late[slot] = p.id();
                            truth[slot] = (String) r.get("label");
                        }
                        if ((i + 1) % every == 0 && (i + 1) / every < CHECKPOINTS) {
                            loop.awaitIdle();
                            System.out.printf("heapMb%d=%.2f%n", (i + 1) / every, retainedMb());
                        }
                    }
                    loop.awaitIdle();
                    System.out.printf("heapMb%d=%.2f%n", CHECKPOINTS, retainedMb());
                } catch (OutOfMemoryError e) {
                    oom = true;
                }
                long retrains = loop.iterations().stream().filter(it -> it.dataset() != null
                        && it.outcome() != LoopIteration.Outcome.PROMOTED
                        && it.outcome() != LoopIteration.Outcome.ROLLED_BACK).count();
                System.out.println("retrains=" + retrains);
                System.out.println("iterations=" + loop.iterations().size());
                System.out.println("promotions=" + loop.promotions());
                System.out.println("labels=" + loop.labels());
                System.out.println("evicted=" + loop.evictedPredictions());
                System.out.println("monitorDroppedChunks=" + monitor.droppedChunks());
                System.out.println("servingClosed=" + ((InProcessDeployment) loop.serving()).isClosed());
            }
            Thread.sleep(200);
            List<String> left = new ArrayList<>();
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                if (t.getName().startsWith("lifecycle-") && t.isAlive()) {
                    left.add(t.getName());
                }
            }
            System.out.println("threadsAfterClose=" + left);
            System.out.println("oom=" + oom);
            System.out.printf("seconds=%.1f%n", (System.nanoTime() - started) / 1e9);
        }

        private static double retainedMb() throws InterruptedException {
            double least = Double.MAX_VALUE;
            for (int i = 0; i < 3; i++) {
                System.gc();
                Thread.sleep(20);
                Runtime rt = Runtime.getRuntime();
                least = Math.min(least, (rt.totalMemory() - rt.freeMemory()) / 1e6);
            }
            return least;
        }
    }
}
