package dev.lifecycle.core.internal;

import java.util.ArrayDeque;

/**
 * The prediction ids of one open {@code Lifecycle}, shared by all its deployments and loops: ranges leased
 * in the store ({@link IdLeases}, one lease per {@value #LEASE} ids, so usually one store write per
 * Lifecycle opened, whatever the number of deployments), cut into chunks for each {@link Holder}, which
 * cuts them into blocks for its threads. No id is issued twice: not by two holders, not after a restart,
 * not in another JVM on the same store. Closing it gives the never handed out rest of its lease back to
 * the store when no one leased after it, and refuses further chunks.
 */
public final class IdAllocator implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(IdAllocator.class.getName());
    /** Ids leased from the store at once. */
    public static final long LEASE = 1L << 30;
    /** Ids a holder takes at once. */
    public static final long CHUNK = 1L << 20;
    /** Chunks a holder remembers for {@link Holder#issued}. */
    static final int REMEMBERED = 64;

    private final IdLeases leases;
    private final String owner;
    private final long leaseSize;
    private final long chunkSize;
    /* guarded by this */
    private long next;
    private long end;
    private boolean closed;

    /** @param owner who the leases are for, for the store's journal */
    public IdAllocator(IdLeases leases, String owner) {
        this(leases, owner, LEASE, CHUNK);
    }

    /**
     * @param leaseSize ids leased from the store at once
     * @param chunkSize ids a holder takes at once (at most {@code leaseSize})
     */
    public IdAllocator(IdLeases leases, String owner, long leaseSize, long chunkSize) {
        if (chunkSize < 1 || leaseSize < chunkSize) {
            throw new IllegalArgumentException("Give a chunk of at least one id and a lease no smaller, got "
                    + chunkSize + " and " + leaseSize);
        }
        this.leases = leases;
        this.owner = owner;
        this.leaseSize = leaseSize;
        this.chunkSize = chunkSize;
    }

    /**
     * @param name who the ids are for (a deployment), for error messages
     * @param blockSize ids handed out at once by {@link Holder#nextBlock()} (at most the chunk size)
     * @return ids for one holder, taken from this allocator's chunks as it needs them
     */
    public Holder holder(String name, int blockSize) {
        if (blockSize < 1 || blockSize > chunkSize) {
            throw new IllegalArgumentException("A block of " + name + " must hold 1 to " + chunkSize + " ids, got "
                    + blockSize);
        }
        return new Holder(this, blockSize);
    }

    /** @return the first id of a fresh chunk, leasing from the store when the current lease is used up */
    synchronized long chunk() {
        if (closed) {
            throw new IllegalStateException(owner + " is closed and issues no more prediction ids; open it again"
                    + " to deploy and predict");
        }
        if (next + chunkSize > end) {
            next = leases.lease(leaseSize, owner);
            end = next + leaseSize;
        }
        long first = next;
        next += chunkSize;
        return first;
    }

    /** @return the ids this allocator has not handed to any holder yet, in its current lease */
    public synchronized long unused() {
        return end - next;
    }

    /**
     * Refuses further chunks and gives the unused rest of the lease back to the store, when it can; never
     * throws (a store that fails here only leaves those ids unused).
     */
    @Override
    public void close() {
        long from;
        long to;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            from = next;
            to = end;
        }
        if (to > from) {
            try {
                leases.giveBack(from, to, owner);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, owner + " could not give prediction ids " + from + ".." + (to - 1)
                        + " back to the store; they stay unused", e);
            }
        }
    }

    /**
     * The ids of one holder (a deployment): blocks cut from chunks of the allocator, and which ids it
     * handed out, remembered for its latest {@value #REMEMBERED} chunks (an older id reads as never issued).
     */
    public static final class Holder {
        private final IdAllocator allocator;
        private final int blockSize;
        /* guarded by this: [first, end) of each chunk, oldest first; the last is the current one */
        private final ArrayDeque<long[]> chunks = new ArrayDeque<>();
        private long next;
        private long end;

        private Holder(IdAllocator allocator, int blockSize) {
            this.allocator = allocator;
            this.blockSize = blockSize;
            synchronized (this) {
                take(); // a store that cannot lease fails the deployment, not its first prediction
            }
        }

        /** @return the number of ids in a block */
        public int blockSize() {
            return blockSize;
        }

        /** @return the first id of a fresh block of {@link #blockSize()} ids (a lock per block, so it is cheap) */
        public synchronized long nextBlock() {
            if (next + blockSize > end) {
                take();
            }
            long first = next;
            next += blockSize;
            return first;
        }

        private void take() {
            long first = allocator.chunk();
            long[] last = chunks.peekLast();
            if (last != null && last[1] == first) {
                last[1] = first + allocator.chunkSize; // contiguous: the same range grows
            } else {
                if (chunks.size() == REMEMBERED) {
                    chunks.removeFirst();
                }
                chunks.addLast(new long[] {first, first + allocator.chunkSize});
            }
            next = first;
            end = first + allocator.chunkSize;
        }

        /** @return whether this holder handed the id out (in a block, used or not) */
        public synchronized boolean issued(long id) {
            long[] current = chunks.peekLast();
            for (long[] c : chunks) {
                long handedOut = c == current ? next : c[1];
                if (id >= c[0] && id < handedOut) {
                    return true;
                }
            }
            return false;
        }
    }
}
