package dev.lifecycle.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.model.Prediction;
import dev.lifecycle.core.Lifecycle;
import dev.lifecycle.core.data.Csv;
import dev.lifecycle.core.data.RowSource;
import dev.lifecycle.core.data.SeaStream;
import dev.lifecycle.core.loop.LoopIteration;
import dev.lifecycle.core.monitoring.Monitor;
import dev.lifecycle.core.monitoring.MultivariateDrift;
import dev.lifecycle.core.monitoring.MultivariateDriftReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Tag;

/** The monitoring page shows what the monitor and the loop recorded, escaped, with every section. */
@Tag("fast")
class MonitoringReportTest {

    @Test
    void thePageShowsDriftQualityMultivariateIterationsAndAlerts(@TempDir Path dir) throws Exception {
        try (Lifecycle lc = Lifecycle.inMemory()) {
            SeaStream stream = new SeaStream(4, Integer.MAX_VALUE, 0.1, 8);
            DatasetVersion d = lc.datasets().importFrom("sea", RowSource.of("sea", SeaStream.COLUMNS,
                    stream.next(3000)), Csv.forTarget("label"));
            Monitor monitor = Monitor.builder("sea<clf>", lc.datasets().profile(d)).target("label").chunkRows(100)
                    .windowChunks(5).qualityWindow(200).sampleRows(500, 3).build();
            for (int i = 0; i < 4000; i++) {
                Row r = stream.next();
                String truth = (String) r.get("label");
                Row in = r.without("label");
                if (i >= 2000) {
                    in = in.with("x1", (Double) in.get("x1") + 4);
                }
                Prediction p = Prediction.ofLabel(i % 5 == 0 ? "0" : "1", List.of("0", "1"), new double[] {0.2, 0.8})
                        .attributed(i + 1, "sea", 1);
                monitor.observe(in, p);
                monitor.feedback(p.id(), truth);
            }
            monitor.flush();
            MultivariateDriftReport joint = MultivariateDrift.builder().seed(1).build().check(d, monitor.sampledRows());
            LoopIteration promoted = new LoopIteration(1, 2400, "drift in [x1]", "sea-loop@1", 1000, "sea@1", "sea@2",
                    0.61, 0.83, 200, LoopIteration.Outcome.PROMOTED, "gate passed <directly>", Instant.EPOCH);

            MonitoringReport report = MonitoringReport.of("sea<clf>", monitor, List.of(promoted))
                    .withMultivariate(List.of(joint)).withDistributions(lc.datasets().profile(d),
                            MonitoringReport.profileLike(lc.datasets().profile(d), monitor.sampledRows()),
                            "last 500 sampled rows");
            String html = report.html();
            String out = System.getProperty("lifecycle.reports");
            if (out != null) {
                report.writeHtml(Files.createDirectories(Path.of(out)).resolve("monitoring.html"));
            }

            assertThat(html).contains("<title>Monitoring: sea&lt;clf&gt;</title>").doesNotContain("sea<clf>")
                    .contains("gate passed &lt;directly&gt;");
            assertThat(html).contains("<h2>Drift per feature and window</h2>", "<h2>Live and estimated quality over time</h2>",
                    "<h2>Reference and current distributions of the drifted features</h2>",
                    "<h2>Multivariate drift</h2>", "<h2>Loop iterations</h2>", "<h2>Alerts</h2>");
            assertThat(card(html, "drift windows")).isEqualTo(Integer.toString(monitor.driftWindows().size()));
            assertThat(card(html, "quality windows")).isEqualTo("20");
            assertThat(card(html, "promotions")).isEqualTo("1");
            assertThat(joint.drifted()).isTrue();
            assertThat(joint.attribution().get(0).feature()).isEqualTo("x1");
            assertThat(html).contains(String.format(java.util.Locale.ROOT, "%.4f", joint.auc()))
                    .contains("DRIFT</td>").contains(">x1</span>");
            assertThat(count(html, "<polyline")).as("live, estimated and baseline accuracy only").isEqualTo(3);
            int windows = monitor.driftWindows().size();
            assertThat(count(html, "<title>")).as("one heatmap cell per feature and window, plus the page title")
                    .isGreaterThanOrEqualTo(1 + 4 * windows);
            assertThat(html.indexOf(">x1</text>")).as("the drifted feature leads the heatmap")
                    .isLessThan(html.indexOf(">x2</text>"));
            assertThat(html).contains("x1 (worst ").doesNotContain("<script").doesNotContain("src=")
                    .doesNotContain("<link").doesNotContain("url(");
            assertThat(monitor.alerts()).isNotEmpty();
            assertThat(count(html, "<tr><td>")).isGreaterThanOrEqualTo(1 + monitor.alerts().size());

            Path file = MonitoringReport.of("sea", monitor, List.of()).writeHtml(dir.resolve("m.html"));
            assertThat(Files.readString(file)).contains("<i>None.</i>").doesNotContain("<h2>Multivariate drift</h2>");
            monitor.close();
        }
    }

    private static String card(String html, String name) {
        Matcher m = Pattern.compile("<div>" + Pattern.quote(name) + "</div><div class=\"v\">([^<]*)</div>")
                .matcher(html);
        assertThat(m.find()).as("card %s", name).isTrue();
        return m.group(1);
    }

    private static int count(String s, String part) {
        int n = 0;
        for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
