package dev.lifecycle.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifecycle.core.store.MemoryStore;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** One id allocator per Lifecycle: holders share its store leases and never an id, across restarts too. */
@Tag("fast")
@net.jqwik.api.Tag("fast")
class IdAllocatorTest {
    private static final Clock FROZEN = Clock.fixed(Instant.parse("2024-01-01T00:00:00Z"), ZoneOffset.UTC);

    private static IdAllocator allocator(MemoryStore store, long lease, long chunk) {
        return new IdAllocator(new IdLeases(store, FROZEN, "test"), "Lifecycle (actor test)", lease, chunk);
    }

    /**
     * Random interleavings of block requests by holders of several allocators opened one after the other
     * on one store (restarts), under a clock that stands still: every block is disjoint from every other.
     */
    @Property(tries = 200)
    void noIdIsHandedOutTwiceByHoldersOfOneAllocatorOrAcrossRestarts(
            @ForAll @IntRange(min = 1, max = 4) int blockPow, @ForAll @IntRange(min = 0, max = 3) int chunkBlocksPow,
            @ForAll @IntRange(min = 0, max = 3) int leaseChunksPow,
            @ForAll @Size(min = 1, max = 300) List<@IntRange(min = 0, max = 9) Integer> ops) {
        int block = 1 << blockPow;
        long chunk = (long) block << chunkBlocksPow;
        long lease = chunk << leaseChunksPow;
        try (MemoryStore store = new MemoryStore(FROZEN)) {
            IdAllocator ids = allocator(store, lease, chunk);
            List<IdAllocator.Holder> holders = new ArrayList<>();
            holders.add(ids.holder("h0", block));
            Set<Long> seen = new HashSet<>();
            for (int op : ops) {
                if (op == 0) { // restart: the allocator gives back what no holder took
                    ids.close();
                    ids = allocator(store, lease, chunk);
                    holders.clear();
                    holders.add(ids.holder("h0", block));
                } else if (op == 1) {
                    holders.add(ids.holder("h" + holders.size(), block));
                } else {
                    IdAllocator.Holder h = holders.get(op % holders.size());
                    long first = h.nextBlock();
                    for (long id = first; id < first + block; id++) {
                        assertThat(seen.add(id)).as("id %d handed out twice", id).isTrue();
                        assertThat(h.issued(id)).isTrue();
                    }
                }
            }
            ids.close();
        }
    }

    @Test
    void concurrentHoldersShareOneStoreLeaseAndNeverAnId() throws Exception {
        try (MemoryStore store = new MemoryStore(FROZEN)) {
            IdAllocator ids = allocator(store, 1 << 20, 1 << 12);
            int threads = 4;
            int blocks = 500;
            List<IdAllocator.Holder> holders = List.of(ids.holder("a", 64), ids.holder("b", 64), ids.holder("c", 64));
            Set<Long> firsts = ConcurrentHashMap.newKeySet();
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int me = t;
                    done.add(pool.submit(() -> {
                        start.await();
                        for (int i = 0; i < blocks; i++) {
                            IdAllocator.Holder h = holders.get((i + me) % holders.size());
                            assertThat(firsts.add(h.nextBlock())).isTrue();
                        }
                        return null;
                    }));
                }
                start.countDown();
                for (Future<?> f : done) {
                    f.get();
                }
            } finally {
                pool.shutdown();
            }
            assertThat(firsts).hasSize(threads * blocks);
            List<Long> sorted = firsts.stream().sorted().toList();
            for (int i = 1; i < sorted.size(); i++) {
                assertThat(sorted.get(i) - sorted.get(i - 1)).as("blocks of 64 ids never overlap").isGreaterThanOrEqualTo(64);
            }
            assertThat(store.journal(IdLeases.REF)).as("one store lease for every holder").hasSize(1);
        }
    }

    @Test
    void aHolderKnowsItsOwnIdsOnlyAndForgetsBeyondItsRememberedChunks() {
        try (MemoryStore store = new MemoryStore(FROZEN)) {
            IdAllocator ids = allocator(store, 1 << 16, 16);
            IdAllocator.Holder a = ids.holder("a", 16);
            IdAllocator.Holder b = ids.holder("b", 16);
            long firstOfA = a.nextBlock();
            long firstOfB = b.nextBlock();
            assertThat(a.issued(firstOfA)).isTrue();
            assertThat(a.issued(firstOfB)).as("b's id is not a's").isFalse();
            assertThat(b.issued(firstOfA)).isFalse();
            for (int i = 0; i < IdAllocator.REMEMBERED; i++) { // interleaved: every chunk of a is a range of its own
                a.nextBlock();
                b.nextBlock();
            }
            assertThat(a.issued(firstOfA)).as("past %d chunks the oldest is forgotten", IdAllocator.REMEMBERED).isFalse();
            long latest = a.nextBlock();
            assertThat(a.issued(latest + 15)).isTrue();
            assertThat(a.issued(latest + 16)).as("not handed out yet").isFalse();
        }
    }

    @Test
    void closingGivesTheUntakenRestBackSoTheNextLifecycleContinuesAfterTheLastIdTaken() {
        try (MemoryStore store = new MemoryStore(FROZEN)) {
            IdAllocator first = allocator(store, 1 << 20, 1 << 10);
            IdAllocator.Holder h = first.holder("a", 1 << 10);
            long last = h.nextBlock() + (1 << 10) - 1;
            long unused = first.unused();
            first.close();
            assertThatThrownBy(() -> first.holder("b", 8)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("closed");
            IdAllocator second = allocator(store, 1 << 20, 1 << 10);
            assertThat(second.holder("c", 8).nextBlock()).isEqualTo(last + 1);
            assertThat(unused).isEqualTo((1 << 20) - (1 << 10));
            second.close();
        }
    }

    @Test
    void nothingIsGivenBackWhenSomeoneLeasedAfterTheAllocator() {
        try (MemoryStore store = new MemoryStore(FROZEN)) {
            IdAllocator mine = allocator(store, 1 << 20, 1 << 10);
            long myFirst = mine.holder("a", 8).nextBlock();
            IdAllocator other = allocator(store, 1 << 20, 1 << 10); // another JVM on the same store
            long otherFirst = other.holder("b", 8).nextBlock();
            mine.close();
            assertThat(store.ref(IdLeases.REF)).contains(Long.toString(otherFirst + (1 << 20)));
            IdAllocator next = allocator(store, 1 << 20, 1 << 10);
            assertThat(next.holder("c", 8).nextBlock()).isGreaterThan(otherFirst).isGreaterThan(myFirst);
        }
    }
}
