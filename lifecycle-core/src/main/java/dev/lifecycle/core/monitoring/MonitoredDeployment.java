package dev.lifecycle.core.monitoring;

import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.deployment.Deployment;
import dev.lifecycle.api.deployment.DeploymentMetrics;
import dev.lifecycle.api.deployment.FeedbackOutcome;
import dev.lifecycle.api.model.ModelVersion;
import dev.lifecycle.api.model.Prediction;
import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * A {@link Deployment} that feeds a {@link Monitor}: every prediction is observed (one latency sample
 * in eight), every failed call counted, every feedback joined for live accuracy. Everything else is
 * the wrapped deployment's.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public final class MonitoredDeployment implements Deployment {
    private final Deployment delegate;
    private final Monitor monitor;
    private final ThreadLocal<int[]> tick = ThreadLocal.withInitial(() -> new int[1]);

    private MonitoredDeployment(Deployment delegate, Monitor monitor) {
        this.delegate = delegate;
        this.monitor = monitor;
    }

    /** @return the deployment, monitored; closing it closes the monitor too */
    public static MonitoredDeployment wrap(Deployment deployment, Monitor monitor) {
        return new MonitoredDeployment(Objects.requireNonNull(deployment, "deployment"),
                Objects.requireNonNull(monitor, "monitor"));
    }

    /** @return the monitor */
    public Monitor monitor() {
        return monitor;
    }

    /** @return the wrapped deployment */
    public Deployment unwrap() {
        return delegate;
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public Prediction predict(Row row) {
        int[] t = tick.get();
        boolean timed = (++t[0] & 7) == 0;
        long start = timed ? System.nanoTime() : 0;
        Prediction p;
        try {
            p = delegate.predict(row);
        } catch (RuntimeException e) {
            monitor.observeError();
            throw e;
        }
        monitor.observe(row, p, timed ? Math.max(1, System.nanoTime() - start) : 0);
        return p;
    }

    @Override
    public List<Prediction> predictAll(List<Row> rows) {
        List<Prediction> out;
        try {
            out = delegate.predictAll(rows);
        } catch (RuntimeException e) {
            monitor.observeError();
            throw e;
        }
        for (int i = 0; i < out.size(); i++) {
            monitor.observe(rows.get(i), out.get(i));
        }
        return out;
    }

    @Override
    public ModelVersion current() {
        return delegate.current();
    }

    @Override
    public ModelVersion swap(ModelVersion next, String reason) {
        return delegate.swap(next, reason);
    }

    @Override
    public FeedbackOutcome feedback(long predictionId, String label) {
        monitor.feedback(predictionId, label);
        return delegate.feedback(predictionId, label);
    }

    @Override
    public void rollback(String reason) {
        delegate.rollback(reason);
    }

    @Override
    public DeploymentMetrics metrics() {
        return delegate.metrics();
    }

    @Override
    public void flush() {
        delegate.flush();
        monitor.flush();
    }

    @Override
    public void close() {
        delegate.close();
        monitor.close();
    }
}
