package dev.lifecycle.core.deployment;

import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.model.Prediction;
import dev.lifecycle.core.internal.LogOnce;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Runs shadow predictions on one owned daemon thread with a bounded queue: a full shadow drops the call
 * (counted) after one read, never blocking or allocating on the request path.
 */
final class ShadowRunner {
    private final String deployment;
    private final PredictionLogWriter log;
    private final ThreadPoolExecutor pool;
    /** Shadow calls queued or running; checked before anything is allocated. */
    private final AtomicInteger inFlight = new AtomicInteger();
    private final int capacity;
    private final LongAdder dropped = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final LogOnce firstError;

    ShadowRunner(String deployment, int queue, PredictionLogWriter log) {
        this.deployment = deployment;
        this.log = log;
        this.capacity = queue + 1;
        this.firstError = new LogOnce(ShadowRunner.class, System.Logger.Level.WARNING, "A shadow prediction of deployment "
                + deployment + " failed; the served prediction is unaffected and further failures are only counted"
                + " (metrics().shadowErrors())");
        this.pool = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(queue),
                runnable -> {
                    Thread t = new Thread(runnable, "lifecycle-shadow-" + deployment);
                    t.setDaemon(true);
                    return t;
                }, (task, p) -> {
                    inFlight.decrementAndGet();
                    dropped.increment();
                });
    }

    /**
     * Scores a served row with the shadow arm, or drops the call when the shadow is full.
     *
     * @param served the served prediction waiting for its label, which gets the shadow's label, or null
     */
    void submit(Arm arm, Row row, long id, Served served) {
        if (inFlight.get() >= capacity) {
            dropped.increment();
            return;
        }
        inFlight.incrementAndGet();
        pool.execute(() -> run(arm, row, id, served));
    }

    private void run(Arm arm, Row row, long id, Served served) {
        long start = System.nanoTime();
        try {
            Prediction p = arm.model.predict(row).attributed(id, deployment, arm.number);
            long latency = System.nanoTime() - start;
            if (served != null) {
                served.shadowLabel = p.label(); // before the count, so a counted shadow call has its label
            }
            arm.cumulative.predictions.increment();
            if (log != null) {
                log.log(new Served(p, arm, row, latency, start));
            }
        } catch (RuntimeException e) {
            errors.increment();
            firstError.failed(e);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    long dropped() {
        return dropped.sum();
    }

    long errors() {
        return errors.sum();
    }

    /** Stops the shadow thread after the queued calls (waiting up to 5 seconds). */
    void close() {
        pool.shutdown();
        try {
            pool.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
