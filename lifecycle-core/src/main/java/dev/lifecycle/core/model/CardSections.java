package dev.lifecycle.core.model;

import dev.lifecycle.api.evaluation.DecisionThreshold;
import dev.lifecycle.api.evaluation.Evaluation;
import dev.lifecycle.api.evaluation.FairnessReport;
import dev.lifecycle.api.evaluation.Interval;
import dev.lifecycle.api.evaluation.SliceResult;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The HTML of a model card's served threshold and evaluations (metrics with intervals, slices, fairness). */
final class CardSections {
    private CardSections() {
    }

    static void threshold(StringBuilder h, DecisionThreshold threshold) {
        h.append("<section><h2>Served decision threshold</h2>");
        if (threshold == null) {
            h.append("<p class=\"muted\">None: the version serves its model's own labels (the most probable one)."
                    + " Choose one with <code>lc.chooseThreshold(...)</code> and store it with"
                    + " <code>models().setThreshold(...)</code>.</p></section>\n");
            return;
        }
        h.append("<p>Predicts <b>").append(ModelCard.esc(threshold.positiveLabel())).append("</b> when its score is at least <b>")
                .append(ModelCard.fmt(threshold.threshold())).append("</b>.</p><table>");
        ModelCard.row(h, "Chosen by", ModelCard.esc(threshold.rule()));
        ModelCard.row(h, "Chosen on", "<code>" + ModelCard.esc(threshold.chosenOn()) + "</code>");
        new java.util.TreeMap<>(threshold.atThreshold()).forEach((k, v) -> ModelCard.row(h, ModelCard.esc(k) + " there",
                "<span class=\"num\">" + ModelCard.fmt(v) + "</span>"));
        h.append("</table></section>\n");
    }

    static void evaluations(StringBuilder h, Map<String, Evaluation> evaluations) {
        if (evaluations.isEmpty()) {
            h.append("<section><h2>Evaluations</h2><p class=\"muted\">No held-out evaluation is recorded. Track one"
                    + " with <code>lc.track(version, \"test\", evaluation)</code>.</p></section>\n");
            return;
        }
        evaluations.forEach((name, ev) -> {
            h.append("<section class=\"wide\"><h2>Evaluation '").append(ModelCard.esc(name)).append("' on <code>")
                    .append(ModelCard.esc(ev.dataset())).append("</code>, ").append(String.format(Locale.ROOT, "%,d", ev.rows()))
                    .append(" rows</h2>");
            ev.diagnostics().flatMap(d -> d.threshold()).ifPresent(t -> h.append("<p>Labels predicted at threshold ")
                    .append(ModelCard.fmt(t.decisionThreshold())).append(".</p>"));
            h.append("<table class=\"grid\"><tr><th>Metric</th><th class=\"num\">Value</th><th class=\"num\">");
            Interval any = ev.intervals().values().stream().findFirst().orElse(null);
            h.append(any == null ? "Interval" : Math.round(any.level() * 100) + "% interval (bootstrap, "
                    + any.replicates() + ")").append("</th></tr>");
            for (String k : ModelCard.keyMetrics(ev)) {
                Interval iv = ev.intervals().get(k);
                h.append("<tr><td>").append(ModelCard.esc(k)).append("</td><td class=\"num\">").append(ModelCard.fmt(ev.metrics().get(k)))
                        .append("</td><td class=\"num\">").append(iv == null ? "<span class=\"muted\">not computed</span>"
                                : "[" + ModelCard.fmt(iv.lower()) + ", " + ModelCard.fmt(iv.upper()) + "]").append("</td></tr>");
            }
            h.append("</table>");
            if (!ev.slices().isEmpty()) {
                List<String> cols = ModelCard.keyMetricNames().stream().filter(k -> ev.slices().stream()
                        .anyMatch(x -> x.metrics().containsKey(k))).limit(4).toList();
                h.append("<h2 style=\"margin-top:16px\">Slices</h2><table class=\"grid\"><tr><th>Slice</th><th class=\"num\">Rows"
                        + "</th>");
                cols.forEach(c -> h.append("<th class=\"num\">").append(ModelCard.esc(c)).append("</th>"));
                h.append("</tr>");
                for (SliceResult x : ev.slices()) {
                    h.append("<tr><td>").append(ModelCard.esc(x.name())).append("</td><td class=\"num\">")
                            .append(String.format(Locale.ROOT, "%,d", x.rows())).append("</td>");
                    if (x.tooSmall()) {
                        h.append("<td colspan=\"").append(cols.size()).append("\" class=\"muted\">too few rows to"
                                + " judge</td>");
                    } else {
                        cols.forEach(c -> h.append("<td class=\"num\">").append(x.metrics().containsKey(c)
                                ? ModelCard.fmt(x.metrics().get(c)) : "").append("</td>"));
                    }
                    h.append("</tr>");
                }
                h.append("</table>");
            }
            for (FairnessReport f : ev.fairness()) {
                fairness(h, f);
            }
            h.append("</section>\n");
        });
    }

