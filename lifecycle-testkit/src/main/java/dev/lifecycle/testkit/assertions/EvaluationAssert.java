package dev.lifecycle.testkit.assertions;

import dev.lifecycle.api.evaluation.ClassMetrics;
import dev.lifecycle.api.evaluation.Evaluation;
import java.util.OptionalDouble;
import org.apiguardian.api.API;
import org.assertj.core.api.AbstractAssert;

/** Assertions on an {@link Evaluation}; failure messages show the metrics. */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public final class EvaluationAssert extends AbstractAssert<EvaluationAssert, Evaluation> {

    EvaluationAssert(Evaluation actual) {
        super(actual, EvaluationAssert.class);
    }

    /** Verifies that a metric is at least {@code min}. */
    public EvaluationAssert hasMetricAtLeast(String metric, double min) {
        double v = metric(metric);
        if (!(v >= min)) {
            failWithMessage("Expected %s of %s on %s to be at least %s but it is %s; all metrics: %s", metric,
                    actual.model(), actual.dataset(), min, v, actual.metrics());
        }
        return this;
    }

    /** Verifies that a metric is at most {@code max}. */
    public EvaluationAssert hasMetricAtMost(String metric, double max) {
        double v = metric(metric);
        if (!(v <= max)) {
            failWithMessage("Expected %s of %s on %s to be at most %s but it is %s; all metrics: %s", metric,
                    actual.model(), actual.dataset(), max, v, actual.metrics());
        }
        return this;
    }

    /** Verifies the accuracy. */
    public EvaluationAssert hasAccuracyAtLeast(double min) {
        return hasMetricAtLeast("accuracy", min);
    }

    /** Verifies that a class's F1 is at least {@code min}. */
    public EvaluationAssert hasF1AtLeast(String label, double min) {
        isNotNull();
        ClassMetrics c = actual.forClass(label).orElse(null);
        if (c == null) {
            failWithMessage("Expected class '%s' in the evaluation of %s, but its classes are %s", label,
                    actual.model(), actual.confusion().labels());
        } else if (!(c.f1() >= min)) {
            failWithMessage("Expected F1 of class '%s' for %s to be at least %s but it is %s (%s)", label,
                    actual.model(), min, c.f1(), c);
        }
        return this;
    }

    /**
     * Verifies that a higher-is-better metric is no worse than in {@code baseline} by more than
     * {@code tolerance}.
     */
    public EvaluationAssert isNoWorseThan(Evaluation baseline, String metric, double tolerance) {
        double v = metric(metric);
        OptionalDouble b = baseline.metric(metric);
        if (b.isEmpty()) {
            failWithMessage("The baseline evaluation of %s has no metric %s; it has %s", baseline.model(), metric,
                    baseline.metrics().keySet());
        } else if (!(v >= b.getAsDouble() - tolerance)) {
            failWithMessage("Expected %s of %s (%s) to be no worse than %s of baseline %s by more than %s,"
                    + " but it is %s lower", metric, actual.model(), v, b.getAsDouble(), baseline.model(), tolerance,
                    b.getAsDouble() - v);
        }
        return this;
    }

    private double metric(String name) {
        isNotNull();
        OptionalDouble v = actual.metric(name);
        if (v.isEmpty()) {
            failWithMessage("The evaluation of %s has no metric '%s'; it has %s", actual.model(), name,
                    actual.metrics().keySet());
        }
        return v.getAsDouble();
    }
}
