package dev.lifecycle.testkit;

import dev.lifecycle.core.Lifecycle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.apiguardian.api.API;

/**
 * One test's world: a fresh {@link Lifecycle} on a {@link TestClock}, a seeded random generator and,
 * for a directory store, the directory. Closing it closes the Lifecycle and deletes the directory.
 * Use it directly where JUnit extensions do not reach (jqwik {@code @Property} methods):
 *
 * <pre>{@code
 * @Property
 * void anyDatasetRoundTrips(@ForAll("datasets") ...) {
 *     try (Fixture f = Fixture.open(LifecycleTest.StoreKind.MEMORY, 42)) { ... }
 * }
 * }</pre>
 *
 * @param lifecycle the Lifecycle under test
 * @param clock its clock
 * @param random a generator seeded with the fixture's seed
 * @param home the store directory, or {@code null} for a memory store
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public record Fixture(Lifecycle lifecycle, TestClock clock, RandomGenerator random, Path home)
        implements AutoCloseable {

    /** @return a fresh fixture */
    public static Fixture open(LifecycleTest.StoreKind kind, long seed) {
        TestClock clock = TestClock.start();
        RandomGenerator random = new SplittableRandom(seed);
        if (kind == LifecycleTest.StoreKind.MEMORY) {
            return new Fixture(Lifecycle.builder().clock(clock).actor("test").build(), clock, random, null);
        }
        try {
            Path home = Files.createTempDirectory("lifecycle-test-");
            return new Fixture(Lifecycle.builder().directory(home).clock(clock).actor("test").build(), clock, random,
                    home);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a temporary directory for a test store", e);
        }
    }

    /** @return a fresh in-memory fixture with seed 42 */
    public static Fixture inMemory() {
        return open(LifecycleTest.StoreKind.MEMORY, 42L);
    }

    @Override
    public void close() {
        lifecycle.close();
        if (home != null) {
            deleteTree(home);
        }
    }

    private static void deleteTree(Path root) {
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    Files.delete(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete the test store " + root, e);
        }
    }
}
