package dev.lifecycle.core.evaluation;

import dev.lifecycle.core.internal.eval.Metrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * What an evaluation computes beyond the overall metrics: slices, bootstrap intervals, fairness
 * reports and diagnostics. Immutable; every method returns a changed copy and checks its argument.
 *
 * <pre>{@code
 * EvaluationOptions.defaults()
 *         .slices(Slices.by("sex"), Slices.bins("age", 30, 45, 60))
 *         .minSliceSize(50)
 *         .bootstrap(500, 7)
 *         .fairness("sex")
 *         .positiveLabel(">50K")
 * }</pre>
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public final class EvaluationOptions {
    private final List<Slices> slices;
    private final int minSliceSize;
    private final int replicates;
    private final long seed;
    private final double level;
    private final List<String> fairness;
    private final String positiveLabel;
    private final String thresholdMetric;
    private final int calibrationBins;
    private final int errorExamples;
    private final int curvePoints;
    private final double tieTolerance;
    private final String favourableLabel;
    private final int minGroupSize;
    private final PermutationImportance importance;

    private EvaluationOptions(List<Slices> slices, int minSliceSize, int replicates, long seed, double level,
            List<String> fairness, String positiveLabel, String thresholdMetric, int calibrationBins,
            int errorExamples, int curvePoints, double tieTolerance, String favourableLabel, int minGroupSize,
            PermutationImportance importance) {
        this.favourableLabel = favourableLabel;
        this.minGroupSize = minGroupSize;
        this.importance = importance;
        this.slices = List.copyOf(slices);
        this.minSliceSize = minSliceSize;
        this.replicates = replicates;
        this.seed = seed;
        this.level = level;
        this.fairness = List.copyOf(fairness);
        this.positiveLabel = positiveLabel;
        this.thresholdMetric = thresholdMetric;
        this.calibrationBins = calibrationBins;
        this.errorExamples = errorExamples;
        this.curvePoints = curvePoints;
        this.tieTolerance = tieTolerance;
    }

    /**
     * @return no slices, minimum slice size 30, no bootstrap, no fairness, the last label (in sorted order) as the
     *         positive label, thresholds chosen by F1, 10 calibration bins, 10 error examples, curves of at most 200
     *         points, and scores within 1e-12 of each other counted as tied (as Tribuo does)
     */
    public static EvaluationOptions defaults() {
        return new EvaluationOptions(List.of(), 30, 0, 1L, 0.95, List.of(), null, "f1", 10, 10, 200, 1e-12, null, 30,
                null);
    }

    /** @return a copy that also evaluates these slicings */
    public EvaluationOptions slices(Slices... more) {
        List<Slices> s = new ArrayList<>(slices);
        for (Slices x : more) {
            s.add(Objects.requireNonNull(x, "slices"));
        }
        return with(s, minSliceSize, replicates, seed, level, fairness, positiveLabel, thresholdMetric,
                calibrationBins, errorExamples, curvePoints);
    }

    /** @return a copy where slices with fewer rows are listed but get no metrics (at least 1) */
    public EvaluationOptions minSliceSize(int rows) {
        if (rows < 1) {
            throw new IllegalArgumentException("minSliceSize must be at least 1, got " + rows);
        }
        return with(slices, rows, replicates, seed, level, fairness, positiveLabel, thresholdMetric, calibrationBins,
                errorExamples, curvePoints);
    }

    /** @return a copy with 95% bootstrap intervals for every overall metric from this many seeded replicates */
    public EvaluationOptions bootstrap(int replicatesCount, long randomSeed) {
        return bootstrap(replicatesCount, randomSeed, 0.95);
    }

    /** @return a copy with bootstrap intervals at the given confidence level (between 0 and 1) */
    public EvaluationOptions bootstrap(int replicatesCount, long randomSeed, double confidence) {
        if (replicatesCount < 10) {
            throw new IllegalArgumentException("Use at least 10 bootstrap replicates (a few hundred for stable "
                    + "intervals), got " + replicatesCount);
        }
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("The confidence level must be between 0 and 1, e.g. 0.95; got "
                    + confidence);
        }
        return with(slices, minSliceSize, replicatesCount, randomSeed, confidence, fairness, positiveLabel,
                thresholdMetric, calibrationBins, errorExamples, curvePoints);
    }

    /**
     * @return a copy that reports fairness for these sensitive columns, with bootstrap intervals on every measure
     *     (the {@link #bootstrap} replicates, or 200 seeded ones when bootstrap is off)
     */
    public EvaluationOptions fairness(String... attributes) {
        List<String> f = new ArrayList<>(fairness);
        for (String a : attributes) {
            f.add(Objects.requireNonNull(a, "attribute"));
        }
        return with(slices, minSliceSize, replicates, seed, level, f, positiveLabel, thresholdMetric,
                calibrationBins, errorExamples, curvePoints);
    }

    /** @return a copy where this label is the positive (favourable) one for binary metrics, curves and fairness */
    public EvaluationOptions positiveLabel(String label) {
        return with(slices, minSliceSize, replicates, seed, level, fairness, Objects.requireNonNull(label, "label"),
                thresholdMetric, calibrationBins, errorExamples, curvePoints);
    }

    /** @return a copy that picks the best threshold of a binary classifier by this metric */
    public EvaluationOptions thresholdMetric(String metric) {
        if (!Metrics.thresholdMetrics().contains(metric)) {
            throw new IllegalArgumentException("Cannot choose a threshold by '" + metric + "'; use one of "
                    + Metrics.thresholdMetrics());
        }
        return with(slices, minSliceSize, replicates, seed, level, fairness, positiveLabel, metric, calibrationBins,
                errorExamples, curvePoints);
    }

    /** @return a copy with this many equal-width calibration bins (2 to 100) */
    public EvaluationOptions calibrationBins(int bins) {
        if (bins < 2 || bins > 100) {
            throw new IllegalArgumentException("calibrationBins must be between 2 and 100, got " + bins);
        }
        return with(slices, minSliceSize, replicates, seed, level, fairness, positiveLabel, thresholdMetric, bins,
                errorExamples, curvePoints);
    }

    /** @return a copy listing this many confidently wrong rows (0 for none) */
    public EvaluationOptions errorExamples(int rows) {
        if (rows < 0) {
            throw new IllegalArgumentException("errorExamples must not be negative, got " + rows);
        }
        return with(slices, minSliceSize, replicates, seed, level, fairness, positiveLabel, thresholdMetric,
                calibrationBins, rows, curvePoints);
    }

    /**
     * @param tolerance scores closer than this to their neighbour in sorted order count as tied when computing AUC,
     *        average precision and curves; 1e-12 (the default) matches Tribuo, 0 means exact ties only
     * @return a copy with this tie tolerance
     */
    public EvaluationOptions scoreTieTolerance(double tolerance) {
        if (!(tolerance >= 0) || Double.isInfinite(tolerance)) {
            throw new IllegalArgumentException("scoreTieTolerance must be a finite number >= 0, got " + tolerance);
        }
        return new EvaluationOptions(slices, minSliceSize, replicates, seed, level, fairness, positiveLabel,
                thresholdMetric, calibrationBins, errorExamples, curvePoints, tolerance, favourableLabel, minGroupSize,
                importance);
    }

    private EvaluationOptions with(List<Slices> slices, int minSliceSize, int replicates, long seed,
            double level, List<String> fairness, String positiveLabel, String thresholdMetric, int calibrationBins,
            int errorExamples, int curvePoints) {
        return new EvaluationOptions(slices, minSliceSize, replicates, seed, level, fairness, positiveLabel,
                thresholdMetric, calibrationBins, errorExamples, curvePoints, tieTolerance, favourableLabel,
                minGroupSize, importance);
    }

    /**
     * @return a copy that reports fairness for the intersection of these columns as one attribute named
     *     {@code "a & b"} (e.g. {@code fairnessCross("sex", "race")} gives groups such as {@code Female & Black})
     */
    public EvaluationOptions fairnessCross(String... attributes) {
        if (attributes.length < 2) {
            throw new IllegalArgumentException("A fairness cross needs at least two columns, e.g. fairnessCross(\"sex\","
                    + " \"race\"); for one column use fairness(...)");
        }
        for (String a : attributes) {
            if (Objects.requireNonNull(a, "attribute").contains(CROSS)) {
                throw new IllegalArgumentException("Column '" + a + "' contains '" + CROSS + "', which joins crossed"
                        + " columns; rename it to cross it");
            }
        }
        return fairness(String.join(CROSS, attributes));
    }

    /**
     * @return a copy where fairness measures count this label as the favourable outcome (default: the positive
     *     label), e.g. {@code "no-default"} for a model whose positive label is {@code "default"}
     */
    public EvaluationOptions favourableLabel(String label) {
        EvaluationOptions o = this;
        return new EvaluationOptions(o.slices, o.minSliceSize, o.replicates, o.seed, o.level, o.fairness,
                o.positiveLabel, o.thresholdMetric, o.calibrationBins, o.errorExamples, o.curvePoints, o.tieTolerance,
                Objects.requireNonNull(label, "label"), o.minGroupSize, o.importance);
    }

    /**
     * @return a copy where fairness groups with fewer rows are reported as insufficient (their n only) and left
     *     out of the differences and ratios (default 30, at least 1)
     */
    public EvaluationOptions minGroupSize(int rows) {
        if (rows < 1) {
            throw new IllegalArgumentException("minGroupSize must be at least 1, got " + rows);
        }
        EvaluationOptions o = this;
        return new EvaluationOptions(o.slices, o.minSliceSize, o.replicates, o.seed, o.level, o.fairness,
                o.positiveLabel, o.thresholdMetric, o.calibrationBins, o.errorExamples, o.curvePoints, o.tieTolerance,
                o.favourableLabel, rows, o.importance);
    }

    /** Joins crossed fairness columns in an attribute name. */
    static final String CROSS = " & ";

    String favourableLabel() {
        return favourableLabel;
    }

    int minGroupSize() {
        return minGroupSize;
    }

    /**
     * @return a copy that also ranks the model's input columns by permutation importance on the evaluated rows
     *     (e.g. {@code PermutationImportance.repeats(20).seed(7)}); costs repeats × columns extra scorings
     */
    public EvaluationOptions importance(PermutationImportance how) {
        return new EvaluationOptions(slices, minSliceSize, replicates, seed, level, fairness, positiveLabel,
                thresholdMetric, calibrationBins, errorExamples, curvePoints, tieTolerance, favourableLabel,
                minGroupSize, Objects.requireNonNull(how, "importance"));
    }

    PermutationImportance importance() {
        return importance;
    }

    List<Slices> slices() {
        return slices;
    }

    int minSliceSize() {
        return minSliceSize;
    }

    int replicates() {
        return replicates;
    }

    long seed() {
        return seed;
    }

    double level() {
        return level;
    }

    List<String> fairness() {
        return fairness;
    }

    String positiveLabel() {
        return positiveLabel;
    }

    String thresholdMetric() {
        return thresholdMetric;
    }

    int calibrationBins() {
        return calibrationBins;
    }

    int errorExamples() {
        return errorExamples;
    }

    int curvePoints() {
        return curvePoints;
    }

    double tieTolerance() {
        return tieTolerance;
    }
}
