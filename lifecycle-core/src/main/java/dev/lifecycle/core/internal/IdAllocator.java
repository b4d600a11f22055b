package dev.lifecycle.core.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Hands out blocks of prediction ids from ranges leased in the store ({@link IdLeases}), so no two
 * deployments or loops, in this JVM, after a restart or in another JVM, ever issue the same id; and
 * says whether an id was handed out here (a late label) or never (an unknown one).
 */
public final class IdAllocator {
    private final IdLeases leases;
    private final String holder;
    private final long leaseSize;
    private final int blockSize;
    private final List<long[]> ranges = new ArrayList<>();
    private long next;
    private long end;

    /**
     * @param holder who the ids are for, for the lease journal
     * @param leaseSize ids leased from the store at once
     * @param blockSize ids handed out at once
     */
    public IdAllocator(IdLeases leases, String holder, long leaseSize, int blockSize) {
        this.leases = leases;
        this.holder = holder;
        this.leaseSize = leaseSize;
        this.blockSize = blockSize;
        synchronized (this) {
            lease();
        }
    }

    /** @return the number of ids in a block */
    public int blockSize() {
        return blockSize;
    }

    /** @return the first id of a fresh block of {@link #blockSize()} ids (a lock per block, so it is cheap) */
    public synchronized long nextBlock() {
        if (next + blockSize > end) {
            lease();
        }
        long first = next;
        next += blockSize;
        return first;
    }

    private void lease() {
        next = leases.lease(leaseSize, holder);
        end = next + leaseSize;
        ranges.add(new long[] {next, end});
    }

    /** @return whether this allocator handed the id out (in a block, used or not) */
    public synchronized boolean issued(long id) {
        for (long[] r : ranges) {
            long handedOut = r[1] == end ? next : r[1];
            if (id >= r[0] && id < handedOut) {
                return true;
            }
        }
        return false;
    }
}
