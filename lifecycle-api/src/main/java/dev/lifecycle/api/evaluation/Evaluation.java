package dev.lifecycle.api.evaluation;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import org.apiguardian.api.API;

/**
 * The result of evaluating one model on one dataset version.
 *
 * <p>A metric that does not apply to the model (for example AUC for a classifier without
 * probabilities) is absent from {@link #metrics()} and listed in {@link #notApplicable()} with the reason.
 *
 * @param model the id of the model version ({@code name@version}), or a description for an unregistered model
 * @param dataset the id of the dataset version
 * @param rows the number of rows evaluated
 * @param metrics overall metrics by name ({@code accuracy}, {@code macro-f1}, {@code auc}, {@code rmse}, ...)
 * @param perClass per-class precision, recall and F1, in label order (empty for regression)
 * @param confusion the confusion matrix (empty for regression)
 * @param notApplicable metrics that were not computed, with the reason
 * @param intervals bootstrap confidence intervals by metric name (empty unless asked for)
 * @param slices per-slice results, in the order the slices were defined (empty unless asked for)
 * @param fairness one report per sensitive attribute (empty unless asked for)
 * @param diagnostics curves, calibration, threshold choice and error analysis of a classifier
 * @param importance permutation importance of the input columns, most important first (empty unless asked for)
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public record Evaluation(String model, String dataset, long rows, Map<String, Double> metrics,
        List<ClassMetrics> perClass, ConfusionMatrix confusion, Map<String, String> notApplicable,
        Map<String, Interval> intervals, List<SliceResult> slices, List<FairnessReport> fairness,
        Optional<Diagnostics> diagnostics, List<FeatureImportance> importance) {

    /** Copies the collections. */
    public Evaluation {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(dataset, "dataset");
        metrics = Map.copyOf(metrics);
        perClass = List.copyOf(perClass);
        notApplicable = Map.copyOf(notApplicable);
        intervals = Map.copyOf(intervals);
        slices = List.copyOf(slices);
        fairness = List.copyOf(fairness);
        diagnostics = diagnostics == null ? Optional.empty() : diagnostics;
        importance = importance == null ? List.of() : List.copyOf(importance);
    }

    /** An evaluation without permutation importance. */
    public Evaluation(String model, String dataset, long rows, Map<String, Double> metrics,
            List<ClassMetrics> perClass, ConfusionMatrix confusion, Map<String, String> notApplicable,
            Map<String, Interval> intervals, List<SliceResult> slices, List<FairnessReport> fairness,
            Optional<Diagnostics> diagnostics) {
        this(model, dataset, rows, metrics, perClass, confusion, notApplicable, intervals, slices, fairness,
                diagnostics, List.of());
    }

    /** @return a copy with this permutation importance */
    public Evaluation withImportance(List<FeatureImportance> ranked) {
        return new Evaluation(model, dataset, rows, metrics, perClass, confusion, notApplicable, intervals, slices,
                fairness, diagnostics, ranked);
    }

    /** An evaluation with overall metrics only. */
    public Evaluation(String model, String dataset, long rows, Map<String, Double> metrics,
            List<ClassMetrics> perClass, ConfusionMatrix confusion) {
        this(model, dataset, rows, metrics, perClass, confusion, Map.of(), Map.of(), List.of(), List.of(),
                Optional.empty(), List.of());
    }

    /** @return the named metric, if computed */
    public OptionalDouble metric(String name) {
        Double v = metrics.get(name);
        return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
    }

    /** @return the accuracy */
    public double accuracy() {
        return metrics.getOrDefault("accuracy", Double.NaN);
    }

    /** @return the metrics of one class, if present */
    public Optional<ClassMetrics> forClass(String label) {
        return perClass.stream().filter(c -> c.label().equals(label)).findFirst();
    }

    /** @return the result of one slice by its name (e.g. {@code sex=Female}), if it was evaluated */
    public Optional<SliceResult> slice(String name) {
        return slices.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** @return the fairness report for one sensitive attribute, if it was asked for */
    public Optional<FairnessReport> fairnessFor(String attribute) {
        return fairness.stream().filter(f -> f.attribute().equals(attribute)).findFirst();
    }

    /** @return why a metric was not computed, if it was not */
    public Optional<String> whyNot(String metricName) {
        return Optional.ofNullable(notApplicable.get(metricName));
    }
}
