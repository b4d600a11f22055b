package dev.lifecycle.core.report;

import dev.lifecycle.api.monitoring.Alert;
import dev.lifecycle.api.data.Row;
import dev.lifecycle.core.data.CategoricalProfile;
import dev.lifecycle.core.data.ColumnProfile;
import dev.lifecycle.core.data.DatasetProfile;
import dev.lifecycle.core.data.NumericProfile;
import dev.lifecycle.core.loop.LoopIteration;
import dev.lifecycle.core.monitoring.DriftWindow;
import dev.lifecycle.core.monitoring.Monitor;
import dev.lifecycle.core.monitoring.MultivariateDriftReport;
import dev.lifecycle.core.monitoring.QualityWindow;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * A self-contained HTML page (inline SVG, no scripts, no external files) about a monitored model: a drift
 * heatmap of feature × window (score divided by its threshold, so 1 is the alarm line), reference-versus-current
 * distributions of the drifted features (when profiles are given), live accuracy next to
 * the accuracy estimated from confidence, and the events: loop iterations (retrains, promotions,
 * rollbacks, gate rejections) and alerts.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public final class MonitoringReport {
    private static final String[] COLORS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b",
        "#e377c2", "#17becf", "#7f7f7f", "#bcbd22"};
    private final String name;
    private final List<DriftWindow> drift;
    private final List<QualityWindow> quality;
    private final List<Alert> alerts;
    private final List<LoopIteration> iterations;
    private final List<MultivariateDriftReport> multivariate;
    private final DatasetProfile reference;
    private final DatasetProfile current;
    private final String currentName;

    private MonitoringReport(String name, List<DriftWindow> drift, List<QualityWindow> quality, List<Alert> alerts,
            List<LoopIteration> iterations, List<MultivariateDriftReport> multivariate) {
        this(name, drift, quality, alerts, iterations, multivariate, null, null, null);
    }

    private MonitoringReport(String name, List<DriftWindow> drift, List<QualityWindow> quality, List<Alert> alerts,
            List<LoopIteration> iterations, List<MultivariateDriftReport> multivariate, DatasetProfile reference,
            DatasetProfile current, String currentName) {
        this.reference = reference;
        this.current = current;
        this.currentName = currentName;
        this.name = name;
        this.drift = drift;
        this.quality = quality;
        this.alerts = alerts;
        this.iterations = iterations;
        this.multivariate = multivariate;
    }

    /**
     * @param name the monitored model or deployment
     * @param monitor its monitor (windows and alerts are read now)
     * @param iterations the loop's iterations, empty without a loop
     * @return the report
     */
    public static MonitoringReport of(String name, Monitor monitor, List<LoopIteration> iterations) {
        Objects.requireNonNull(monitor, "monitor");
        return new MonitoringReport(Objects.requireNonNull(name, "name"), monitor.driftWindows(),
                monitor.qualityWindows(), monitor.alerts(), List.copyOf(iterations), List.of());
    }

    /**
     * @param checks multivariate drift checks to show, each with its AUC, verdict and per-feature attribution
     * @return this report with a section for them
     */
    public MonitoringReport withMultivariate(List<MultivariateDriftReport> checks) {
        return new MonitoringReport(name, drift, quality, alerts, iterations, List.copyOf(checks), reference, current,
                currentName);
    }

    /**
     * @param referenceProfile the monitor's reference (e.g. the training data's profile)
     * @param currentProfile recent data, e.g. {@link #profileLike(DatasetProfile, List)} of the monitor's
     *     {@code sampledRows()}, or the profile of a newer dataset version
     * @param label what the current data is, e.g. {@code last 5,000 served rows}
     * @return this report with reference-versus-current distribution plots of the drifted features
     */
    public MonitoringReport withDistributions(DatasetProfile referenceProfile, DatasetProfile currentProfile,
            String label) {
        return new MonitoringReport(name, drift, quality, alerts, iterations, multivariate,
                Objects.requireNonNull(referenceProfile, "reference"), Objects.requireNonNull(currentProfile, "current"),
                Objects.requireNonNull(label, "label"));
    }

    /**
     * @return the profile of {@code rows} over the columns of {@code like}, each profiled as the same kind
     *     (numbers or categories), e.g. to compare a monitor's sampled rows with its reference
     */
    public static DatasetProfile profileLike(DatasetProfile like, List<Row> rows) {
        List<ColumnProfile> cols = new ArrayList<>();
        for (ColumnProfile c : like.columns().values()) {
            String col = c.column();
            if (c instanceof NumericProfile) {
                NumericProfile.Accumulator acc = NumericProfile.accumulator(col);
                for (Row r : rows) {
                    Object v = r.has(col) ? r.get(col) : null;
                    acc.add(v instanceof Number n ? n.doubleValue() : Double.NaN);
                }
                cols.add(acc.build());
            } else {
                List<String> values = new ArrayList<>(rows.size());
                for (Row r : rows) {
                    Object v = r.has(col) ? r.get(col) : null;
                    values.add(v == null ? null : v.toString());
                }
                cols.add(CategoricalProfile.of(col, values));
            }
        }
        return new DatasetProfile(rows.size(), cols, like.roles());
    }

    /** @return the page */
    public String html() {
        StringBuilder out = new StringBuilder(64 * 1024);
        out.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Monitoring: ")
                .append(esc(name)).append("</title><style>")
                .append("body{font:14px/1.45 system-ui,sans-serif;margin:24px;color:#222;max-width:1300px}")
                .append("h1{font-size:22px}h2{font-size:17px;margin-top:28px}.help{color:#555;max-width:900px}")
                .append("table{border-collapse:collapse;font-size:12px}td,th{border:1px solid #ddd;padding:3px 6px;")
                .append("text-align:right}.l{text-align:left}.PROMOTED{color:#2ca02c;font-weight:600}")
                .append(".ROLLED_BACK{color:#d62728;font-weight:600}.REJECTED{color:#888}.CANARY{color:#ff7f0e}")
                .append(".cards{display:flex;gap:12px;flex-wrap:wrap}.card{border:1px solid #ddd;border-radius:6px;")
                .append("padding:8px 14px}.card .v{font-size:20px;font-weight:600}.legend span{margin-right:14px}")
                .append(".grid{display:flex;flex-wrap:wrap;gap:18px}")
                .append("</style></head><body><h1>Monitoring: ").append(esc(name)).append("</h1>");
        cards(out);
        DriftHeatmap.render(out, drift);
        if (reference != null) {
            DriftHeatmap.distributions(out, drift, reference, current, currentName);
        }
        qualityChart(out);
        multivariate(out);
        events(out);
        out.append("</body></html>");
        return out.toString();
    }

    /** Writes {@link #html()} to a file. @return the file */
    public Path writeHtml(Path file) {
        try {
            Files.writeString(file, html(), StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the monitoring report to " + file, e);
        }
    }

    private void cards(StringBuilder out) {
        long promoted = iterations.stream().filter(i -> i.outcome() == LoopIteration.Outcome.PROMOTED).count();
        long rolled = iterations.stream().filter(i -> i.outcome() == LoopIteration.Outcome.ROLLED_BACK).count();
        long rejected = iterations.stream().filter(i -> i.outcome() == LoopIteration.Outcome.REJECTED).count();
        double acc = quality.isEmpty() ? Double.NaN : quality.get(quality.size() - 1).accuracy();
        out.append("<div class=\"cards\">");
        card(out, "drift windows", Integer.toString(drift.size()));
        card(out, "quality windows", Integer.toString(quality.size()));
        card(out, "latest live accuracy", f(acc));
        card(out, "alerts", Integer.toString(alerts.size()));
        card(out, "promotions", Long.toString(promoted));
        card(out, "rollbacks", Long.toString(rolled));
        card(out, "gate rejections", Long.toString(rejected));
        out.append("</div>");
    }

    private static void card(StringBuilder out, String n, String v) {
        out.append("<div class=\"card\"><div>").append(esc(n)).append("</div><div class=\"v\">").append(esc(v))
                .append("</div></div>");
    }

    private void qualityChart(StringBuilder out) {
        out.append("<h2>Live and estimated quality over time</h2><p class=\"help\">Realized accuracy over each window"
                + " of labels, as the labels arrived, next to the accuracy the model's own confidence promised for the"
                + " same predictions (meaningful for calibrated classifiers), and the baseline the live accuracy is"
                + " compared with. Vertical green lines: promotions; red: rollbacks. The x axis counts labels.</p>");
        Map<String, List<double[]>> series = new LinkedHashMap<>();
        for (QualityWindow q : quality) {
            double x = q.firstLabel() + q.labels();
            series.computeIfAbsent("live accuracy", k -> new ArrayList<>()).add(new double[] {x, q.accuracy()});
            if (!Double.isNaN(q.estimatedAccuracy())) {
                series.computeIfAbsent("estimated accuracy", k -> new ArrayList<>())
                        .add(new double[] {x, q.estimatedAccuracy()});
            }
            series.computeIfAbsent("baseline", k -> new ArrayList<>()).add(new double[] {x, q.baseline()});
        }
        List<double[]> marks = new ArrayList<>();
        for (LoopIteration it : iterations) {
            if (it.outcome() == LoopIteration.Outcome.PROMOTED) {
                marks.add(new double[] {it.labelsSeen(), 1});
            } else if (it.outcome() == LoopIteration.Outcome.ROLLED_BACK) {
                marks.add(new double[] {it.labelsSeen(), 0});
            }
        }
        double lo = 1;
        for (List<double[]> s : series.values()) {
            for (double[] p : s) {
                lo = Math.min(lo, p[1]);
            }
        }
        chart(out, series, Math.max(0, Math.floor(lo * 10) / 10), 1, List.of(), marks, "accuracy");
    }

    private static void chart(StringBuilder out, Map<String, List<double[]>> series, double ymin, double ymax,
            List<Double> hlines, List<double[]> vmarks, String ylabel) {
        int w = 1200;
        int h = 320;
        int left = 50;
        int right = 10;
        int top = 10;
        int bottom = 30;
        double xmin = Double.POSITIVE_INFINITY;
        double xmax = Double.NEGATIVE_INFINITY;
        for (List<double[]> s : series.values()) {
            for (double[] p : s) {
                xmin = Math.min(xmin, p[0]);
                xmax = Math.max(xmax, p[0]);
            }
        }
        if (series.isEmpty()) {
            out.append("<p class=\"help\"><i>No windows yet.</i></p>");
            return;
        }
        if (xmax <= xmin) {
            xmax = xmin + 1;
        }
        double fx0 = xmin;
        double fx1 = xmax;
        java.util.function.DoubleUnaryOperator x = v -> left + (v - fx0) / (fx1 - fx0) * (w - left - right);
        java.util.function.DoubleUnaryOperator y = v -> top + (1 - (v - ymin) / (ymax - ymin)) * (h - top - bottom);
        out.append("<svg width=\"").append(w).append("\" height=\"").append(h)
                .append("\" xmlns=\"http://www.w3.org/2000/svg\" style=\"background:#fff;border:1px solid #eee\">");
        for (int i = 0; i <= 4; i++) {
            double v = ymin + (ymax - ymin) * i / 4;
            out.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#eee\"/>"
                    + "<text x=\"4\" y=\"%.1f\" font-size=\"11\">%.2f</text>", left, w - right, y.applyAsDouble(v),
                    y.applyAsDouble(v), y.applyAsDouble(v) + 4, v));
        }
        for (int i = 0; i <= 6; i++) {
            double v = xmin + (xmax - xmin) * i / 6;
            out.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">"
                    + "%.0f</text>", x.applyAsDouble(v), h - 10, v));
        }
        for (double hl : hlines) {
            out.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#000\""
                    + " stroke-dasharray=\"5,4\"/>", left, w - right, y.applyAsDouble(hl), y.applyAsDouble(hl)));
        }
        for (double[] m : vmarks) {
            out.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" stroke=\"%s\""
                    + " stroke-opacity=\"0.35\"/>", x.applyAsDouble(m[0]), x.applyAsDouble(m[0]), top, h - bottom,
                    m[1] > 0 ? "#2ca02c" : "#d62728"));
        }
        int c = 0;
        StringBuilder legend = new StringBuilder("<div class=\"legend\">");
        for (Map.Entry<String, List<double[]>> e : series.entrySet()) {
            String color = COLORS[c++ % COLORS.length];
            StringBuilder pts = new StringBuilder();
            for (double[] p : e.getValue()) {
                pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", x.applyAsDouble(p[0]),
                        y.applyAsDouble(Math.max(ymin, Math.min(ymax, p[1])))));
            }
            out.append("<polyline fill=\"none\" stroke-width=\"1.5\" stroke=\"").append(color).append("\" points=\"")
                    .append(pts).append("\"/>");
            legend.append("<span style=\"color:").append(color).append("\">&#9632; ").append(esc(e.getKey()))
                    .append("</span>");
        }
        out.append("</svg>").append(legend).append("<span class=\"help\"> (y: ").append(esc(ylabel))
                .append(")</span></div>");
    }

    private void multivariate(StringBuilder out) {
        if (multivariate.isEmpty()) {
            return;
        }
        out.append("<h2>Multivariate drift</h2><p class=\"help\">A domain classifier learns to tell current rows from"
                + " reference rows; its cross-validated AUC is 0.5 when they cannot be told apart. It catches joint"
                + " changes (such as a changed correlation) that no per-feature test sees. Bars: how much the AUC"
                + " drops when one feature is shuffled.</p><table><tr><th class=\"l\">classifier</th><th>AUC</th>"
                + "<th>threshold</th><th class=\"l\">verdict</th><th>reference rows</th><th>current rows</th>"
                + "<th class=\"l\">features most responsible</th></tr>");
        for (MultivariateDriftReport r : multivariate) {
            out.append("<tr><td class=\"l\">").append(esc(r.classifier())).append("</td><td>").append(f(r.auc()))
                    .append("</td><td>").append(f(r.threshold())).append("</td><td class=\"l ")
                    .append(r.drifted() ? "ROLLED_BACK" : "PROMOTED").append("\">").append(r.verdict())
                    .append("</td><td>").append(r.referenceRows()).append("</td><td>").append(r.currentRows())
                    .append("</td><td class=\"l\">");
            double top = r.attribution().isEmpty() ? 0 : Math.max(1e-9, r.attribution().get(0).aucDrop());
            for (MultivariateDriftReport.FeatureAttribution a : r.attribution().subList(0,
                    Math.min(5, r.attribution().size()))) {
                int w = (int) Math.round(160 * Math.max(0, a.aucDrop()) / top);
                out.append("<div><span style=\"display:inline-block;width:110px\">").append(esc(a.feature()))
                        .append("</span><span style=\"display:inline-block;height:10px;width:").append(w)
                        .append("px;background:#1f77b4\"></span> ").append(f(a.aucDrop())).append("</div>");
            }
            out.append("</td></tr>");
        }
        out.append("</table>");
    }

    private void events(StringBuilder out) {
        out.append("<h2>Loop iterations</h2><p class=\"help\">Every retrain: why it fired, the data version it built,"
                + " champion and challenger accuracy on the held-out recent rows, and what happened.</p>");
        if (iterations.isEmpty()) {
            out.append("<p class=\"help\"><i>None.</i></p>");
        } else {
            out.append("<table><tr><th>#</th><th>labels</th><th class=\"l\">reason</th><th class=\"l\">dataset</th>"
                    + "<th>history</th><th class=\"l\">champion</th><th class=\"l\">challenger</th><th>champion acc</th>"
                    + "<th>challenger acc</th><th class=\"l\">outcome</th><th class=\"l\">detail</th></tr>");
            for (LoopIteration it : iterations) {
                out.append("<tr><td>").append(it.index()).append("</td><td>").append(it.labelsSeen())
                        .append("</td><td class=\"l\">").append(esc(it.reason())).append("</td><td class=\"l\">")
                        .append(esc(String.valueOf(it.dataset()))).append("</td><td>").append(it.historyRows())
                        .append("</td><td class=\"l\">").append(esc(it.champion())).append("</td><td class=\"l\">")
                        .append(esc(String.valueOf(it.challenger()))).append("</td><td>").append(f(it.championAccuracy()))
                        .append("</td><td>").append(f(it.challengerAccuracy())).append("</td><td class=\"l ")
                        .append(it.outcome()).append("\">").append(it.outcome()).append("</td><td class=\"l\">")
                        .append(esc(it.detail())).append("</td></tr>");
            }
            out.append("</table>");
        }
        out.append("<h2>Alerts</h2>");
        if (alerts.isEmpty()) {
            out.append("<p class=\"help\"><i>None.</i></p>");
            return;
        }
        out.append("<table><tr><th>window</th><th class=\"l\">kind</th><th class=\"l\">subject</th><th>value</th>"
                + "<th>threshold</th><th class=\"l\">message</th></tr>");
        for (Alert a : alerts) {
            out.append("<tr><td>").append(a.window()).append("</td><td class=\"l\">").append(a.kind())
                    .append("</td><td class=\"l\">").append(esc(a.subject())).append("</td><td>").append(f(a.value()))
                    .append("</td><td>").append(f(a.threshold())).append("</td><td class=\"l\">")
                    .append(esc(a.message())).append("</td></tr>");
        }
        out.append("</table>");
    }

    private static String f(double v) {
        return Double.isNaN(v) ? "&ndash;" : String.format(Locale.ROOT, "%.4f", v);
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
