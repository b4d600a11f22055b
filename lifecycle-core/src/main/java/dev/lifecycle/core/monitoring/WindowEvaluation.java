package dev.lifecycle.core.monitoring;

import dev.lifecycle.api.monitoring.AlertKind;
import dev.lifecycle.api.monitoring.DriftDetector;
import dev.lifecycle.api.monitoring.DriftResult;
import dev.lifecycle.api.monitoring.FeatureSummary;
import dev.lifecycle.core.data.ColumnProfile;
import dev.lifecycle.core.data.DatasetProfile;
import dev.lifecycle.core.monitoring.internal.WindowChecks;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The checks of one window against its reference, as a pure function: drift of every feature and of the
 * predictions, data quality (missing-rate shift, values outside the training domain), error rate and
 * latency. Returns the window's record and every finding in order; the monitor hands the findings to
 * its alert debouncer.
 */
final class WindowEvaluation {
    static final double MISSING_SHIFT = 0.05;
    static final double OUT_OF_DOMAIN = 0.05;

    private WindowEvaluation() {
    }

    /** One check's outcome, for the alert debouncer; the message is formatted only when the check is active. */
    record Finding(AlertKind kind, String subject, boolean active, double value, double threshold, String message) {
    }

    /** A window's record and its findings, in the order they were checked. */
    record Result(DriftWindow window, List<Finding> findings) {
    }

    /**
     * @param name the monitor's name, for messages
     * @param reference the reference profile
     * @param predictionReference the reference of the {@code prediction} column (null: not checked)
     * @param w the window
     * @param index the window's number
     */
    static Result evaluate(String name, String[] features, DatasetProfile reference, ColumnProfile predictionReference,
            WindowProfiler.Window w, long index, DriftDetector detector, double maxErrorRate, double maxLatencyNanos) {
        DatasetProfile window = w.profile();
        double[] extra = w.extras();
        List<Finding> findings = new ArrayList<>();
        List<DriftResult> drift = new ArrayList<>();
        List<Double> missing = new ArrayList<>();
        List<Double> ood = new ArrayList<>();
        for (int i = 0; i <= features.length; i++) {
            String f = i < features.length ? features[i] : "prediction";
            ColumnProfile cur = window.column(f);
            ColumnProfile r = i < features.length ? reference.column(f) : predictionReference;
            if (r == null) {
                continue;
            }
            FeatureSummary rs = new ProfileSummary(r);
            FeatureSummary cs = new ProfileSummary(cur);
            DriftResult d = detector.supports(rs.numeric()) ? detector.detect(rs, cs)
                    : DriftDetectors.auto().detect(rs, cs);
            drift.add(d);
            findings.add(new Finding(AlertKind.DRIFT, f, d.drifted(), d.score(), d.threshold(), !d.drifted() ? null
                    : String.format(Locale.ROOT, "Feature '%s' of %s drifted: %s %.4f above %.4f over %d rows;"
                            + " compare it with the training data and consider retraining", f, name, d.method(),
                            d.score(), d.threshold(), window.rows())));
            double shift = cur.missingRate() - r.missingRate();
            double out = WindowChecks.outOfDomain(r, cur);
            missing.add(shift);
            ood.add(out);
            if (i < features.length) {
                boolean bad = Math.abs(shift) > MISSING_SHIFT || out > OUT_OF_DOMAIN;
                findings.add(new Finding(AlertKind.DATA_QUALITY, f, bad, Math.max(Math.abs(shift), out),
                        Math.abs(shift) > MISSING_SHIFT ? MISSING_SHIFT : OUT_OF_DOMAIN, !bad ? null
                        : String.format(Locale.ROOT, "Inputs of '%s' to %s look broken: missing rate %+.3f against"
                                + " training, %.3f of values outside the training domain; check the upstream data",
                                f, name, shift, out)));
            }
        }
        long rows = window.rows();
        double calls = rows + extra[5] + extra[2];
        double errorRate = calls == 0 ? 0 : extra[2] / calls;
        double latency = extra[4] == 0 ? Double.NaN : extra[3] / extra[4];
        findings.add(new Finding(AlertKind.ERROR_RATE, "errors", errorRate > maxErrorRate, errorRate, maxErrorRate,
                !(errorRate > maxErrorRate) ? null : String.format(Locale.ROOT,
                        "%.2f%% of predict calls of %s failed; see the deployment's errors", 100 * errorRate, name)));
        findings.add(new Finding(AlertKind.LATENCY, "latency", latency > maxLatencyNanos, latency, maxLatencyNanos,
                !(latency > maxLatencyNanos) ? null : String.format(Locale.ROOT,
                        "Mean predict latency of %s is %.0f ns, above %.0f ns", name, latency, maxLatencyNanos)));
        DriftWindow out = new DriftWindow(index, w.firstRow(), rows, drift,
                extra[1] == 0 ? Double.NaN : extra[0] / extra[1], missing, ood, errorRate, latency);
        return new Result(out, findings);
    }
}
