package dev.lifecycle.core.store;

import dev.lifecycle.api.store.ObjectId;
import dev.lifecycle.api.store.Store;
import java.time.Clock;

/** The store contract for {@link MemoryStore}. */
class MemoryStoreTest extends StoreContractTest {
    @Override
    protected Store newStore(Clock clock) {
        return new MemoryStore(clock);
    }

    @Override
    protected void corrupt(Store s, ObjectId id) {
        byte[] bytes = s.get(id);
        bytes[bytes.length / 2] ^= 0x01;
        ((MemoryStore) s).corrupt(id, bytes);
    }
}
