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
 * once warmed up, waits for a line on stdin (so that several children start together), registers half
 * of its versions, prints {@code VERSION <n>} for each and {@code HALF}, waits for another line (so the
 * parent can hold every child at half way), registers the rest, prints them and {@code DONE}.
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
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            in.readLine();
            int half = perThread / 2;
            print(out, register(lc, modelName, model, trainer, threads, half));
            out.println("HALF");
            in.readLine();
            print(out, register(lc, modelName, model, trainer, threads, perThread - half));
            out.println("DONE");
        }
    }

    private static void print(PrintStream out, List<Integer> versions) {
        StringBuilder sb = new StringBuilder();
        for (int v : versions) {
            sb.append("VERSION ").append(v).append('\n');
        }
        out.print(sb);
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
