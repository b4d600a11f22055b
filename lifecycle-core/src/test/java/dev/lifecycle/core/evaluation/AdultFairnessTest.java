package dev.lifecycle.core.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.evaluation.Comparison;
import dev.lifecycle.api.evaluation.Evaluation;
import dev.lifecycle.api.evaluation.FairnessReport;
import dev.lifecycle.api.evaluation.GateResult;
import dev.lifecycle.api.evaluation.GateResult.Verdict;
import dev.lifecycle.api.model.ModelVersion;
import dev.lifecycle.core.Lifecycle;
import dev.lifecycle.core.data.Split;
import dev.lifecycle.core.model.Trainers;
import dev.lifecycle.core.report.EvaluationReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;

/** Fairness for sex on UCI Adult with logistic regression, a gate that fails on it, and the full report. */
@Tag("slow")
@Tag("realdata")
class AdultFairnessTest {

    @Test
    void fairnessForSexIsReportedAndAGateFailsOnItWithAClearReason() throws Exception {
        try (Lifecycle lc = Lifecycle.inMemory()) {
            DatasetVersion adult = RealData.adult(lc);
            Split split = lc.datasets().splitTimeOrdered(adult, 0.8);
            ModelVersion lr = lc.train("adult-lr", Trainers.logisticRegression().seed(7), split.train());
            ModelVersion tree = lc.train("adult-lr", Trainers.cart(), split.train());
            EvaluationOptions options = EvaluationOptions.defaults().positiveLabel(">50K").fairness("sex")
                    .slices(Slices.by("sex"), Slices.by("race"), Slices.bins("age", 30, 45, 60),
                            Slices.by("sex").cross(Slices.by("race")))
                    .minSliceSize(50).bootstrap(100, 7);
            Evaluation ev = lc.evaluate(lr, split.test(), options);

            FairnessReport sex = ev.fairnessFor("sex").orElseThrow();
            assertThat(sex.groups()).extracting(FairnessReport.Group::group).containsExactlyInAnyOrder("Male", "Female");
            FairnessReport.Group male = sex.groups().stream().filter(g -> g.group().equals("Male")).findFirst()
                    .orElseThrow();
            FairnessReport.Group female = sex.groups().stream().filter(g -> g.group().equals("Female")).findFirst()
                    .orElseThrow();
            assertThat(sex.demographicParityDifference())
                    .isEqualTo(Math.abs(male.selectionRate() - female.selectionRate()));
            assertThat(sex.equalOpportunityDifference())
                    .isEqualTo(Math.abs(male.truePositiveRate() - female.truePositiveRate()));
            assertThat(male.selectionRate()).isGreaterThan(female.selectionRate());
            System.out.printf(Locale.ROOT, "ADULT sex: accuracy %.4f auc %.4f; selection rate Male %.4f Female %.4f; "
                    + "TPR Male %.4f Female %.4f; DPD %.4f EOD %.4f EqOdds %.4f DIR %.4f%n", ev.accuracy(),
                    ev.metrics().get("auc"), male.selectionRate(), female.selectionRate(), male.truePositiveRate(),
                    female.truePositiveRate(), sex.demographicParityDifference(), sex.equalOpportunityDifference(),
                    sex.equalizedOddsDifference(), sex.disparateImpactRatio());

            GateResult gate = lc.gate(ev, Gate.create().atLeast("accuracy", 0.75)
                    .fairnessAtMost("sex", Gate.Fairness.DEMOGRAPHIC_PARITY_DIFFERENCE, 0.05)
                    .fairnessAtMost("sex", Gate.Fairness.DISPARATE_IMPACT_RATIO, 0.8)
                    .noWorseThanBaseline("accuracy", 0.01), lc.baseline("adult-lr", "champion", split.test(), options));
            System.out.println(gate.summary());
            assertThat(gate.passed()).isFalse();
            GateResult.Check dpd = gate.checks().get(1);
            assertThat(dpd.verdict()).isEqualTo(Verdict.FAIL);
            assertThat(dpd.reason()).contains("demographic-parity-difference across sex groups", "above the maximum 0.0500",
                    "sex=Male selection rate", "sex=Female selection rate");
            assertThat(gate.checks().get(3).verdict()).isEqualTo(Verdict.FAIL);
            assertThat(gate.checks().get(3).reason()).contains("no alias 'champion'");

            Comparison cmp = lc.compare(tree, lr, split.test(), options);
            Path out = Path.of("target", "evaluation-report");
            EvaluationReport report = EvaluationReport.of(ev).comparison(cmp).gate(gate)
                    .title("Adult income: logistic regression (challenger) vs CART (champion)");
            Path html = report.writeHtml(out.resolve("adult.html"));
            report.writeJson(out.resolve("adult.json"));
            assertThat(Files.readString(html)).contains("Fairness across 'sex'", "<svg");
            System.out.println("REPORT " + html.toAbsolutePath());
        }
    }
}
