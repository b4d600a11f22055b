package dev.lifecycle.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A child JVM running a test main class, with its stdout collected as complete lines (a line cut
 * short by a kill is dropped) and its stderr kept in a file for failure messages.
 */
public final class ChildJvm implements AutoCloseable {
    private final Process process;
    private final Path stderr;
    private final List<String> lines = new ArrayList<>();
    private final Thread reader;

    private ChildJvm(Process process, Path stderr) {
        this.process = process;
        this.stderr = stderr;
        this.reader = new Thread(this::readLines, "child-stdout-" + process.pid());
        this.reader.setDaemon(true);
        this.reader.start();
    }

    /** Starts {@code main} on this JVM's classpath, tuned for a fast start. */
    public static ChildJvm start(Class<?> main, Path stderr, String... args) throws IOException {
        return startWithHeap(main, stderr, "256m", args);
    }

    /** Starts {@code main} with a maximum heap such as {@code 512m}. */
    public static ChildJvm startWithHeap(Class<?> main, Path stderr, String heap, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-Xshare:auto");
        cmd.add("-Xmx" + heap);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(main.getName());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.to(stderr.toFile())).start();
        return new ChildJvm(p, stderr);
    }

    private void readLines() {
        try (InputStream in = process.getInputStream()) {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) >= 0) {
                if (b == '\n') {
                    synchronized (lines) {
                        lines.add(line.toString(StandardCharsets.UTF_8));
                        lines.notifyAll();
                    }
                    line.reset();
                } else {
                    line.write(b);
                }
            }
        } catch (IOException e) {
            // the process is gone; what was read is kept
        } finally {
            synchronized (lines) {
                lines.add(null); // end of output
                lines.notifyAll();
            }
        }
    }

    /**
     * Waits until a line matching {@code wanted} has been printed.
     *
     * @throws AssertionError naming the child's stderr when it ends or times out first
     */
    public String await(Predicate<String> wanted, long timeoutMillis, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        synchronized (lines) {
            int seen = 0;
            while (true) {
                for (; seen < lines.size(); seen++) {
                    String l = lines.get(seen);
                    if (l == null) {
                        throw new AssertionError("Child " + process.pid() + " ended (exit " + exitCode()
                                + ") before " + what + "; stdout " + lines + "; stderr:\n" + read(stderr));
                    }
                    if (wanted.test(l)) {
                        return l;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("Child " + process.pid() + " did not reach " + what + " in "
                            + timeoutMillis + " ms; stderr:\n" + read(stderr));
                }
                TimeUnit.NANOSECONDS.timedWait(lines, left);
            }
        }
    }

    /** Sends one line to the child's stdin. */
    public void send(String line) throws IOException {
        OutputStream in = process.getOutputStream();
        in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    /** Kills the child with SIGKILL and waits until it and its stdout are gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            throw new AssertionError("Child " + process.pid() + " did not die within 20 s of SIGKILL");
        }
        reader.join(10_000);
    }

    /** Waits for a normal end. @return the exit code */
    public int waitFor(long timeoutMillis) throws InterruptedException {
        if (!process.waitFor(timeoutMillis, TimeUnit.MILLISECONDS)) {
            throw new AssertionError("Child " + process.pid() + " still runs after " + timeoutMillis + " ms; stderr:\n"
                    + read(stderr));
        }
        reader.join(10_000);
        return process.exitValue();
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** @return the complete lines printed so far */
    public List<String> lines() {
        synchronized (lines) {
            List<String> out = new ArrayList<>(lines);
            out.remove(null);
            return out;
        }
    }

    public String stderr() {
        return read(stderr);
    }

    private String exitCode() {
        try {
            process.waitFor(2, TimeUnit.SECONDS);
            return process.isAlive() ? "still running" : Integer.toString(process.exitValue());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    /** Kills the child if it still runs. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }

    private static String read(Path stderr) {
        try {
            return Files.exists(stderr) ? Files.readString(stderr) : "";
        } catch (IOException e) {
            return "(cannot read " + stderr + ": " + e + ")";
        }
    }
}
