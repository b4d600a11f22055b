package dev.lifecycle.core.evaluation;

import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.evaluation.ConfusionMatrix;
import dev.lifecycle.api.evaluation.Evaluation;
import dev.lifecycle.api.evaluation.Evaluator;
import dev.lifecycle.api.model.Model;
import dev.lifecycle.api.model.OutputType;
import dev.lifecycle.core.internal.eval.ClassificationAccumulator;
import dev.lifecycle.core.internal.eval.Metrics;
import org.apiguardian.api.API;

/**
 * The default {@link Evaluator}: every metric of {@link Evaluations} with default options. Rows whose
 * target is missing are skipped. Ratios with a zero denominator count as 0, as in Tribuo's {@code LabelEvaluator}.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public final class ClassificationEvaluator implements Evaluator {

    /**
     * @param modelId how the result names the model
     * @throws IllegalArgumentException when the model is not a classifier
     */
    public Evaluation evaluate(Model model, DatasetVersion data, String modelId) {
        if (model.signature().outputType() != OutputType.CLASSIFICATION) {
            throw new IllegalArgumentException("The classification evaluator needs a classifier; " + modelId
                    + " predicts " + model.signature().outputType() + "; use Evaluations.evaluate(...)");
        }
        return Evaluations.evaluate(model, data, modelId, EvaluationOptions.defaults());
    }

    @Override
    public Evaluation evaluate(Model model, DatasetVersion data) {
        return evaluate(model, data, model.toString());
    }

    /** @return the count-based metrics implied by a confusion matrix */
    public static Evaluation summarize(String modelId, String datasetId, ConfusionMatrix cm) {
        int k = cm.labels().size();
        ClassificationAccumulator a = new ClassificationAccumulator(k, false, false, Math.max(0, k - 1), 10, 0);
        long[][] c = cm.counts();
        for (int t = 0; t < k; t++) {
            for (int p = 0; p < k; p++) {
                for (long i = 0; i < c[t][p]; i++) {
                    a.add(t, p, null, 0);
                }
            }
        }
        Metrics.Result r = Metrics.classification(a, cm.labels(), Math.max(0, k - 1),
                "a confusion matrix has no scores", 0);
        return new Evaluation(modelId, datasetId, cm.total(), r.metrics(), r.perClass(), cm, r.notApplicable(),
                java.util.Map.of(), java.util.List.of(), java.util.List.of(), java.util.Optional.empty());
    }
}
