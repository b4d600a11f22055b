package dev.lifecycle.core.internal;

import dev.lifecycle.api.evaluation.ClassMetrics;
import dev.lifecycle.api.evaluation.ConfusionMatrix;
import dev.lifecycle.api.evaluation.Diagnostics;
import dev.lifecycle.api.evaluation.Evaluation;
import dev.lifecycle.api.evaluation.FairnessReport;
import dev.lifecycle.api.evaluation.Interval;
import dev.lifecycle.api.evaluation.SliceResult;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The stored form of a tracked {@link Evaluation}: everything but the curves and error examples of its
 * diagnostics (those belong in its report), plus the name it is tracked under and when it was recorded.
 *
 * @param name what the evaluation is, e.g. {@code test} or {@code validation}
 * @param model the model version id
 * @param dataset the dataset version id
 * @param rows rows evaluated
 * @param metrics overall metrics
 * @param perClass per-class metrics
 * @param confusion the confusion matrix, or null for regression
 * @param notApplicable metrics not computed, with why
 * @param intervals bootstrap intervals
 * @param slices slice results
 * @param fairness fairness reports
 * @param positiveLabel the label the diagnostics were drawn for, or null for regression
 * @param threshold the threshold analysis (the threshold the labels were predicted at, and the best one), or null
 * @param recorded ISO-8601 time of recording
 */
public record EvaluationDoc(String name, String model, String dataset, long rows, Map<String, Double> metrics,
        List<ClassMetrics> perClass, ConfusionMatrix confusion, Map<String, String> notApplicable,
        Map<String, Interval> intervals, List<SliceResult> slices, List<FairnessReport> fairness,
        String positiveLabel, Diagnostics.ThresholdAnalysis threshold, String recorded) {

    /** @return the stored form of an evaluation */
    public static EvaluationDoc of(String name, Evaluation ev, String recorded) {
        return new EvaluationDoc(name, ev.model(), ev.dataset(), ev.rows(), ev.metrics(), ev.perClass(),
                ev.confusion(), ev.notApplicable(), ev.intervals(), ev.slices(), ev.fairness(),
                ev.diagnostics().map(Diagnostics::positiveLabel).orElse(null),
                ev.diagnostics().flatMap(Diagnostics::threshold).orElse(null), recorded);
    }

    /** @return the evaluation; its diagnostics keep the threshold analysis only (no curves or error examples) */
    public Evaluation toEvaluation() {
        return new Evaluation(model, dataset, rows, metrics == null ? Map.of() : metrics,
                perClass == null ? List.of() : perClass,
                confusion == null ? new ConfusionMatrix(List.of(), new long[0][]) : confusion,
                notApplicable == null ? Map.of() : notApplicable, intervals == null ? Map.of() : intervals,
                slices == null ? List.of() : slices, fairness == null ? List.of() : fairness,
                positiveLabel == null ? Optional.empty() : Optional.of(new Diagnostics(positiveLabel, List.of(),
                        List.of(), List.of(), Optional.ofNullable(threshold), List.of(), List.of())));
    }
}
