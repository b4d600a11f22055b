package dev.lifecycle.core.report;

import dev.lifecycle.api.data.ValidationReport;
import java.nio.file.Path;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * A validation report as one self-contained HTML page (inline CSS, no scripts, no network): the verdict,
 * every failed expectation with how many rows break it and example row positions, and the schema changes
 * against the pinned schema. Immutable; e.g. {@code ValidationPage.of(lc.datasets().validate(v)).writeHtml(path)}.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public final class ValidationPage {
    private final ValidationReport report;

    private ValidationPage(ValidationReport report) {
        this.report = report;
    }

    /** @return a page about one validation report */
    public static ValidationPage of(ValidationReport report) {
        return new ValidationPage(Objects.requireNonNull(report, "report"));
    }

    /** @return the page */
    public String html() {
        ValidationReport r = report;
        StringBuilder out = Page.open("Validation of " + r.dataset(), Page.num(r.rows()) + " rows checked against "
                + "the dataset's expectations and its pinned schema.");
        out.append("<section><div class=\"banner ").append(r.passed() ? "pass\">PASSED: every expectation holds"
                : "fail\">FAILED: " + r.failures().size() + " expectation(s) broken, " + r.schemaChanges().size()
                        + " schema change(s)").append("</div></section>");
        out.append("<section><h2>Broken expectations</h2><p class=\"help\">Each expectation that failed, the column "
                + "it concerns, how many rows break it (and their share), the first failing row positions (0-based) "
                + "and what was observed. Fix the data, or edit the expectation if the change is intended.</p>");
        if (r.failures().isEmpty()) {
            out.append("<p class=\"pass\">None.</p>");
        } else {
            out.append("<table><tr><th class=\"l\">expectation</th><th class=\"l\">column</th><th>failing rows</th>"
                    + "<th>share</th><th class=\"l\">example rows</th><th class=\"l\">observed</th></tr>");
            for (ValidationReport.Failure f : r.failures()) {
                out.append("<tr><td class=\"l fail\">").append(Html.esc(f.expectation())).append("</td><td class=\"l\">")
                        .append(f.column() == null ? "<span class=\"muted\">whole dataset</span>" : Html.esc(f.column()))
                        .append("</td><td>").append(Page.num(f.failingRows())).append("</td><td>")
                        .append(r.rows() == 0 ? "n/a" : Page.pct((double) f.failingRows() / r.rows()))
                        .append("</td><td class=\"l\">").append(Html.esc(f.examples().toString()))
                        .append("</td><td class=\"l\">").append(f.detail() == null ? "" : Html.esc(f.detail()))
                        .append("</td></tr>");
            }
            out.append("</table>");
        }
        out.append("</section><section><h2>Schema changes</h2><p class=\"help\">Columns added, removed or retyped "
                + "relative to the pinned schema. A model trained on the pinned schema cannot use added columns and "
                + "will refuse rows without removed ones.</p>");
        if (r.schemaChanges().isEmpty()) {
            out.append("<p class=\"pass\">None.</p>");
        } else {
            out.append("<table><tr><th class=\"l\">column</th><th class=\"l\">change</th><th class=\"l\">pinned type"
                    + "</th><th class=\"l\">type in this version</th></tr>");
            for (ValidationReport.SchemaChange c : r.schemaChanges()) {
                out.append("<tr><td class=\"l\">").append(Html.esc(c.column())).append("</td><td class=\"l fail\">")
                        .append(c.kind()).append("</td><td class=\"l\">").append(c.pinned() == null ? "–" : c.pinned())
                        .append("</td><td class=\"l\">").append(c.actual() == null ? "–" : c.actual())
                        .append("</td></tr>");
            }
            out.append("</table>");
        }
        out.append("</section>");
        return Page.close(out);
    }

    /** Writes {@link #html()} to a file (UTF-8). @return the file */
    public Path writeHtml(Path file) {
        return Page.write(file, html(), "validation report");
    }
}
