package dev.lifecycle.api.evaluation;

import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The result of evaluating one model on one dataset version.
 *
 * @param model the id of the model version ({@code name@version}), or a description for an unregistered model
 * @param dataset the id of the dataset version
 * @param rows the number of rows evaluated
 * @param metrics overall metrics by name ({@code accuracy}, {@code macro-f1}, ...)
 * @param perClass per-class precision, recall and F1, in label order
 * @param confusion the confusion matrix
 */
public record Evaluation(String model, String dataset, long rows, Map<String, Double> metrics,
        List<ClassMetrics> perClass, ConfusionMatrix confusion) {

    /** Copies the collections. */
    public Evaluation {
        metrics = Map.copyOf(metrics);
        perClass = List.copyOf(perClass);
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
    public java.util.Optional<ClassMetrics> forClass(String label) {
        return perClass.stream().filter(c -> c.label().equals(label)).findFirst();
    }
}
