package dev.lifecycle.core.monitoring;

import dev.lifecycle.api.monitoring.DriftDetector;
import dev.lifecycle.api.monitoring.DriftResult;
import dev.lifecycle.api.monitoring.DriftVerdict;
import dev.lifecycle.api.monitoring.FeatureSummary;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A user's {@link DriftDetector} behind a guard, as Caffeine wraps its plugins: a detector that throws
 * (or answers {@code null}) costs one feature's judgement in one window, never the window. Such a
 * feature is reported as {@link DriftVerdict#INSUFFICIENT_DATA} with a NaN score; failures are counted
 * and the first is logged.
 */
final class GuardedDriftDetector implements DriftDetector {
    private static final System.Logger LOG = System.getLogger(GuardedDriftDetector.class.getName());

    private final DriftDetector delegate;
    private final String method;
    private final AtomicLong failures = new AtomicLong();
    private final AtomicBoolean logged = new AtomicBoolean();

    private GuardedDriftDetector(DriftDetector delegate, String method) {
        this.delegate = delegate;
        this.method = method;
    }

    /** @return the detector guarded; the built-in detectors are returned as they are */
    static DriftDetector of(DriftDetector detector) {
        if (detector instanceof GuardedDriftDetector || detector.getClass().getNestHost() == DriftDetectors.class) {
            return detector;
        }
        String method;
        try {
            method = detector.method();
        } catch (RuntimeException e) {
            method = null;
        }
        return new GuardedDriftDetector(detector, method == null ? detector.getClass().getName() : method);
    }

    @Override
    public String method() {
        return method;
    }

    @Override
    public boolean supports(boolean numeric) {
        try {
            return delegate.supports(numeric);
        } catch (RuntimeException e) {
            failed("supports(" + numeric + ")", e);
            return false;
        }
    }

    @Override
    public DriftResult detect(FeatureSummary reference, FeatureSummary current) {
        try {
            DriftResult r = delegate.detect(reference, current);
            if (r != null) {
                return r;
            }
            failed("detect on feature '" + current.feature() + "'", new NullPointerException("detect returned null"));
        } catch (RuntimeException e) {
            failed("detect on feature '" + current.feature() + "'", e);
        }
        return new DriftResult(current.feature(), method, Double.NaN, Double.NaN, Double.NaN,
                DriftVerdict.INSUFFICIENT_DATA, reference.count(), current.count());
    }

    /** @return how many calls of the wrapped detector failed */
    long failures() {
        return failures.get();
    }

    private void failed(String call, RuntimeException e) {
        long n = failures.incrementAndGet();
        if (logged.compareAndSet(false, true)) {
            LOG.log(System.Logger.Level.WARNING, "Drift detector " + method + " (" + delegate.getClass().getName()
                    + ") failed in " + call + "; the feature is reported as insufficient data and the window's other"
                    + " checks go on. Further failures are counted, not logged (" + n + " so far)", e);
        }
    }
}
