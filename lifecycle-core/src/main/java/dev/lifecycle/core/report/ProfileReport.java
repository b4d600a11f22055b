package dev.lifecycle.core.report;

import dev.lifecycle.api.data.ColumnRole;
import dev.lifecycle.core.data.CategoricalProfile;
import dev.lifecycle.core.data.ColumnProfile;
import dev.lifecycle.core.data.DatasetProfile;
import dev.lifecycle.core.data.NumericProfile;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * A dataset profile as one self-contained HTML page (inline SVG and CSS, no scripts, no network): a
 * summary table of every column (role, kind, missing share, distinct values, range and quantiles or top
 * categories) and a distribution plot per column. Immutable; e.g.
 * {@code ProfileReport.of(lc.datasets().profile(v)).title("adult@1").writeHtml(Path.of("profile.html"))}.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public final class ProfileReport {
    private final DatasetProfile profile;
    private final String title;

    private ProfileReport(DatasetProfile profile, String title) {
        this.profile = profile;
        this.title = title;
    }

    /** @return a page about one profile */
    public static ProfileReport of(DatasetProfile profile) {
        return new ProfileReport(Objects.requireNonNull(profile, "profile"), "Data profile");
    }

    /** @return a copy with another title (e.g. the dataset version's id) */
    public ProfileReport title(String t) {
        return new ProfileReport(profile, Objects.requireNonNull(t, "title"));
    }

    /** @return the page */
    public String html() {
        StringBuilder out = Page.open(title, Page.num(profile.rows()) + " rows, " + profile.columns().size()
                + " columns. Figures from mergeable sketches: counts are exact, quantiles within "
                + Page.pct(NumericProfile.KLL_RANK_ERROR) + " in rank.");
        out.append("<section><h2>Columns</h2><p class=\"help\">One line per column. Missing: share of rows without a "
                + "value. Numbers: range and quartiles; categories: the most frequent values and their shares. Rows "
                + "shaded red have more than 5% missing values or a single value (no information for a model)."
                + "</p><table><tr><th class=\"l\">column</th><th class=\"l\">role</th><th class=\"l\">kind</th>"
                + "<th>present</th><th>missing</th><th>distinct</th><th class=\"l\">summary</th></tr>");
        Map<String, ColumnRole> roles = profile.roles();
        for (ColumnProfile c : profile.columns().values()) {
            boolean warn = c.missingRate() > 0.05 || c.distinct() <= 1;
            out.append("<tr").append(warn ? " style=\"background:#fdecea\"" : "").append("><td class=\"l\"><b>")
                    .append(Html.esc(c.column())).append("</b></td><td class=\"l\">")
                    .append(Html.esc(roles.containsKey(c.column()) ? roles.get(c.column()).name().toLowerCase(
                            java.util.Locale.ROOT) : "feature")).append("</td><td class=\"l\">")
                    .append(c instanceof NumericProfile ? "number" : "category").append("</td><td>")
                    .append(Page.num(c.count())).append("</td><td>").append(Page.pct(c.missingRate()))
                    .append("</td><td>").append(Page.num(c.distinct())).append("</td><td class=\"l\">")
                    .append(Html.esc(summary(c))).append("</td></tr>");
        }
        out.append("</table></section><section><h2>Distributions</h2><p class=\"help\">Numbers: a histogram over the "
                + "central 99% of values (0.5% to 99.5% quantile); categories: the most frequent values.</p>"
                + "<div class=\"grid\">");
        for (ColumnProfile c : profile.columns().values()) {
            Distributions.plot(out, c.column(), c, null);
        }
        out.append("</div></section>");
        return Page.close(out);
    }

    /** Writes {@link #html()} to a file (UTF-8). @return the file */
    public Path writeHtml(Path file) {
        return Page.write(file, html(), "profile report");
    }

    private static String summary(ColumnProfile c) {
        if (c instanceof NumericProfile n) {
            if (n.count() == 0) {
                return "no values";
            }
            return "min " + Page.num(n.min()) + ", q1 " + Page.num(n.quantile(0.25)) + ", median "
                    + Page.num(n.quantile(0.5)) + ", q3 " + Page.num(n.quantile(0.75)) + ", max " + Page.num(n.max())
                    + "; mean " + Page.num(n.mean()) + " ± " + Page.num(n.stddev());
        }
        CategoricalProfile k = (CategoricalProfile) c;
        StringBuilder s = new StringBuilder();
        for (Map.Entry<String, Long> e : k.mostFrequent(4)) {
            s.append(s.length() == 0 ? "" : ", ").append(e.getKey()).append(' ').append(Page.pct(k.frequency(e.getKey())));
        }
        if (k.distinct() > 4) {
            s.append(", … ").append(k.distinct() - 4).append(" more");
        }
        return s.length() == 0 ? "no values" : s.toString();
    }
}
