package dev.lifecycle.core.report;

import dev.lifecycle.api.monitoring.DriftResult;
import dev.lifecycle.core.data.ColumnProfile;
import dev.lifecycle.core.data.DatasetProfile;
import dev.lifecycle.core.monitoring.DriftWindow;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The monitoring page's drift views: a heatmap of drift score over threshold per feature (rows) and
 * window (columns), features ordered by their worst window, and reference-versus-current distribution
 * plots of the features judged drifted.
 */
final class DriftHeatmap {
    private static final int MAX_PLOTS = 8;

    private DriftHeatmap() {
    }

    /** @return each feature's worst score/threshold over the windows, worst first */
    static Map<String, Double> worst(List<DriftWindow> windows) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (DriftWindow w : windows) {
            for (DriftResult r : w.drift()) {
                double v = ratio(r);
                m.merge(r.feature(), Double.isNaN(v) ? 0 : v, Math::max);
            }
        }
        Map<String, Double> out = new LinkedHashMap<>();
        m.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder())
                .thenComparing(Map.Entry.comparingByKey())).forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    private static double ratio(DriftResult r) {
        return Double.isNaN(r.score()) || !(r.threshold() > 0) ? Double.NaN : r.score() / r.threshold();
    }

    static void render(StringBuilder out, List<DriftWindow> windows) {
        out.append("<h2>Drift per feature and window</h2><p class=\"help\">One row per feature, one column per "
                + "window (oldest left). The colour is the drift score divided by the threshold it was held to: white "
                + "is no difference, yellow is half-way, red at 1 and beyond (darker up to 3×). A dot marks a window "
                + "where the feature was judged drifted (tests also need a small p-value); grey: not measured. "
                + "Features with the worst window come first.</p>");
        if (windows.isEmpty()) {
            out.append("<p class=\"help\"><i>No windows yet.</i></p>");
            return;
        }
        List<String> features = new ArrayList<>(worst(windows).keySet());
        int n = windows.size();
        int label = 150;
        double cell = Math.max(3, Math.min(56, 1040.0 / n));
        int rowH = 18;
        int top = 4;
        int w = (int) Math.ceil(label + cell * n + 60);
        int h = top + rowH * features.size() + 50;
        out.append(String.format(Locale.ROOT, "<svg width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" font-size=\"11\" "
                + "style=\"background:#fff\">", w, h, w, h));
        for (int f = 0; f < features.size(); f++) {
            String name = features.get(f);
            double y = top + f * rowH;
            out.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" fill=\"#1d2330\">%s"
                    + "</text>", label - 6, y + 13, Html.esc(name)));
            for (int i = 0; i < n; i++) {
                DriftResult r = find(windows.get(i), name);
                double v = r == null ? Double.NaN : ratio(r);
                double x = label + i * cell;
                out.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%d\" "
                        + "fill=\"%s\" stroke=\"#e3e6ed\" stroke-width=\"0.5\"><title>%s, window %d: %s</title>"
                        + "</rect>", x, y, Math.max(1, cell - 0.6),
                        rowH - 2, color(v), Html.esc(name), windows.get(i).index(), r == null ? "not measured"
                                : Html.esc(r.method() + " " + Page.num(r.score()) + " / threshold "
                                        + Page.num(r.threshold()) + (r.drifted() ? ": DRIFT" : ""))));
                if (r != null && r.drifted()) {
                    out.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"#fff\"/>",
                            x + cell / 2, y + (rowH - 2) / 2.0, Math.max(1, Math.min(3, cell / 4))));
                }
            }
        }
        double axis = top + rowH * features.size() + 12;
        int ticks = Math.max(1, Math.min(n, Math.min(8, (int) (cell * n / 70))));
        for (int t = 0; t < ticks; t++) {
            int i = ticks == 1 ? 0 : (int) Math.round((double) t * (n - 1) / (ticks - 1));
            DriftWindow win = windows.get(i);
            out.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" fill=\"#5b6475\">"
                    + "%s</text>", label + i * cell + cell / 2, axis, Page.num(win.firstRow() + win.rows())));
        }
        out.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" fill=\"#5b6475\">"
                + "rows seen at the end of the window</text>", label + cell * n / 2, axis + 16));
        double lx = label + cell * n + 12;
        for (int k = 0; k <= 6; k++) {
            double v = k * 0.5;
            out.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"12\" height=\"12\" fill=\"%s\"/>"
                    + "<text x=\"%.1f\" y=\"%.1f\" fill=\"#5b6475\">%.1f</text>", lx, top + k * 15.0, color(v), lx + 16,
                    top + k * 15.0 + 10, v));
        }
        out.append("</svg>");
    }

    private static DriftResult find(DriftWindow w, String feature) {
        for (DriftResult r : w.drift()) {
            if (r.feature().equals(feature)) {
                return r;
            }
        }
        return null;
    }

    /** White → yellow (0.5) → red (1) → dark red (3 and beyond); grey when not measured. */
    static String color(double v) {
        if (Double.isNaN(v)) {
            return "#d9dce3";
        }
        double[][] stops = {{0, 255, 255, 255}, {0.5, 255, 221, 87}, {1, 230, 57, 35}, {3, 110, 10, 20}};
        double x = Math.max(0, Math.min(3, v));
        for (int i = 1; i < stops.length; i++) {
            if (x <= stops[i][0]) {
                double t = (x - stops[i - 1][0]) / (stops[i][0] - stops[i - 1][0]);
                return String.format(Locale.ROOT, "rgb(%d,%d,%d)", lerp(stops[i - 1][1], stops[i][1], t),
                        lerp(stops[i - 1][2], stops[i][2], t), lerp(stops[i - 1][3], stops[i][3], t));
            }
        }
        return "rgb(110,10,20)";
    }

    private static int lerp(double a, double b, double t) {
        return (int) Math.round(a + (b - a) * t);
    }

    /** Appends reference-versus-current plots of the drifted features (worst first, at most 8). */
    static void distributions(StringBuilder out, List<DriftWindow> windows, DatasetProfile reference,
            DatasetProfile current, String currentName) {
        out.append("<h2>Reference and current distributions of the drifted features</h2>");
        List<String> drifted = new ArrayList<>();
        Map<String, Double> worst = worst(windows);
        for (String f : worst.keySet()) {
            boolean any = windows.stream().anyMatch(w -> w.drifted().contains(f));
            if (any && reference.columns().containsKey(f) && current.columns().containsKey(f)) {
                drifted.add(f);
            }
        }
        if (drifted.isEmpty()) {
            out.append("<p class=\"help\"><i>No profiled feature was judged drifted in any window.</i></p>");
            return;
        }
        out.append("<p class=\"help\">Grey: the reference (what the model was trained on); orange: ")
                .append(Html.esc(currentName)).append(". Shares of present values on the same bins, so the shapes "
                        + "compare directly; the line under a histogram gives the mean and median before → now.")
                .append(drifted.size() > MAX_PLOTS ? " The " + MAX_PLOTS + " worst of " + drifted.size() + " drifted "
                        + "features are shown." : "").append("</p>")
                .append(Distributions.legend("reference", currentName)).append("<div class=\"grid\">");
        for (String f : drifted.subList(0, Math.min(MAX_PLOTS, drifted.size()))) {
            ColumnProfile ref = reference.column(f);
            ColumnProfile cur = current.column(f);
            Distributions.plot(out, f + String.format(Locale.ROOT, " (worst %.2f× threshold)", worst.get(f)), ref, cur);
        }
        out.append("</div>");
    }
}
