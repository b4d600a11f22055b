package dev.lifecycle.core.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.evaluation.Evaluation;
import dev.lifecycle.api.evaluation.FairnessReport;
import dev.lifecycle.api.evaluation.GateResult;
import dev.lifecycle.api.evaluation.Interval;
import dev.lifecycle.api.model.ModelVersion;
import dev.lifecycle.core.Lifecycle;
import dev.lifecycle.core.data.Split;
import dev.lifecycle.core.data.Splits;
import dev.lifecycle.core.model.Trainers;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Acceptance (issue 18): fairness on UCI Adult with {@code >50K} favourable: intervals on the gaps, small
 * groups reported insufficient, an intersectional sex x race table, and a gate on the interval.
 */
class AdultFairnessIntervalsTest {

    @Test
    void sexAndRaceWithIntervalsInsufficientGroupsAndAnIntervalGate() {
        try (Lifecycle lc = Lifecycle.inMemory()) {
            DatasetVersion adult = RealData.adult(lc);
            Split split = lc.datasets().split(adult, Splits.stratified(0.8, 7));
            ModelVersion lr = lc.train("adult-lr", Trainers.logisticRegression().seed(7), split.train());
            EvaluationOptions options = EvaluationOptions.defaults().positiveLabel(">50K").favourableLabel(">50K")
                    .fairness("sex", "race").fairnessCross("sex", "race").minGroupSize(100).bootstrap(500, 7);
            Evaluation ev = lc.evaluate(lr, split.test(), options);

            FairnessReport sex = ev.fairnessFor("sex").orElseThrow();
            Interval dpd = sex.interval(FairnessReport.DEMOGRAPHIC_PARITY_DIFFERENCE).orElseThrow();
            Interval di = sex.interval(FairnessReport.DISPARATE_IMPACT_RATIO).orElseThrow();
            Interval eo = sex.interval(FairnessReport.EQUAL_OPPORTUNITY_DIFFERENCE).orElseThrow();
            System.out.printf(Locale.ROOT, "ADULT FAIRNESS sex (%s favourable, %d test rows, %d replicates): DPD %.4f"
                    + " [%.4f, %.4f]  DI %.4f [%.4f, %.4f]  EO gap %.4f [%.4f, %.4f]%n", sex.favourableLabel(), ev.rows(),
                    dpd.replicates(), sex.demographicParityDifference(), dpd.lower(), dpd.upper(),
                    sex.disparateImpactRatio(), di.lower(), di.upper(), sex.equalOpportunityDifference(), eo.lower(),
                    eo.upper());
            for (FairnessReport.Group g : sex.groups()) {
                System.out.printf(Locale.ROOT, "  sex=%s n=%d selection %.4f TPR %.4f%n", g.group(), g.rows(),
                        g.selectionRate(), g.truePositiveRate());
            }
            assertThat(dpd.lower()).isGreaterThan(0).isLessThan(sex.demographicParityDifference());
            assertThat(dpd.upper()).isGreaterThan(sex.demographicParityDifference());
            assertThat(di.lower()).isLessThan(sex.disparateImpactRatio());
            assertThat(di.upper()).isLessThan(0.8);
            assertThat(sex.insufficient()).isEmpty();

            FairnessReport race = ev.fairnessFor("race").orElseThrow();
            System.out.println("ADULT FAIRNESS race: insufficient " + race.insufficient().stream()
                    .map(g -> g.group() + " n=" + g.rows()).toList() + "; DI " + race.disparateImpactRatio());
            assertThat(race.insufficient()).isNotEmpty().allSatisfy(g -> {
                assertThat(g.rows()).isBetween(1L, 99L);
                assertThat(g.selectionRate()).isNaN();
            });
            assertThat(race.disparateImpactRatio()).isGreaterThan(0);

            FairnessReport cross = ev.fairnessFor("sex & race").orElseThrow();
            System.out.println("ADULT FAIRNESS sex & race (min 100 rows):");
            for (FairnessReport.Group g : cross.groups()) {
                System.out.printf(Locale.ROOT, "  %-32s n=%5d %s%n", g.group(), g.rows(), g.sufficient()
                        ? String.format(Locale.ROOT, "selection %.4f TPR %.4f FPR %.4f accuracy %.4f", g.selectionRate(),
                                g.truePositiveRate(), g.falsePositiveRate(), g.accuracy()) : "insufficient");
            }
            Interval crossDi = cross.interval(FairnessReport.DISPARATE_IMPACT_RATIO).orElseThrow();
            System.out.printf(Locale.ROOT, "  DPD %.4f DI %.4f [%.4f, %.4f]%n", cross.demographicParityDifference(),
                    cross.disparateImpactRatio(), crossDi.lower(), crossDi.upper());
            assertThat(cross.group("Female & White")).hasValueSatisfying(g -> assertThat(g.sufficient()).isTrue());
            assertThat(cross.insufficient()).isNotEmpty();
            assertThat(cross.groups().stream().mapToLong(FairnessReport.Group::rows).sum()).isEqualTo(ev.rows());

            // the point passes a loose bound whose interval does not: the interval gate is the stricter one
            double bound = (sex.demographicParityDifference() + dpd.upper()) / 2;
            GateResult point = lc.gate(ev, Gate.create().fairnessAtMost("sex",
                    Gate.Fairness.DEMOGRAPHIC_PARITY_DIFFERENCE, bound), null);
            GateResult whole = lc.gate(ev, Gate.create().fairnessIntervalWithin("sex",
                    Gate.Fairness.DEMOGRAPHIC_PARITY_DIFFERENCE, bound), null);
            System.out.println(whole.summary());
            assertThat(point.passed()).isTrue();
            assertThat(whole.passed()).isFalse();
            assertThat(whole.checks().get(0).reason()).contains("95% interval", "500 replicates", "reaches past");

            Evaluation unfavourable = lc.evaluate(lr, split.test(), options.favourableLabel("<=50K"));
            FairnessReport.Group male = sex.group("Male").orElseThrow();
            FairnessReport.Group maleLow = unfavourable.fairnessFor("sex").orElseThrow().group("Male").orElseThrow();
            assertThat(maleLow.selectionRate()).isCloseTo(1 - male.selectionRate(),
                    org.assertj.core.data.Offset.offset(1e-12));
            assertThat(unfavourable.fairnessFor("sex").orElseThrow().favourableLabel()).isEqualTo("<=50K");
        }
    }

    @Test
    void tinyGroupsAreInsufficientNeverARatioOfZero() {
        try (Lifecycle lc = Lifecycle.inMemory()) {
            DatasetVersion adult = RealData.adult(lc);
            Split split = lc.datasets().split(adult, Splits.stratified(0.8, 7));
            ModelVersion lr = lc.train("adult-lr", Trainers.logisticRegression().seed(7), split.train());
            Evaluation ev = lc.evaluate(lr, split.test(), EvaluationOptions.defaults().positiveLabel(">50K")
                    .fairness("native-country"));
            FairnessReport c = ev.fairnessFor("native-country").orElseThrow();
            assertThat(c.minGroupSize()).isEqualTo(30);
            assertThat(c.insufficient()).hasSizeGreaterThan(10);
            assertThat(c.disparateImpactRatio()).isGreaterThan(0);
            System.out.println("ADULT native-country: " + c.insufficient().size() + " of " + c.groups().size()
                    + " groups insufficient (< 30 rows); DI over the rest " + c.disparateImpactRatio());
        }
    }
}
