package dev.lifecycle.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.core.Lifecycle;
import dev.lifecycle.core.data.SeaStream;
import dev.lifecycle.core.store.FileStore;
import dev.lifecycle.testkit.generators.GeneratedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;
import org.junit.jupiter.api.Tag;

@Tag("fast")
class LifecycleExtensionTest {

    @Test
    @LifecycleTest
    void injectsAFreshInMemoryLifecycleWithATestClock(Lifecycle lc, TestClock clock, RandomGenerator random) {
        assertThat(lc.store().refs("")).isEmpty();
        assertThat(lc.clock()).isSameAs(clock);
        assertThat(clock.instant()).isEqualTo(TestClock.EPOCH);
        assertThat(random.nextLong()).isEqualTo(new java.util.SplittableRandom(42).nextLong());
    }

    @Test
    @LifecycleTest(store = LifecycleTest.StoreKind.DIRECTORY, seed = 7)
    void directoryStoresLiveInATemporaryDirectory(Fixture fixture) {
        assertThat(fixture.home()).isDirectory();
        assertThat(fixture.lifecycle().store()).isInstanceOf(FileStore.class);
    }

    @Test
    void theDirectoryIsDeletedAfterTheTest() {
        Events events = EngineTestKit.engine("junit-jupiter").selectors(selectClass(RemembersItsHome.class)).execute()
                .testEvents();
        events.assertStatistics(s -> s.succeeded(1).failed(0));
        assertThat(RemembersItsHome.home).isNotNull();
        assertThat(Files.exists(RemembersItsHome.home)).isFalse();
    }

    @Test
    void theClockMovesOnlyWhenTheTestMovesIt() {
        TestClock clock = TestClock.start();
        clock.advance(Duration.ofMinutes(5));
        assertThat(clock.instant()).isEqualTo(TestClock.EPOCH.plus(Duration.ofMinutes(5)));
        assertThat(clock.withZone(java.time.ZoneId.of("Europe/Paris")).instant()).isEqualTo(clock.instant());
    }

    @Test
    void testsRunInParallelEachWithItsOwnLifecycle() {
        ParallelSample.started.clear();
        Events events = EngineTestKit.engine("junit-jupiter")
                .configurationParameter("junit.jupiter.execution.parallel.enabled", "true")
                .configurationParameter("junit.jupiter.execution.parallel.mode.default", "concurrent")
                .configurationParameter("junit.jupiter.execution.parallel.config.strategy", "fixed")
                .configurationParameter("junit.jupiter.execution.parallel.config.fixed.parallelism", "4")
                .selectors(selectClass(ParallelSample.class)).execute().testEvents();
        events.assertStatistics(s -> s.started(4).succeeded(4).failed(0));
        assertThat(ParallelSample.started).hasSize(4);
    }

    /** Run only through the engine test kit above. */
    @LifecycleTest(store = LifecycleTest.StoreKind.DIRECTORY)
    static class RemembersItsHome {
        static Path home;

        @Test
        void remember(Fixture f) {
            home = f.home();
        }
    }

    /**
     * Four tests that can only pass if they run at the same time (they meet at a barrier), each
     * importing into its own Lifecycle: each must see only its own data.
     */
    @LifecycleTest
    static class ParallelSample {
        static final Set<String> started = ConcurrentHashMap.newKeySet();
        static final CyclicBarrier barrier = new CyclicBarrier(4);

        @Test
        void a(Lifecycle lc) throws Exception {
            work("a", lc);
        }

        @Test
        void b(Lifecycle lc) throws Exception {
            work("b", lc);
        }

        @Test
        void c(Lifecycle lc) throws Exception {
            work("c", lc);
        }

        @Test
        void d(Lifecycle lc) throws Exception {
            work("d", lc);
        }

        private static void work(String name, Lifecycle lc) throws Exception {
            started.add(name);
            barrier.await(20, TimeUnit.SECONDS);
            SeaStream stream = new SeaStream(name.hashCode(), 1000, 0.0, 8.0);
            GeneratedData data = new GeneratedData(
                    new dev.lifecycle.api.data.Schema(List.of(dev.lifecycle.api.data.Field.numeric("x1"),
                            dev.lifecycle.api.data.Field.numeric("x2"), dev.lifecycle.api.data.Field.numeric("x3"),
                            dev.lifecycle.api.data.Field.categorical("label", List.of("0", "1"))), "label"),
                    stream.next(200));
            DatasetVersion v = data.importInto(lc, "data-" + name);
            assertThat(v.version()).isEqualTo(1);
            assertThat(lc.datasets().names()).containsExactly("data-" + name);
        }
    }
}
