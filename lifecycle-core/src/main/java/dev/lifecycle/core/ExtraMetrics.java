package dev.lifecycle.core;

import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.evaluation.Evaluation;
import dev.lifecycle.api.evaluation.Evaluator;
import dev.lifecycle.api.model.Model;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The user's {@link Evaluator}s of a Lifecycle, called behind a guard after the built-in evaluation: each
 * one's metrics are added to the evaluation. A metric name the evaluation already has keeps the first value
 * and is listed as not applicable with the reason; an evaluator that throws adds nothing and is named in
 * {@link Evaluation#notApplicable()} (the first failure is logged), so a plugin never loses the evaluation.
 */
final class ExtraMetrics {
    private static final System.Logger LOG = System.getLogger(ExtraMetrics.class.getName());

    private final List<Evaluator> evaluators;
    private final AtomicBoolean logged = new AtomicBoolean();

    ExtraMetrics(List<Evaluator> evaluators) {
        this.evaluators = List.copyOf(evaluators);
    }

    Evaluation addTo(Evaluation base, Model model, DatasetVersion data) {
        if (evaluators.isEmpty()) {
            return base;
        }
        Map<String, Double> metrics = new LinkedHashMap<>(base.metrics());
        Map<String, String> notApplicable = new LinkedHashMap<>(base.notApplicable());
        for (Evaluator e : evaluators) {
            String who = e.getClass().getName();
            Evaluation extra;
            try {
                extra = e.evaluate(model, data);
                if (extra == null) {
                    throw new NullPointerException(who + ".evaluate returned null");
                }
            } catch (RuntimeException failure) {
                if (logged.compareAndSet(false, true)) {
                    LOG.log(System.Logger.Level.WARNING, "Evaluator " + who + " failed on " + data.id()
                            + "; its metrics are left out and named in the evaluation's notApplicable."
                            + " Later failures are reported there only", failure);
                }
                notApplicable.put("evaluator:" + who, "the evaluator failed: " + failure);
                continue;
            }
            extra.metrics().forEach((name, value) -> {
                if (metrics.putIfAbsent(name, value) != null) {
                    notApplicable.put(name + "@" + who, "metric '" + name + "' of " + who
                            + " is already reported by an earlier evaluator; give it another name");
                }
            });
            extra.notApplicable().forEach(notApplicable::putIfAbsent);
        }
        return new Evaluation(base.model(), base.dataset(), base.rows(), metrics, base.perClass(), base.confusion(),
                notApplicable, base.intervals(), base.slices(), base.fairness(), base.diagnostics());
    }
}
