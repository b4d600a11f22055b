package dev.lifecycle.core.loop;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * Runs a loop's iterations one at a time on an executor: the host's, or one daemon thread it owns and
 * stops on {@link #close()}; never on the thread that hands them over (unless the host's executor runs
 * tasks in place). An iteration that throws, or that the executor rejects, is recorded as failed. Which
 * iteration is running is guarded by the loop's lock, so the loop decides to start one atomically with
 * the state it judged.
 */
final class IterationRunner {
    private static final System.Logger LOG = System.getLogger(IterationRunner.class.getName());

    private final String model;
    private final Object lock;
    private final Executor executor;
    private final ExecutorService owned;
    private final BiFunction<String, Throwable, LoopIteration> failed;
    /* guarded by lock */
    private CompletableFuture<LoopIteration> running;

    /** An iteration handed over: its result, its reason (for a failure record) and its work. */
    record Job(CompletableFuture<LoopIteration> done, String reason, Supplier<LoopIteration> work) {
    }

    /**
     * @param host the host's executor, or null for one the runner owns
     * @param lock the loop's lock, guarding the running iteration
     * @param failed records a failed iteration (its reason and cause) and returns the record
     */
    IterationRunner(String model, Executor host, Object lock, BiFunction<String, Throwable, LoopIteration> failed) {
        this.model = model;
        this.lock = lock;
        this.failed = failed;
        if (host != null) {
            this.executor = host;
            this.owned = null;
        } else {
            this.owned = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "lifecycle-loop-" + model);
                t.setDaemon(true);
                return t;
            });
            this.executor = owned;
        }
    }

    /** @return the executor iterations (and the canary's step gate) run on */
    Executor executor() {
        return executor;
    }

    /** Called holding the lock: whether an iteration is queued or running. */
    boolean busy() {
        return running != null;
    }

    /** Called holding the lock, when not {@link #busy()}: claims the runner for one iteration. */
    Job start(String reason, Supplier<LoopIteration> work) {
        running = new CompletableFuture<>();
        return new Job(running, reason, work);
    }

    /** Hands a started job to the executor (outside the lock). */
    void submit(Job job) {
        try {
            executor.execute(() -> run(job));
        } catch (RejectedExecutionException e) {
            run(new Job(job.done, job.reason, () -> failed.apply(job.reason, e)));
        }
    }

    private void run(Job job) {
        LoopIteration out = null;
        try {
            out = job.work.get();
        } catch (RuntimeException | Error e) {
            try {
                out = failed.apply(job.reason, e);
            } catch (RuntimeException again) {
                LOG.log(System.Logger.Level.ERROR, "Loop " + model + " could not record a failed iteration", again);
            }
        } finally {
            synchronized (lock) {
                running = null;
            }
            job.done.complete(out);
        }
    }

    /** Waits for a submitted job's record. */
    LoopIteration await(Job job) {
        try {
            return job.done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for loop iteration of " + model, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Loop iteration of " + model + " failed", e.getCause());
        }
    }

    /** Waits until no iteration is queued or running. */
    void awaitIdle() {
        CompletableFuture<LoopIteration> f;
        synchronized (lock) {
            f = running;
        }
        if (f != null) {
            f.join();
        }
    }

    /** Waits for a running iteration (up to a minute with a host executor) and stops the owned executor. */
    void close() {
        CompletableFuture<LoopIteration> f;
        synchronized (lock) {
            f = running;
        }
        if (f != null) {
            try {
                f.get(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                LOG.log(System.Logger.Level.WARNING, "Loop " + model + " closed while an iteration was still running");
            }
        }
        if (owned != null) {
            owned.shutdown();
            try {
                owned.awaitTermination(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
