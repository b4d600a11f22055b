package dev.lifecycle.core.store;

import dev.lifecycle.api.model.Model;
import dev.lifecycle.api.model.ModelVersion;
import dev.lifecycle.core.Lifecycle;
import dev.lifecycle.core.tribuo.LogisticRegression;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;

/**
 * Child JVM of {@link FileStoreConcurrencyTest}: registers versions of one model name from many
 * threads at once through the public model registry.
 *
 * <p>Arguments: {@code <storeDir> <modelName> <threads> <versionsPerThread>}. Prints {@code READY}
 * once warmed up, waits for a line on stdin (so that several children start together), then prints
 * {@code VERSION <n>} for every registered version and {@code DONE} at the end.
 */
public final class ConcurrentRegisterMain {
    private ConcurrentRegisterMain() {
    }

    public static void main(String[] args) throws Exception {
        Path storeDir = Path.of(args[0]);
        String modelName = args[1];
        int threads = Integer.parseInt(args[2]);
        int perThread = Integer.parseInt(args[3]);
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        LogisticRegression trainer = StoreFixtures.tinyTrainer();
        Model model = StoreFixtures.tinyModel();
        try (Lifecycle lc = Lifecycle.builder().directory(storeDir).actor("child-" + ProcessHandle.current().pid())
                .build()) {
            out.println("READY");
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            List<Integer> versions = register(lc, modelName, model, trainer, threads, perThread);
            StringBuilder sb = new StringBuilder();
            for (int v : versions) {
                sb.append("VERSION ").append(v).append('\n');
            }
            out.print(sb);
            out.println("DONE");
        }
    }

    /** Registers {@code threads * perThread} versions from {@code threads} threads started together. */
    static List<Integer> register(Lifecycle lc, String modelName, Model model, LogisticRegression trainer,
            int threads, int perThread) throws InterruptedException {
        ConcurrentLinkedQueue<Integer> versions = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread w = new Thread(() -> {
                try {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        ModelVersion v = lc.models().register(modelName, model, trainer, "tiny@1");
                        versions.add(v.version());
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }, "register-" + t);
            w.start();
            workers.add(w);
        }
        start.countDown();
        for (Thread w : workers) {
            w.join();
        }
        if (!failures.isEmpty()) {
            IllegalStateException e = new IllegalStateException(failures.size() + " registering threads failed");
            failures.forEach(e::addSuppressed);
            throw e;
        }
        return new ArrayList<>(versions);
    }
}
