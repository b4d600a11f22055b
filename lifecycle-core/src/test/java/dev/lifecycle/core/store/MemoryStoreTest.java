package dev.lifecycle.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifecycle.api.store.ObjectId;
import dev.lifecycle.core.internal.OwnedBytes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;

@Tag("fast")
class MemoryStoreTest {

    @Test
    void handedOverBytesGetTheSameIdAsCopiedOnesAndReadsStillCopy() {
        MemoryStore store = new MemoryStore();
        byte[] bytes = {1, 2, 3};
        ObjectId owned = store.putOwned(new OwnedBytes(bytes));
        assertThat(owned).isEqualTo(new MemoryStore().put(new byte[] {1, 2, 3}));

        byte[] read = store.get(owned);
        read[0] = 9;
        assertThat(store.get(owned)).containsExactly(1, 2, 3);
    }

    @Test
    void putCopiesWhatTheCallerKeeps() {
        MemoryStore store = new MemoryStore();
        byte[] bytes = {1, 2, 3};
        ObjectId id = store.put(bytes);
        bytes[0] = 9;
        assertThat(store.get(id)).containsExactly(1, 2, 3);
    }
}
