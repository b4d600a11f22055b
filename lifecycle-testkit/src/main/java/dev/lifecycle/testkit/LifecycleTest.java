package dev.lifecycle.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.apiguardian.api.API;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives each test a fresh {@code Lifecycle}, a {@link TestClock} and a seeded
 * {@link java.util.random.RandomGenerator}: declare them as parameters of the test method (or of
 * {@code @BeforeEach}). Everything is closed and deleted after the test. Safe under JUnit's
 * parallel execution: nothing is shared between tests.
 *
 * <pre>{@code
 * @LifecycleTest(store = LifecycleTest.StoreKind.DIRECTORY, seed = 7)
 * class ChurnModelTest {
 *     @Test
 *     void trainsAGoodModel(Lifecycle lc, TestClock clock, RandomGenerator random) { ... }
 * }
 * }</pre>
 *
 * <p>jqwik runs as its own engine, so JUnit extensions do not reach {@code @Property} methods; use
 * {@link Fixture#open(LifecycleTest.StoreKind, long)} there instead.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(LifecycleExtension.class)
public @interface LifecycleTest {

    /** @return where the test's Lifecycle keeps its data */
    StoreKind store() default StoreKind.MEMORY;

    /** @return the seed of the injected random generator */
    long seed() default 42L;

    /** Where a test's Lifecycle keeps its data. */
    @API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
    enum StoreKind {
        /** A {@code MemoryStore}: fastest. */
        MEMORY,
        /** A {@code FileStore} in a temporary directory deleted after the test. */
        DIRECTORY
    }
}
