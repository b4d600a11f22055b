package dev.lifecycle.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.data.ValidationReport;
import dev.lifecycle.core.Lifecycle;
import dev.lifecycle.testsupport.TestData;
import dev.lifecycle.core.data.Csv;
import dev.lifecycle.core.data.DatasetProfile;
import dev.lifecycle.core.data.Expectation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Profiles and validation reports as self-contained pages, on UCI Adult. */
class DataPagesTest {
    private static final String[] ADULT = {"age", "workclass", "fnlwgt", "education", "education-num",
        "marital-status", "occupation", "relationship", "race", "sex", "capital-gain", "capital-loss",
        "hours-per-week", "native-country", "income"};

    @Test
    void adultProfileAndValidationPages(@TempDir Path dir) throws Exception {
        try (Lifecycle lc = Lifecycle.inMemory()) {
            DatasetVersion adult = lc.datasets().importCsv("adult", TestData.require("adult.data"),
                    Csv.forTarget("income").noHeader(ADULT));
            DatasetProfile profile = lc.datasets().profile(adult);
            String html = ProfileReport.of(profile).title("Profile of " + adult.id() + " <raw>").html();
            assertThat(html).contains("Profile of adult@1 &lt;raw&gt;").contains(">age</b>").contains(">income</b>")
                    .contains("<td class=\"l\">target</td>").contains("32,561 rows");
            assertThat(count(html, "<svg")).isEqualTo(ADULT.length);
            assertSelfContained(html);

            ValidationReport check = lc.datasets().validate(adult, List.of(Expectation.range("age", 18, 80),
                    Expectation.inSet("race", List.of("White", "Black")), Expectation.notNull("age")));
            assertThat(check.passed()).isFalse();
            String page = ValidationPage.of(check).html();
            assertThat(page).contains("FAILED: ").contains("<td class=\"l\">age</td>")
                    .contains("<td class=\"l\">race</td>");
            assertSelfContained(page);
            assertThat(ValidationPage.of(lc.datasets().validate(adult, List.of(Expectation.notNull("age")))).html())
                    .contains("PASSED");

            Path out = System.getProperty("lifecycle.reports") != null ? Path.of(System.getProperty("lifecycle.reports"))
                    : dir;
            Path p = ProfileReport.of(profile).title("Profile of " + adult.id()).writeHtml(out.resolve("profile.html"));
            ValidationPage.of(check).writeHtml(out.resolve("validation.html"));
            assertThat(Files.readString(p)).startsWith("<!DOCTYPE html>");
        }
    }

    static void assertSelfContained(String html) {
        assertThat(html).doesNotContain("<script").doesNotContain("src=").doesNotContain("<link")
                .doesNotContain("url(").doesNotContain("@import");
    }

    private static int count(String s, String part) {
        int n = 0;
        for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
