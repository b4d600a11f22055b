package dev.lifecycle.core.report;

import dev.lifecycle.api.evaluation.ClassMetrics;
import dev.lifecycle.api.evaluation.Evaluation;
import dev.lifecycle.api.evaluation.FeatureImportance;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The evaluation page's permutation-importance chart, majority baseline line and error-row column order. */
final class ImportanceSection {
    private ImportanceSection() {
    }

    /** Appends a horizontal bar chart of the worsening per column, with its interval as a whisker. */
    static void render(StringBuilder out, Evaluation ev) {
        List<FeatureImportance> imp = ev.importance();
        if (imp.isEmpty()) {
            return;
        }
        FeatureImportance first = imp.get(0);
        out.append("<section><h2>What the model relies on (permutation importance)</h2><p class=\"help\">Each bar "
                + "is how much ").append(Html.esc(first.metric())).append(" worsens (from ")
                .append(String.format(Locale.ROOT, "%.4f", first.baseline())).append(") when one column is shuffled "
                        + "among the evaluated rows, breaking its link to the target. The whisker is the ")
                .append(Math.round(first.level() * 100)).append("% range over ").append(first.repeats())
                .append(" bootstrap resamples with fresh shuffles. Grey bars: the interval reaches zero, so the model "
                        + "does not measurably rely on the column. Importance is not causation: correlated columns "
                        + "share credit.</p>");
        double max = 0;
        double min = 0;
        for (FeatureImportance f : imp) {
            max = Math.max(max, Math.max(f.upper(), f.drop()));
            min = Math.min(min, Math.min(f.lower(), f.drop()));
        }
        if (max - min <= 0) {
            max = min + 1e-9;
        }
        int label = 170;
        int plot = 560;
        int rowH = 22;
        int h = rowH * imp.size() + 40;
        double span = max - min;
        double zero = label + (-min) / span * plot;
        int width = label + plot + 200;
        out.append(String.format(Locale.ROOT, "<svg width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" font-size=\"12\">",
                width, h, width, h));
        for (int i = 0; i < imp.size(); i++) {
            FeatureImportance f = imp.get(i);
            double y = 10 + i * rowH;
            double x0 = label + (Math.min(0, f.drop()) - min) / span * plot;
            double x1 = label + (Math.max(0, f.drop()) - min) / span * plot;
            String color = f.significant() ? "#2f6fde" : "#b8bfcc";
            out.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" fill=\"#1d2330\">%s"
                    + "</text>", label - 8, y + 14, Html.esc(f.feature())));
            out.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>",
                    x0, y + 3, Math.max(1, x1 - x0), rowH - 8, color));
            double lo = label + (f.lower() - min) / span * plot;
            double hi = label + (f.upper() - min) / span * plot;
            out.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
                    + "stroke=\"#1d2330\" stroke-width=\"1.4\"/>", lo, y + 10, hi, y + 10));
            out.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" fill=\"#5b6475\">%.4f [%.4f, %.4f]</text>",
                    label + plot + 6, y + 14, f.drop(), f.lower(), f.upper()));
        }
        out.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"4\" x2=\"%.1f\" y2=\"%d\" stroke=\"#5b6475\"/>",
                zero, zero, h - 24));
        out.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"#5b6475\">"
                + "worsening of %s when shuffled</text></svg></section>", label + plot / 2.0, h - 6,
                Html.esc(first.metric())));
    }

    /**
     * @return the majority-class baseline of a classifier (always predicting the most frequent true label),
     *     as {label, accuracy}, or null for regression
     */
    static Object[] majority(Evaluation ev) {
        if (ev.perClass().isEmpty()) {
            return null;
        }
        long total = 0;
        ClassMetrics best = null;
        for (ClassMetrics c : ev.perClass()) {
            total += c.support();
            if (best == null || c.support() > best.support()) {
                best = c;
            }
        }
        return total == 0 ? null : new Object[] {best.label(), (double) best.support() / total};
    }

    /** Appends the line comparing the model's accuracy with the majority-class baseline. */
    static void baseline(StringBuilder out, Evaluation ev) {
        Object[] m = majority(ev);
        if (m == null) {
            return;
        }
        double base = (Double) m[1];
        double acc = ev.accuracy();
        out.append("<p class=\"help\"><b>Majority-class baseline:</b> always predicting '").append(Html.esc((String) m[0]))
                .append("' would be right on ").append(String.format(Locale.ROOT, "%.4f", base))
                .append(" of these rows; the model's accuracy is ").append(String.format(Locale.ROOT, "%.4f", acc))
                .append(acc > base ? String.format(Locale.ROOT, " (%+.4f over the baseline).", acc - base)
                        : ", <span class=\"fail\">no better than the baseline</span>.")
                .append("</p>");
    }

    /** @return an error row's values, the most important columns first (the rest in their original order) */
    static Map<String, String> ordered(Evaluation ev, Map<String, String> values, int limit) {
        List<String> order = new ArrayList<>();
        for (FeatureImportance f : ev.importance()) {
            if (values.containsKey(f.feature())) {
                order.add(f.feature());
            }
        }
        for (String k : values.keySet()) {
            if (!order.contains(k)) {
                order.add(k);
            }
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String k : order.subList(0, Math.min(limit, order.size()))) {
            out.put(k, values.get(k));
        }
        return out;
    }
}