    private static void fairness(StringBuilder h, FairnessReport f) {
        h.append("<h2 style=\"margin-top:16px\">Fairness across '").append(ModelCard.esc(f.attribute()))
                .append("' <span class=\"muted\">(favourable: ").append(ModelCard.esc(f.favourableLabel()))
                .append("; groups under ").append(f.minGroupSize()).append(" rows not judged)</span></h2><table class=\"grid\">"
                        + "<tr><th>Measure</th><th class=\"num\">Value</th><th class=\"num\">Interval</th></tr>");
        String[][] measures = {{FairnessReport.DEMOGRAPHIC_PARITY_DIFFERENCE, "demographic parity difference"},
            {FairnessReport.DISPARATE_IMPACT_RATIO, "disparate impact ratio"},
            {FairnessReport.EQUAL_OPPORTUNITY_DIFFERENCE, "equal-opportunity gap"},
            {FairnessReport.EQUALIZED_ODDS_DIFFERENCE, "equalized-odds gap"}};
        double[] values = {f.demographicParityDifference(), f.disparateImpactRatio(), f.equalOpportunityDifference(),
            f.equalizedOddsDifference()};
        for (int i = 0; i < measures.length; i++) {
            Interval iv = f.intervals().get(measures[i][0]);
            h.append("<tr><td>").append(measures[i][1]).append("</td><td class=\"num\">").append(ModelCard.fmt(values[i]))
                    .append("</td><td class=\"num\">").append(iv == null ? "" : "[" + ModelCard.fmt(iv.lower()) + ", "
                            + ModelCard.fmt(iv.upper()) + "]").append("</td></tr>");
        }
        h.append("</table><table class=\"grid\" style=\"margin-top:8px\"><tr><th>Group</th><th class=\"num\">Rows</th>"
                + "<th class=\"num\">Selection rate</th><th class=\"num\">TPR</th><th class=\"num\">FPR</th></tr>");
        for (FairnessReport.Group g : f.groups()) {
            h.append("<tr><td>").append(ModelCard.esc(g.group())).append("</td><td class=\"num\">")
                    .append(String.format(Locale.ROOT, "%,d", g.rows())).append("</td>");
            if (!g.sufficient()) {
                h.append("<td colspan=\"3\" class=\"muted\">insufficient (fewer than ").append(f.minGroupSize())
                        .append(" rows)</td></tr>");
            } else {
                h.append("<td class=\"num\">").append(ModelCard.fmt(g.selectionRate())).append("</td><td class=\"num\">")
                        .append(ModelCard.fmt(g.truePositiveRate())).append("</td><td class=\"num\">")
                        .append(ModelCard.fmt(g.falsePositiveRate())).append("</td></tr>");
            }
        }
        h.append("</table>");
    }

}
