package dev.lifecycle.core.report;

import dev.lifecycle.api.evaluation.ClassMetrics;
import dev.lifecycle.api.evaluation.Comparison;
import dev.lifecycle.api.evaluation.Diagnostics;
import dev.lifecycle.api.evaluation.Diagnostics.CalibrationBin;
import dev.lifecycle.api.evaluation.Diagnostics.CurvePoint;
import dev.lifecycle.api.evaluation.Evaluation;
import dev.lifecycle.api.evaluation.FairnessReport;
import dev.lifecycle.api.evaluation.GateResult;
import dev.lifecycle.api.evaluation.Interval;
import dev.lifecycle.api.evaluation.SliceResult;
import dev.lifecycle.core.internal.eval.Metrics;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Renders an evaluation as a self-contained HTML page. */
final class Html {
    private static final List<String> HEADLINE = List.of("accuracy", "balanced-accuracy", "macro-f1", "f1", "precision",
            "recall", "auc", "average-precision", "log-loss", "brier", "ece", "rmse", "mae", "mape", "r2");
    private static final String CSS = """
            body{font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;margin:0;background:#f5f6f8;color:#1d2330}
            header{background:#1d2a44;color:#fff;padding:22px 36px}
            header h1{margin:0 0 6px;font-size:24px;font-weight:600}
            header p{margin:0;color:#c4cce0;font-size:14px}
            main{padding:18px 36px 40px;max-width:1320px}
            section{background:#fff;border-radius:8px;box-shadow:0 1px 3px rgba(0,0,0,.08);padding:16px 22px;margin:16px 0}
            h2{font-size:18px;margin:0 0 4px}
            p.help{color:#5b6475;font-size:13px;margin:2px 0 12px;max-width:980px}
            table{border-collapse:collapse;font-size:13px}
            th,td{padding:5px 10px;border-bottom:1px solid #e6e8ee;text-align:right}
            th{background:#f0f2f6;font-weight:600}
            td.l,th.l{text-align:left}
            .pass{color:#17803d;font-weight:600}.fail{color:#c62828;font-weight:600}.skip{color:#8a6d00;font-weight:600}
            .bad{background:#fdecea}.muted{color:#8a93a5}
            .cards{display:flex;flex-wrap:wrap;gap:12px}
            .card{border:1px solid #e3e6ed;border-radius:8px;padding:10px 14px;min-width:140px}
            .card .v{font-size:22px;font-weight:600}.card .n{font-size:12px;color:#5b6475}.card .ci{font-size:11px;color:#8a93a5}
            .charts{display:flex;flex-wrap:wrap;gap:18px;align-items:flex-start}
            .chart{font-size:12px;color:#5b6475}
            .banner{padding:12px 16px;border-radius:8px;font-size:16px;font-weight:600;margin-bottom:6px}
            .banner.pass{background:#e6f4ea}.banner.fail{background:#fdecea}
            """;

    private final Evaluation ev;
    private final Comparison cmp;
    private final GateResult gate;
    private final String title;
    private final StringBuilder out = new StringBuilder(64 * 1024);

    Html(Evaluation ev, Comparison cmp, GateResult gate, String title) {
        this.ev = ev;
        this.cmp = cmp;
        this.gate = gate;
        this.title = title;
    }

    String render() {
        out.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(esc(title))
                .append("</title><style>").append(CSS).append("</style></head><body>");
        out.append("<header><h1>").append(esc(title)).append("</h1><p>Model <b>").append(esc(ev.model()))
                .append("</b> evaluated on dataset <b>").append(esc(ev.dataset())).append("</b>, ").append(ev.rows())
                .append(" rows. Report schema ").append(EvaluationReport.SCHEMA).append(".</p></header><main>");
        if (gate != null) {
            gate();
        }
        headline();
        ImportanceSection.render(out, ev);
        ev.diagnostics().ifPresent(this::charts);
        if (!ev.perClass().isEmpty()) {
            confusionAndClasses();
        }
        if (!ev.slices().isEmpty()) {
            slices();
        }
        if (!ev.fairness().isEmpty()) {
            fairness();
        }
        if (cmp != null) {
            comparison();
        }
        ev.diagnostics().ifPresent(this::errors);
        out.append("</main></body></html>");
        return out.toString();
    }

