package dev.lifecycle.core.evaluation;

import dev.lifecycle.api.evaluation.Evaluation;
import dev.lifecycle.api.evaluation.FairnessReport;
import dev.lifecycle.api.evaluation.Interval;
import dev.lifecycle.api.evaluation.GateResult;
import dev.lifecycle.api.evaluation.GateResult.Check;
import dev.lifecycle.api.evaluation.GateResult.Verdict;
import dev.lifecycle.api.evaluation.SliceResult;
import dev.lifecycle.core.internal.eval.Metrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalDouble;
import org.apiguardian.api.API;

/**
 * Turns an evaluation (and a baseline) into a pass/fail decision with a reason per check. Immutable;
 * each method returns a gate with one more check.
 *
 * <pre>{@code
 * Gate gate = Gate.create()
 *         .atLeast("accuracy", 0.80)
 *         .atMost("log-loss", 0.45)
 *         .noWorseThanBaseline("accuracy", 0.01)
 *         .eachSliceAtLeast("recall", 0.5)
 *         .fairnessAtMost("sex", Gate.Fairness.DEMOGRAPHIC_PARITY_DIFFERENCE, 0.10);
 * GateResult r = gate.check(evaluation, baseline);
 * }</pre>
 *
 * <p>A metric the evaluation lacks fails its check (naming why it is missing). Checks against a
 * baseline fail when the baseline is unusable or was evaluated on other data, unless
 * {@link #skipWhenNoBaseline()} says to skip them.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public final class Gate {
    /** The fairness measures a gate can bound. */
    @API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
    public enum Fairness {
        /** Largest minus smallest selection rate (at most). */
        DEMOGRAPHIC_PARITY_DIFFERENCE,
        /** Largest minus smallest true-positive rate (at most). */
        EQUAL_OPPORTUNITY_DIFFERENCE,
        /** Larger of the TPR and FPR differences (at most). */
        EQUALIZED_ODDS_DIFFERENCE,
        /** Smallest over largest selection rate (at least). */
        DISPARATE_IMPACT_RATIO
    }

    private interface Rule {
        List<Check> apply(Evaluation ev, Baseline baseline, boolean skipWithoutBaseline);
    }

    private final List<Rule> rules;
    private final boolean skipWithoutBaseline;

    private Gate(List<Rule> rules, boolean skipWithoutBaseline) {
        this.rules = List.copyOf(rules);
        this.skipWithoutBaseline = skipWithoutBaseline;
    }

    /** @return a gate without checks (it passes everything) */
    public static Gate create() {
        return new Gate(List.of(), false);
    }

    private Gate plus(Rule r) {
        List<Rule> l = new ArrayList<>(rules);
        l.add(r);
        return new Gate(l, skipWithoutBaseline);
    }

    /** @return a copy whose baseline checks are skipped (not failed) when there is no usable baseline */
    public Gate skipWhenNoBaseline() {
        return new Gate(rules, true);
    }

    /** @return a copy that also requires {@code metric >= threshold} */
    public Gate atLeast(String metric, double threshold) {
        checkName(metric);
        return plus((ev, b, s) -> List.of(bound(metric + " >= " + fmt(threshold), metric, ev.metric(metric),
                threshold, true, whyMissing(ev, metric))));
    }

    /** @return a copy that also requires {@code metric <= threshold} */
    public Gate atMost(String metric, double threshold) {
        checkName(metric);
        return plus((ev, b, s) -> List.of(bound(metric + " <= " + fmt(threshold), metric, ev.metric(metric),
                threshold, false, whyMissing(ev, metric))));
    }

    /**
     * @param tolerance how much worse than the baseline the metric may be (in the metric's own units, at least 0)
     * @return a copy that also requires the metric to be no worse than the baseline's minus the tolerance
     */
    public Gate noWorseThanBaseline(String metric, double tolerance) {
        if (!(tolerance >= 0)) {
            throw new IllegalArgumentException("tolerance must be at least 0, got " + tolerance
                    + "; use betterThanBaseline(...) to require an improvement");
        }
        return change(metric, -tolerance, false);
    }

    /** @return a copy that also requires the metric to improve on the baseline by at least {@code minImprovement} */
    public Gate betterThanBaseline(String metric, double minImprovement) {
        return change(metric, minImprovement, false);
    }

    /**
     * @param minRelativeChange the least relative improvement, e.g. 0.02 for 2% better, -0.01 for at most 1% worse
     * @return a copy that also requires a relative change against the baseline, in the metric's better direction
     */
    public Gate relativeToBaseline(String metric, double minRelativeChange) {
        return change(metric, minRelativeChange, true);
    }

    private Gate change(String metric, double min, boolean relative) {
        checkName(metric);
        if (Double.isNaN(min)) {
            throw new IllegalArgumentException("The change bound of " + metric + " must be a number");
        }
        boolean up = Metrics.higherIsBetter(metric);
        String label = metric + (relative ? " relative change" : " change") + " vs baseline >= "
                + (relative ? pct(min) : fmt(min)) + (up ? "" : " (lower is better)");
        return plus((ev, b, skip) -> {
            if (b == null || b.evaluation().isEmpty()) {
                String why = b == null ? "no baseline was given" : b.unusableReason().orElse("");
                return List.of(new Check(label, Double.NaN, min, skip ? Verdict.SKIPPED : Verdict.FAIL,
                        "no usable baseline for " + metric + ": " + why));
            }
            Evaluation base = b.evaluation().get();
            if (!base.dataset().equals(ev.dataset())) {
                return List.of(new Check(label, Double.NaN, min, skip ? Verdict.SKIPPED : Verdict.FAIL,
                        "baseline " + base.model() + " was evaluated on " + base.dataset() + ", the candidate on "
                                + ev.dataset() + "; compare on the same data"));
            }
            OptionalDouble c = ev.metric(metric);
            OptionalDouble bv = base.metric(metric);
            if (c.isEmpty() || bv.isEmpty()) {
                return List.of(new Check(label, Double.NaN, min, Verdict.FAIL, metric + " is missing from the "
                        + (c.isEmpty() ? "candidate (" + whyMissing(ev, metric) + ")"
                                : "baseline (" + whyMissing(base, metric) + ")")));
            }
            double gain = up ? c.getAsDouble() - bv.getAsDouble() : bv.getAsDouble() - c.getAsDouble();
            double value = relative ? (bv.getAsDouble() == 0 ? Double.NaN : gain / Math.abs(bv.getAsDouble())) : gain;
            boolean ok = value >= min;
            String reason = String.format(Locale.ROOT, "%s %s %s vs baseline %s %s: %s %s, needs >= %s", metric,
                    fmt(c.getAsDouble()), ev.model(), base.model(), fmt(bv.getAsDouble()),
                    relative ? "relative improvement" : "improvement", relative ? pct(value) : fmt(value),
                    relative ? pct(min) : fmt(min));
            return List.of(new Check(label, value, min, ok ? Verdict.PASS : Verdict.FAIL, reason));
        });
    }

    /** @return a copy that requires every slice with computed metrics to have {@code metric >= threshold} */
    public Gate eachSliceAtLeast(String metric, double threshold) {
        return slices(metric, threshold, true);
    }

    /** @return a copy that requires every slice with computed metrics to have {@code metric <= threshold} */
    public Gate eachSliceAtMost(String metric, double threshold) {
        return slices(metric, threshold, false);
    }

    private Gate slices(String metric, double threshold, boolean atLeast) {
        checkName(metric);
        return plus((ev, b, s) -> {
            List<Check> out = new ArrayList<>();
            for (SliceResult sr : ev.slices()) {
                String name = "slice " + sr.name() + " " + metric + (atLeast ? " >= " : " <= ") + fmt(threshold);
                if (sr.tooSmall()) {
                    out.add(new Check(name, Double.NaN, threshold, Verdict.SKIPPED, "slice " + sr.name() + " has only "
                            + sr.rows() + " rows, below the minimum slice size"));
                    continue;
                }
                out.add(bound(name, metric + " of slice " + sr.name(), sr.metric(metric), threshold, atLeast,
                        "the slice has no " + metric));
            }
            if (out.isEmpty()) {
                out.add(new Check("slices " + metric, Double.NaN, threshold, Verdict.FAIL,
                        "the evaluation has no slices; evaluate with EvaluationOptions.slices(...)"));
            }
            return out;
        });
    }

    /**
     * @return a copy that bounds a fairness measure of a sensitive attribute (at most for differences, at least
     *     for the disparate-impact ratio), on its point estimate
     */
    public Gate fairnessAtMost(String attribute, Fairness measure, double threshold) {
        return fairness(attribute, measure, threshold, false);
    }

    /**
     * @return a copy that bounds a fairness measure on its whole bootstrap interval: a difference passes only when
     *     the interval's upper bound is at most {@code threshold}, the disparate-impact ratio only when its lower
     *     bound is at least {@code threshold}; a measure without an interval fails
     */
    public Gate fairnessIntervalWithin(String attribute, Fairness measure, double threshold) {
        return fairness(attribute, measure, threshold, true);
    }

    private Gate fairness(String attribute, Fairness measure, double threshold, boolean wholeInterval) {
        Objects.requireNonNull(attribute, "attribute");
        Objects.requireNonNull(measure, "measure");
        boolean atLeast = measure == Fairness.DISPARATE_IMPACT_RATIO;
        String mName = measure.name().toLowerCase(Locale.ROOT).replace('_', '-');
        return plus((ev, b, s) -> {
            String name = "fairness " + attribute + " " + mName + (wholeInterval ? " interval" : "")
                    + (atLeast ? " >= " : " <= ") + fmt(threshold);
            FairnessReport f = ev.fairnessFor(attribute).orElse(null);
            if (f == null) {
                return List.of(new Check(name, Double.NaN, threshold, Verdict.FAIL, "the evaluation has no fairness "
                        + "report for '" + attribute + "'; evaluate with EvaluationOptions.fairness(\"" + attribute
                        + "\")"));
            }
            double v = switch (measure) {
                case DEMOGRAPHIC_PARITY_DIFFERENCE -> f.demographicParityDifference();
                case EQUAL_OPPORTUNITY_DIFFERENCE -> f.equalOpportunityDifference();
                case EQUALIZED_ODDS_DIFFERENCE -> f.equalizedOddsDifference();
                case DISPARATE_IMPACT_RATIO -> f.disparateImpactRatio();
            };
            String insufficient = f.insufficient().isEmpty() ? "" : "; groups below " + f.minGroupSize()
                    + " rows left out: " + f.insufficient().stream().map(g -> g.group() + " (n=" + g.rows() + ")")
                    .collect(java.util.stream.Collectors.joining(", "));
            if (wholeInterval) {
                Interval iv = f.intervals().get(mName);
                if (iv == null) {
                    return List.of(new Check(name, v, threshold, Verdict.FAIL, mName + " across " + attribute
                            + " groups has no bootstrap interval (fewer than two groups of " + f.minGroupSize()
                            + " rows, or undefined in too many replicates)" + insufficient));
                }
                double worst = atLeast ? iv.lower() : iv.upper();
                boolean ok = atLeast ? worst >= threshold : worst <= threshold;
                return List.of(new Check(name, worst, threshold, ok ? Verdict.PASS : Verdict.FAIL, mName + " across "
                        + attribute + " groups is " + fmt(v) + " with " + Math.round(iv.level() * 100) + "% interval ["
                        + fmt(iv.lower()) + ", " + fmt(iv.upper()) + "] from " + iv.replicates() + " replicates; "
                        + (ok ? "the whole interval is within " : "the interval reaches past ") + fmt(threshold)
                        + (ok ? "" : " (" + groups(f, measure) + ")") + insufficient));
            }
            Check c = bound(name, mName + " across " + attribute + " groups", Double.isNaN(v) ? OptionalDouble.empty()
                    : OptionalDouble.of(v), threshold, atLeast, "it is undefined for these groups" + insufficient);
            if (c.verdict() == Verdict.FAIL && !Double.isNaN(v)) {
                c = new Check(c.name(), c.value(), c.threshold(), c.verdict(), c.reason() + " (" + groups(f, measure)
                        + ")");
            }
            return List.of(c);
        });
    }

    /**
     * @param baseline the baseline for relative checks; may be {@code null} when the gate has none
     * @return every check, each with value, threshold, verdict and reason
     */
    public GateResult check(Evaluation evaluation, Baseline baseline) {
        Objects.requireNonNull(evaluation, "evaluation");
        List<Check> checks = new ArrayList<>();
        for (Rule r : rules) {
            checks.addAll(r.apply(evaluation, baseline, skipWithoutBaseline));
        }
        return new GateResult(evaluation.model(), evaluation.dataset(), checks);
    }

    /** @return every check of a gate without baseline checks */
    public GateResult check(Evaluation evaluation) {
        return check(evaluation, null);
    }

    private static Check bound(String name, String what, OptionalDouble value, double threshold, boolean atLeast,
            String whyMissing) {
        if (value.isEmpty()) {
            return new Check(name, Double.NaN, threshold, Verdict.FAIL, what + " could not be measured: " + whyMissing);
        }
        double v = value.getAsDouble();
        boolean ok = atLeast ? v >= threshold : v <= threshold;
        return new Check(name, v, threshold, ok ? Verdict.PASS : Verdict.FAIL, what + " is " + fmt(v) + (ok
                ? (atLeast ? ", at least " : ", at most ") : (atLeast ? ", below the minimum " : ", above the maximum "))
                + fmt(threshold));
    }

    private static String groups(FairnessReport f, Fairness measure) {
        StringBuilder sb = new StringBuilder();
        for (FairnessReport.Group g : f.groups()) {
            if (!g.sufficient()) {
                continue;
            }
            double v = switch (measure) {
                case EQUAL_OPPORTUNITY_DIFFERENCE -> g.truePositiveRate();
                case EQUALIZED_ODDS_DIFFERENCE -> g.truePositiveRate();
                default -> g.selectionRate();
            };
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(f.attribute()).append('=').append(g.group()).append(' ')
                    .append(measure == Fairness.EQUAL_OPPORTUNITY_DIFFERENCE
                            || measure == Fairness.EQUALIZED_ODDS_DIFFERENCE ? "TPR " : "selection rate ")
                    .append(fmt(v));
        }
        return sb.toString();
    }

    private static String whyMissing(Evaluation ev, String metric) {
        return ev.whyNot(metric).orElse("the evaluation has no metric '" + metric + "'; it has "
                + new java.util.TreeSet<>(ev.metrics().keySet()));
    }

    private static void checkName(String metric) {
        if (metric == null || metric.isBlank()) {
            throw new IllegalArgumentException("A gate check needs a metric name such as \"accuracy\"");
        }
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    private static String pct(double v) {
        return String.format(Locale.ROOT, "%+.2f%%", v * 100);
    }
}
