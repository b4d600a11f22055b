package dev.lifecycle.core.monitoring;

import dev.lifecycle.api.monitoring.AlertKind;
import dev.lifecycle.core.internal.AlertDebouncer;
import dev.lifecycle.core.internal.Recent;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import org.apache.commons.statistics.inference.AlternativeHypothesis;
import org.apache.commons.statistics.inference.BinomialTest;

/**
 * Live quality from joined labels: accuracy per window of {@code window} labels against a baseline,
 * judged by a one-sided binomial test and a minimum drop, next to the accuracy the model's confidence
 * estimated. Thread-safe.
 */
final class QualityTracker {
    private final String name;
    private final int window;
    private final double maxDrop;
    private final double alpha;
    private final AlertDebouncer alerts;
    private final Clock clock;
    private final Recent<QualityWindow> windows;
    private double baseline;
    private long labels;
    private long correct;
    private long count;
    private double confidence;
    private long confidenceCount;

    QualityTracker(String name, int window, double baseline, double maxDrop, double alpha, AlertDebouncer alerts,
            Clock clock, int retain) {
        this.name = name;
        this.window = window;
        this.baseline = baseline;
        this.maxDrop = maxDrop;
        this.alpha = alpha;
        this.alerts = alerts;
        this.clock = clock;
        this.windows = new Recent<>(retain);
    }

    /** Adds one joined label: whether the prediction was right and its confidence (NaN when unknown). */
    synchronized void add(boolean right, double predictedConfidence) {
        labels++;
        count++;
        if (right) {
            correct++;
        }
        if (predictedConfidence == predictedConfidence) {
            confidence += predictedConfidence;
            confidenceCount++;
        }
        if (count == window) {
            close();
        }
    }

    /** Sets the baseline (NaN: the next window's accuracy). */
    synchronized void rebase(double accuracy) {
        this.baseline = accuracy;
    }

    List<QualityWindow> windows() {
        return windows.list();
    }

    private void close() {
        double acc = (double) correct / count;
        double est = confidenceCount == 0 ? Double.NaN : confidence / confidenceCount;
        double base = baseline;
        if (Double.isNaN(base)) {
            base = acc;
            baseline = acc;
        }
        double pValue = BinomialTest.withDefaults().with(AlternativeHypothesis.LESS_THAN)
                .test((int) count, (int) correct, Math.min(1, Math.max(0, base))).getPValue();
        boolean drop = acc < base - maxDrop && pValue < alpha;
        long index = windows.total();
        windows.add(new QualityWindow(index, labels - count, count, acc, est, base, pValue, drop));
        alerts.check(AlertKind.QUALITY_DROP, "accuracy", drop, acc, base - maxDrop, index, clock.instant(),
                String.format(Locale.ROOT, "Live accuracy of %s fell to %.4f on %d labels (baseline %.4f, p=%.2g);"
                        + " check drift and consider retraining", name, acc, count, base, pValue));
        count = 0;
        correct = 0;
        confidence = 0;
        confidenceCount = 0;
    }
}
