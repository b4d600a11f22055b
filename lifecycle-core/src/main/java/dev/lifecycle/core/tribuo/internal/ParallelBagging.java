package dev.lifecycle.core.tribuo.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongFunction;
import org.tribuo.Dataset;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.Model;
import org.tribuo.Output;
import org.tribuo.Trainer;
import org.tribuo.dataset.DatasetView;
import org.tribuo.ensemble.EnsembleCombiner;
import org.tribuo.ensemble.WeightedEnsembleModel;

/**
 * Bagging on several threads with a result that does not depend on their number: member {@code i} gets
 * its own seed, drawn in order from the ensemble's seed, for both its bootstrap sample and its trainer,
 * and members are combined in index order. The threads belong to one call and end with it.
 */
public final class ParallelBagging {
    private static final System.Logger LOG = System.getLogger(ParallelBagging.class.getName());
    private static final AtomicInteger POOLS = new AtomicInteger();

    /** Hears finished members; called from the worker threads. */
    @FunctionalInterface
    public interface Listener {
        /** @param done members finished so far, @param total members in all */
        void done(int done, int total);
    }

    private ParallelBagging() {
    }

    /**
     * @param data the training data (not modified)
     * @param member makes a fresh trainer for one member from that member's seed
     * @param members how many members (at least 1)
     * @param seed the ensemble's seed
     * @param threads how many threads train members at once (at least 1)
     * @param combiner how member predictions combine
     * @param listener hears progress, or null
     * @return the ensemble, members in index order
     */
    public static <T extends Output<T>> WeightedEnsembleModel<T> train(Dataset<T> data, LongFunction<Trainer<T>> member,
            int members, long seed, int threads, EnsembleCombiner<T> combiner, Listener listener) {
        SplittableRandom root = new SplittableRandom(seed);
        long[] seeds = new long[members];
        for (int i = 0; i < members; i++) {
            seeds[i] = root.nextLong();
        }
        ImmutableFeatureMap features = data.getFeatureIDMap();
        ImmutableOutputInfo<T> outputs = data.getOutputIDInfo();
        AtomicInteger done = new AtomicInteger();
        List<Model<T>> models = new ArrayList<>(members);
        int n = Math.max(1, Math.min(threads, members));
        if (n == 1) {
            for (int i = 0; i < members; i++) {
                models.add(one(data, member, seeds[i], features, outputs, done, members, listener));
            }
        } else {
            ExecutorService pool = Executors.newFixedThreadPool(n, factory());
            try {
                List<Future<Model<T>>> futures = new ArrayList<>(members);
                for (int i = 0; i < members; i++) {
                    long s = seeds[i];
                    futures.add(pool.submit(() -> one(data, member, s, features, outputs, done, members, listener)));
                }
                for (Future<Model<T>> f : futures) {
                    models.add(f.get());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Training was interrupted", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                throw new IllegalStateException("Training a member failed: " + e.getCause(), e.getCause());
            } finally {
                pool.shutdownNow();
            }
        }
        return WeightedEnsembleModel.createEnsembleFromExistingModels("bagged-ensemble", models, combiner);
    }

    private static <T extends Output<T>> Model<T> one(Dataset<T> data, LongFunction<Trainer<T>> member, long seed,
            ImmutableFeatureMap features, ImmutableOutputInfo<T> outputs, AtomicInteger done, int total,
            Listener listener) {
        DatasetView<T> bag = DatasetView.createBootstrapView(data, data.size(), seed, features, outputs);
        Model<T> m = member.apply(seed).train(bag);
        int d = done.incrementAndGet();
        if (listener != null) {
            try {
                listener.done(d, total);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "A training progress listener failed", e);
            }
        }
        return m;
    }

    private static ThreadFactory factory() {
        int pool = POOLS.incrementAndGet();
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "lifecycle-bagging-" + pool + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
