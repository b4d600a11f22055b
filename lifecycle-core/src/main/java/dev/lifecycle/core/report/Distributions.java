package dev.lifecycle.core.report;

import dev.lifecycle.core.data.CategoricalProfile;
import dev.lifecycle.core.data.ColumnProfile;
import dev.lifecycle.core.data.NumericProfile;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Small inline-SVG distribution plots from column profiles: a histogram (numbers) or bars of the most
 * frequent categories, alone or a reference (grey) against a current (orange) distribution on the same bins.
 */
final class Distributions {
    static final String REFERENCE = "#8a93a5";
    static final String CURRENT = "#e8710a";
    private static final int BINS = 24;
    private static final int TOP = 12;

    private Distributions() {
    }

    /** Appends one plot of {@code ref} (and {@code cur} when not null), with its title. */
    static void plot(StringBuilder out, String title, ColumnProfile ref, ColumnProfile cur) {
        int w = 400;
        int h = 190;
        out.append("<div><div style=\"font-size:13px;margin-bottom:2px\"><b>").append(Html.esc(title))
                .append("</b></div><svg width=\"").append(w).append("\" height=\"").append(h).append("\" viewBox=\"0 0 ")
                .append(w).append(' ').append(h).append("\" font-size=\"10\" fill=\"#5b6475\">");
        if (ref instanceof NumericProfile r && (cur == null || cur instanceof NumericProfile)) {
            numeric(out, r, (NumericProfile) cur, w, h);
        } else if (ref instanceof CategoricalProfile r && (cur == null || cur instanceof CategoricalProfile)) {
            categorical(out, r, (CategoricalProfile) cur, w, h);
        } else {
            out.append("<text x=\"10\" y=\"20\">the two profiles are of different kinds</text>");
        }
        out.append("</svg></div>");
    }

    private static void numeric(StringBuilder out, NumericProfile ref, NumericProfile cur, int w, int h) {
        if (ref.count() == 0 && (cur == null || cur.count() == 0)) {
            out.append("<text x=\"10\" y=\"20\">no values</text>");
            return;
        }
        // bins over the central range (0.5%..99.5%) of both, so one outlier does not squash the plot
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (NumericProfile p : cur == null ? List.of(ref) : List.of(ref, cur)) {
            if (p.count() > 0) {
                lo = Math.min(lo, p.quantile(0.005));
                hi = Math.max(hi, p.quantile(0.995));
            }
        }
        if (!(hi > lo)) {
            hi = lo + 1;
        }
        double[] splits = new double[BINS - 1];
        for (int i = 0; i < splits.length; i++) {
            splits[i] = lo + (hi - lo) * (i + 1) / BINS;
        }
        double[] a = ref.count() > 0 ? ref.pmf(splits) : new double[BINS];
        double[] b = cur == null || cur.count() == 0 ? null : cur.pmf(splits);
        double max = 0;
        for (int i = 0; i < BINS; i++) {
            max = Math.max(max, Math.max(a[i], b == null ? 0 : b[i]));
        }
        int left = 8;
        int top = 6;
        int pw = w - 16;
        int ph = h - 40;
        double bw = (double) pw / BINS;
        for (int i = 0; i < BINS; i++) {
            bar(out, left + i * bw + 0.5, bw - 1, top, ph, a[i] / max, REFERENCE, b == null ? 1 : 0.55);
            if (b != null) {
                double x = left + i * bw + bw * 0.3;
                bar(out, x, bw * 0.55, top, ph, b[i] / max, CURRENT, 0.85);
            }
        }
        out.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#b8bfcc\"/>",
                left, top + ph, left + pw, top + ph));
        out.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s</text><text x=\"%d\" y=\"%d\" "
                + "text-anchor=\"end\">%s</text>", left, top + ph + 13, Page.num(lo), left + pw, top + ph + 13,
                Page.num(hi)));
        String stats = "mean " + Page.num(ref.mean()) + (cur == null ? "" : " → " + Page.num(cur.mean()))
                + ", median " + Page.num(ref.quantile(0.5)) + (cur == null ? "" : " → " + Page.num(cur.quantile(0.5)));
        out.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"#1d2330\">%s</text>", left,
                top + ph + 28, Html.esc(stats)));
    }

    private static void categorical(StringBuilder out, CategoricalProfile ref, CategoricalProfile cur, int w, int h) {
        Set<String> cats = new LinkedHashSet<>();
        ref.mostFrequent(TOP).forEach(e -> cats.add(e.getKey()));
        if (cur != null) {
            cur.mostFrequent(TOP).forEach(e -> cats.add(e.getKey()));
        }
        List<String> shown = new ArrayList<>(cats).subList(0, Math.min(TOP, cats.size()));
        if (shown.isEmpty()) {
            out.append("<text x=\"10\" y=\"20\">no values</text>");
            return;
        }
        double max = 0;
        for (String c : shown) {
            max = Math.max(max, Math.max(ref.frequency(c), cur == null ? 0 : cur.frequency(c)));
        }
        int labelW = 120;
        int top = 4;
        double rowH = Math.min(18, (h - 8.0) / shown.size());
        int pw = w - labelW - 60;
        for (int i = 0; i < shown.size(); i++) {
            String c = shown.get(i);
            double y = top + i * rowH;
            String label = c.length() > 18 ? c.substring(0, 17) + "…" : c;
            out.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>",
                    labelW - 4, y + rowH * 0.7, Html.esc(label)));
            double fa = ref.frequency(c);
            double hh = cur == null ? rowH - 3 : (rowH - 3) / 2;
            out.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
                    + "fill=\"%s\"/>", labelW, y + 1, Math.max(0.5, fa / max * pw), hh, REFERENCE));
            String text = Page.pct(fa);
            if (cur != null) {
                double fb = cur.frequency(c);
                out.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
                        + "fill=\"%s\"/>", labelW, y + 1 + hh, Math.max(0.5, fb / max * pw), hh, CURRENT));
                text += " → " + Page.pct(fb);
            }
            out.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\">%s</text>", labelW + pw + 4,
                    y + rowH * 0.7, Html.esc(text)));
        }
    }

    private static void bar(StringBuilder out, double x, double width, int top, int ph, double share, String color,
            double opacity) {
        double bh = Double.isNaN(share) ? 0 : share * ph;
        out.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\" "
                + "fill-opacity=\"%.2f\"/>", x, top + ph - bh, Math.max(0.5, width), bh, color, opacity));
    }

    /** @return the legend for reference-versus-current plots */
    static String legend(String reference, String current) {
        return "<div class=\"legend\"><span style=\"color:" + REFERENCE + "\">&#9632; " + Html.esc(reference)
                + "</span><span style=\"color:" + CURRENT + "\">&#9632; " + Html.esc(current) + "</span></div>";
    }
}