    private void gate() {
        boolean ok = gate.passed();
        out.append("<section><h2>Gate decision</h2><div class=\"banner ").append(ok ? "pass" : "fail").append("\">")
                .append(ok ? "PASSED: the model may be promoted" : "FAILED: the model must not be promoted")
                .append("</div><p class=\"help\">Every check the gate made. A check is skipped when it could not be "
                        + "made and the gate was told to skip rather than fail.</p>");
        out.append("<table><tr><th>verdict</th><th class=\"l\">check</th><th>value</th><th>threshold</th>"
                + "<th class=\"l\">reason</th></tr>");
        for (GateResult.Check c : gate.checks()) {
            String cls = switch (c.verdict()) {
                case PASS -> "pass";
                case FAIL -> "fail";
                case SKIPPED -> "skip";
            };
            out.append("<tr><td class=\"").append(cls).append("\">").append(c.verdict()).append("</td><td class=\"l\">")
                    .append(esc(c.name())).append("</td><td>").append(f(c.value())).append("</td><td>")
                    .append(f(c.threshold())).append("</td><td class=\"l\">").append(esc(c.reason()))
                    .append("</td></tr>");
        }
        out.append("</table></section>");
    }

    private void headline() {
        out.append("<section><h2>Overall metrics</h2><p class=\"help\">Measured on all ").append(ev.rows())
                .append(" rows. Where shown, the range under a value is its bootstrap confidence interval: "
                        + "the metric would plausibly fall in it on another sample of similar data.</p><div class=\"cards\">");
        for (String m : HEADLINE) {
            Double v = ev.metrics().get(m);
            if (v == null) {
                continue;
            }
            out.append("<div class=\"card\"><div class=\"n\">").append(esc(m))
                    .append(Metrics.higherIsBetter(m) ? " (higher is better)" : " (lower is better)")
                    .append("</div><div class=\"v\">").append(f(v)).append("</div>");
            Interval iv = ev.intervals().get(m);
            if (iv != null) {
                out.append("<div class=\"ci\">").append(Math.round(iv.level() * 100)).append("% CI ")
                        .append(f(iv.lower())).append(" to ").append(f(iv.upper())).append("</div>");
            }
            out.append("</div>");
        }
        out.append("</div>");
        ImportanceSection.baseline(out, ev);
        if (!ev.notApplicable().isEmpty()) {
            out.append("<p class=\"help\"><b>Not computed:</b></p><ul class=\"help\">");
            ev.notApplicable().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> out.append("<li><b>")
                    .append(esc(e.getKey())).append("</b>: ").append(esc(e.getValue())).append("</li>"));
            out.append("</ul>");
        }
        out.append("</section>");
    }

    private void charts(Diagnostics d) {
        if (d.roc().isEmpty() && d.calibration().isEmpty()) {
            return;
        }
        out.append("<section><h2>Ranking and calibration for label '").append(esc(d.positiveLabel()))
                .append("'</h2><p class=\"help\">ROC: how many true positives (up) the model catches for each false "
                        + "alarm rate (right); the dashed diagonal is guessing, the area under the curve is the AUC. "
                        + "Precision-recall: how precise the positive predictions stay as more positives are found. "
                        + "Calibration: when the model says p, how often the label really is positive; points on the "
                        + "diagonal mean the probabilities can be taken at face value.</p><div class=\"charts\">");
        String auc = ev.metrics().containsKey("auc") ? " (AUC " + f(ev.metrics().get("auc")) + ")" : "";
        String ap = ev.metrics().containsKey("average-precision")
                ? " (AP " + f(ev.metrics().get("average-precision")) + ")" : "";
        if (!d.roc().isEmpty()) {
            chart("ROC curve" + auc, "false-positive rate", "true-positive rate", xy(d.roc()), true, false);
            chart("Precision-recall curve" + ap, "recall", "precision", xy(d.precisionRecall()), false, false);
        }
        if (!d.calibration().isEmpty()) {
            List<double[]> pts = new ArrayList<>();
            for (CalibrationBin b : d.calibration()) {
                if (b.rows() > 0) {
                    pts.add(new double[] {b.meanPredicted(), b.observed()});
                }
            }
            String ece = ev.metrics().containsKey("ece") ? " (ECE " + f(ev.metrics().get("ece")) + ")" : "";
            chart("Calibration" + ece, "mean predicted probability", "observed share positive", pts, true, true);
        }
        out.append("</div>");
        d.threshold().ifPresent(t -> {
            out.append("<p class=\"help\">Decision threshold: the model predicts '").append(esc(d.positiveLabel()))
                    .append("' when its probability is at least ").append(f(t.decisionThreshold()))
                    .append(". The threshold that maximises ").append(esc(t.metric())).append(" on these rows is ")
                    .append(f(t.bestThreshold())).append(".</p><table><tr><th class=\"l\">threshold</th>");
            for (String k : t.atDecision().keySet().stream().sorted().toList()) {
                out.append("<th>").append(esc(k)).append("</th>");
            }
            out.append("</tr>");
            row("decision " + f(t.decisionThreshold()), t.atDecision());
            row("best by " + t.metric() + " " + f(t.bestThreshold()), t.atBest());
            out.append("</table>");
        });
        out.append("</section>");
    }

    private void row(String name, Map<String, Double> m) {
        out.append("<tr><td class=\"l\">").append(esc(name)).append("</td>");
        for (String k : m.keySet().stream().sorted().toList()) {
            out.append("<td>").append(f(m.get(k))).append("</td>");
        }
        out.append("</tr>");
    }

    private static List<double[]> xy(List<CurvePoint> pts) {
        List<double[]> out = new ArrayList<>(pts.size());
        for (CurvePoint p : pts) {
            out.add(new double[] {p.x(), p.y()});
        }
        return out;
    }

    private void chart(String name, String xLabel, String yLabel, List<double[]> pts, boolean diagonal,
            boolean markers) {
        int w = 380;
        int h = 320;
        int l = 52;
        int t = 14;
        int pw = w - l - 14;
        int ph = h - t - 46;
        out.append("<div class=\"chart\"><div><b>").append(esc(name)).append("</b></div><svg width=\"").append(w)
                .append("\" height=\"").append(h).append("\" viewBox=\"0 0 ").append(w).append(' ').append(h)
                .append("\" font-size=\"11\" fill=\"#5b6475\">");
        for (int i = 0; i <= 5; i++) {
            double v = i / 5.0;
            double x = l + v * pw;
            double y = t + ph - v * ph;
            out.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#eceef3\"/>",
                    x, t, x, t + ph));
            out.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#eceef3\"/>",
                    l, y, l + pw, y));
            out.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%.1f</text>", x,
                    t + ph + 15, v));
            out.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%.1f</text>", l - 6,
                    y + 4, v));
        }
        out.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" "
                + "stroke=\"#b8bfcc\"/>", l, t, pw, ph));
        if (diagonal) {
            out.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#9aa3b5\" "
                    + "stroke-dasharray=\"5,4\"/>", l, t + ph, l + pw, t));
        }
        StringBuilder path = new StringBuilder();
        for (double[] p : pts) {
            double x = l + clamp(p[0]) * pw;
            double y = t + ph - clamp(p[1]) * ph;
            path.append(path.length() == 0 ? "M" : " L").append(String.format(Locale.ROOT, "%.1f,%.1f", x, y));
        }
        out.append("<path d=\"").append(path).append("\" fill=\"none\" stroke=\"#2f6fde\" stroke-width=\"2.2\"/>");
        if (markers) {
            for (double[] p : pts) {
                out.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" fill=\"#2f6fde\"/>",
                        l + clamp(p[0]) * pw, t + ph - clamp(p[1]) * ph));
            }
        }
        out.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" fill=\"#1d2330\">%s</text>",
                l + pw / 2, h - 10, esc(xLabel)));
        out.append(String.format(Locale.ROOT, "<text transform=\"translate(14,%d) rotate(-90)\" text-anchor=\"middle\" "
                + "fill=\"#1d2330\">%s</text>", t + ph / 2, esc(yLabel)));
        out.append("</svg></div>");
    }

    private static double clamp(double v) {
        return Double.isNaN(v) ? 0 : Math.max(0, Math.min(1, v));
    }

    private void confusionAndClasses() {
        List<String> labels = ev.confusion().labels();
        long[][] c = ev.confusion().counts();
        out.append("<section><h2>Confusion matrix and per-class metrics</h2><p class=\"help\">Rows are the true "
                + "labels, columns the predicted ones; the diagonal holds the correct predictions. Darker cells hold "
                + "a larger share of their row. Precision: of the rows predicted as a class, the share that are it; "
                + "recall: of the rows that are a class, the share found.</p><div class=\"charts\"><table><tr>"
                + "<th class=\"l\">true \\ predicted</th>");
        for (String l : labels) {
            out.append("<th>").append(esc(l)).append("</th>");
        }
        out.append("</tr>");
        for (int i = 0; i < c.length; i++) {
            long rowTotal = 0;
            for (long v : c[i]) {
                rowTotal += v;
            }
            out.append("<tr><th class=\"l\">").append(esc(labels.get(i))).append("</th>");
            for (int j = 0; j < c.length; j++) {
                double share = rowTotal == 0 ? 0 : (double) c[i][j] / rowTotal;
                String color = i == j ? "47,111,222" : "198,40,40";
                out.append(String.format(Locale.ROOT, "<td style=\"background:rgba(%s,%.2f);min-width:90px\">"
                        + "<b>%d</b><br><span class=\"muted\">%.1f%%</span></td>", color, 0.08 + share * 0.6, c[i][j],
                        share * 100));
            }
            out.append("</tr>");
        }
        out.append("</table><table><tr><th class=\"l\">class</th><th>precision</th><th>recall</th><th>F1</th>"
                + "<th>support</th><th>AUC</th></tr>");
        for (ClassMetrics m : ev.perClass()) {
            Double auc = ev.metrics().get("auc[" + m.label() + "]");
            out.append("<tr><td class=\"l\">").append(esc(m.label())).append("</td><td>").append(f(m.precision()))
                    .append("</td><td>").append(f(m.recall())).append("</td><td>").append(f(m.f1())).append("</td><td>")
                    .append(m.support()).append("</td><td>").append(auc == null ? "n/a" : f(auc)).append("</td></tr>");
        }
        out.append("</table></div></section>");
    }

    private void slices() {
        String metric = ev.metrics().containsKey("accuracy") ? "accuracy" : "rmse";
        List<String> cols = new ArrayList<>();
        for (String m : List.of("accuracy", "f1", "recall", "auc", "log-loss", "rmse", "mae", "r2")) {
            if (ev.metrics().containsKey(m)) {
                cols.add(m);
            }
        }
        boolean up = Metrics.higherIsBetter(metric);
        double overall = ev.metrics().getOrDefault(metric, Double.NaN);
        Comparator<SliceResult> order = Comparator.comparingDouble(
                s -> s.metrics().getOrDefault(metric, up ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY));
        List<SliceResult> sorted = ev.slices().stream().sorted(up ? order : order.reversed()).toList();
        out.append("<section><h2>Slices, worst ").append(esc(metric)).append(" first</h2><p class=\"help\">The same "
                + "metrics on subsets of the rows. Shaded rows do worse than the overall ").append(esc(metric))
                .append(" of ").append(f(overall)).append("; slices below the minimum size are listed without "
                        + "metrics, because so few rows cannot support a conclusion.</p><table><tr><th class=\"l\">"
                        + "slice</th><th>rows</th>");
        for (String m : cols) {
            out.append("<th>").append(esc(m)).append("</th>");
        }
        out.append("</tr>");
        for (SliceResult s : sorted) {
            Double v = s.metrics().get(metric);
            boolean worse = v != null && (up ? v < overall : v > overall);
            out.append("<tr").append(worse ? " class=\"bad\"" : "").append("><td class=\"l\">").append(esc(s.name()))
                    .append("</td><td>").append(s.rows()).append("</td>");
            for (String m : cols) {
                Double x = s.metrics().get(m);
                out.append("<td>").append(s.tooSmall() ? "<span class=\"muted\">too few rows</span>"
                        : x == null ? "n/a" : f(x)).append("</td>");
            }
            out.append("</tr>");
        }
        out.append("</table></section>");
    }

    private void fairness() {
        for (FairnessReport r : ev.fairness()) {
            out.append("<section><h2>Fairness across '").append(esc(r.attribute())).append("'</h2><p class=\"help\">"
                    + "How often each group receives the favourable prediction '").append(esc(r.favourableLabel()))
                    .append("' (selection rate) and how often its members who truly are '")
                    .append(esc(r.favourableLabel())).append("' are recognised (true-positive rate). Differences are the "
                            + "largest minus the smallest group; 0 is parity. The disparate-impact ratio is the smallest "
                            + "selection rate over the largest; below 0.8 fails the common four-fifths rule. Brackets: "
                            + "bootstrap interval. Groups of fewer than ").append(r.minGroupSize())
                    .append(" rows are listed as insufficient and left out of every measure.</p>");
            out.append("<div class=\"cards\">");
            card("demographic parity difference", r.demographicParityDifference(),
                    r.intervals().get(FairnessReport.DEMOGRAPHIC_PARITY_DIFFERENCE));
            card("equal opportunity difference", r.equalOpportunityDifference(),
                    r.intervals().get(FairnessReport.EQUAL_OPPORTUNITY_DIFFERENCE));
            card("equalized odds difference", r.equalizedOddsDifference(),
                    r.intervals().get(FairnessReport.EQUALIZED_ODDS_DIFFERENCE));
            card("disparate impact ratio", r.disparateImpactRatio(),
                    r.intervals().get(FairnessReport.DISPARATE_IMPACT_RATIO));
            out.append("</div><br><table><tr><th class=\"l\">group</th><th>rows</th><th>selection rate</th>"
                    + "<th>true-positive rate</th><th>false-positive rate</th><th>accuracy</th></tr>");
            for (FairnessReport.Group g : r.groups()) {
                out.append("<tr><td class=\"l\">").append(esc(g.group())).append("</td><td>").append(g.rows());
                if (!g.sufficient()) {
                    out.append("</td><td colspan=\"4\" class=\"l\">insufficient: fewer than ").append(r.minGroupSize())
                            .append(" rows</td></tr>");
                    continue;
                }
                out.append("</td><td>").append(f(g.selectionRate())).append("</td><td>")
                        .append(f(g.truePositiveRate())).append("</td><td>").append(f(g.falsePositiveRate()))
                        .append("</td><td>").append(f(g.accuracy())).append("</td></tr>");
            }
            out.append("</table></section>");
        }
    }

    private void card(String name, double v, dev.lifecycle.api.evaluation.Interval iv) {
        out.append("<div class=\"card\"><div class=\"n\">").append(esc(name)).append("</div><div class=\"v\">")
                .append(f(v)).append("</div>");
        if (iv != null) {
            out.append("<div class=\"n\">[").append(f(iv.lower())).append(", ").append(f(iv.upper())).append("]</div>");
        }
        out.append("</div>");
    }

    private void card(String name, double v) {
        out.append("<div class=\"card\"><div class=\"n\">").append(esc(name)).append("</div><div class=\"v\">")
                .append(f(v)).append("</div></div>");
    }

    private void comparison() {
        out.append("<section><h2>Champion vs challenger</h2><p class=\"help\">Champion <b>").append(esc(cmp.champion()))
                .append("</b> against challenger <b>").append(esc(cmp.challenger())).append("</b> on the same ")
                .append(cmp.rows()).append(" rows of ").append(esc(cmp.dataset())).append(". Delta is challenger minus "
                        + "champion; the interval comes from a paired bootstrap (both models scored on the same "
                        + "resampled rows). Green: the whole interval is on the better side; red: on the worse side.</p>");
        out.append("<table><tr><th class=\"l\">metric</th><th>champion</th><th>challenger</th><th>delta</th>"
                + "<th>interval</th><th>P(challenger better)</th></tr>");
        for (Comparison.MetricDelta d : cmp.deltas()) {
            boolean better = d.higherIsBetter() ? d.lower() > 0 : d.upper() < 0;
            boolean worse = d.higherIsBetter() ? d.upper() < 0 : d.lower() > 0;
            out.append("<tr><td class=\"l\">").append(esc(d.metric())).append(d.higherIsBetter() ? "" : " (lower is "
                    + "better)").append("</td><td>").append(f(d.champion())).append("</td><td>")
                    .append(f(d.challenger())).append("</td><td class=\"").append(better ? "pass" : worse ? "fail" : "")
                    .append("\">").append(String.format(Locale.ROOT, "%+.4f", d.delta())).append("</td><td>")
                    .append(f(d.lower())).append(" to ").append(f(d.upper())).append("</td><td>")
                    .append(f(d.probabilityBetter())).append("</td></tr>");
        }
        out.append("</table>");
        cmp.mcNemar().ifPresent(m -> out.append("<p class=\"help\">McNemar's test (").append(m.exact() ? "exact binomial"
                : "chi-square with continuity correction").append("): the champion alone was right on ")
                .append(m.championOnlyCorrect()).append(" rows, the challenger alone on ").append(m.challengerOnlyCorrect())
                .append(" rows; p-value ").append(String.format(Locale.ROOT, "%.4g", m.pValue())).append(m.pValue() < 0.05
                        ? ": the two models' error rates differ significantly."
                        : ": no significant difference in error rates.").append("</p>"));
        out.append("</section>");
    }

    private void errors(Diagnostics d) {
        if (d.confusedPairs().isEmpty() && d.worstErrors().isEmpty()) {
            return;
        }
        out.append("<section><h2>Error analysis</h2><p class=\"help\">The most frequent mistakes, and the wrong "
                + "predictions the model was most sure of: these rows are worth a look for label errors or missing "
                + "features. Each row shows ").append(ev.importance().isEmpty() ? "its first 8 columns"
                        : "its 8 most important columns, most important first").append(".</p><div class=\"charts\">"
                        + "<table><tr><th class=\"l\">true</th><th class=\"l\">predicted as</th><th>rows</th></tr>");
        for (Diagnostics.ConfusedPair p : d.confusedPairs()) {
            out.append("<tr><td class=\"l\">").append(esc(p.truth())).append("</td><td class=\"l\">")
                    .append(esc(p.predicted())).append("</td><td>").append(p.count()).append("</td></tr>");
        }
        out.append("</table>");
        if (!d.worstErrors().isEmpty()) {
            out.append("<table><tr><th>row</th><th class=\"l\">true</th><th class=\"l\">predicted</th><th>confidence"
                    + "</th><th class=\"l\">values</th></tr>");
            for (Diagnostics.ErrorExample e : d.worstErrors()) {
                StringBuilder vals = new StringBuilder();
                ImportanceSection.ordered(ev, e.values(), 8).forEach((k, v) -> vals
                        .append(vals.length() == 0 ? "" : ", ").append(k).append('=').append(v));
                out.append("<tr><td>").append(e.row()).append("</td><td class=\"l\">").append(esc(e.truth()))
                        .append("</td><td class=\"l\">").append(esc(e.predicted())).append("</td><td>")
                        .append(f(e.confidence())).append("</td><td class=\"l\" style=\"max-width:640px\">")
                        .append(esc(vals.toString())).append("</td></tr>");
            }
            out.append("</table>");
        }
        out.append("</div></section>");
    }

    private static String f(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.4f", v);
    }

    static String esc(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                default -> sb.append(ch);
            }
        }
        return sb.toString();
    }
}
