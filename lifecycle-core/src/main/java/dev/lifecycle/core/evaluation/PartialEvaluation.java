package dev.lifecycle.core.evaluation;

import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.evaluation.ConfusionMatrix;
import dev.lifecycle.api.evaluation.Diagnostics;
import dev.lifecycle.api.evaluation.Evaluation;
import dev.lifecycle.api.evaluation.FairnessReport;
import dev.lifecycle.api.evaluation.Interval;
import dev.lifecycle.api.evaluation.SliceResult;
import dev.lifecycle.api.model.OutputType;
import dev.lifecycle.core.internal.BinaryFormat;
import dev.lifecycle.core.internal.eval.ClassificationAccumulator;
import dev.lifecycle.core.internal.eval.Grouping;
import dev.lifecycle.core.internal.eval.Metrics;
import dev.lifecycle.core.internal.eval.RegressionAccumulator;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.function.Function;
import org.apiguardian.api.API;

/**
 * The mergeable state of evaluating one model on part of a dataset: the overall accumulator, one
 * accumulator per slice and the most confident errors. {@link Evaluations} evaluates through it in one
 * part; engines that hold a dataset in many parts (lifecycle-spark) make one per part with
 * {@link #of}, ship it as {@link #toBytes()}, {@link #merge} them and {@link #finish} once, getting the
 * same metrics, slices and diagnostics as one in-process evaluation of the whole (bootstrap intervals
 * and fairness need every prediction at once and are not computed from parts).
 */
@API(status = API.Status.INTERNAL, consumers = "dev.lifecycle.spark")
public final class PartialEvaluation {
    private static final Comparator<ErrorCandidate> MOST_CONFIDENT_FIRST = Comparator
            .comparingDouble((ErrorCandidate e) -> e.confidence).reversed().thenComparingLong(e -> e.row);

    private final OutputType type;
    private final List<String> labels;
    private final int positive;
    private final String noScores;
    private final ClassificationAccumulator classification;
    private final RegressionAccumulator regression;
    private final List<LinkedHashMap<String, Object>> slices;
    private final int errorLimit;
    private List<ErrorCandidate> errors;
    /** The decision threshold of the evaluated predictions (0.5 unless served at a threshold). */
    private double decisionThreshold = 0.5;

    private record ErrorCandidate(long row, String truth, String predicted, double confidence,
            Map<String, String> values) {
    }

    private PartialEvaluation(OutputType type, List<String> labels, int positive, String noScores,
            ClassificationAccumulator classification, RegressionAccumulator regression,
            List<LinkedHashMap<String, Object>> slices, int errorLimit, List<ErrorCandidate> errors) {
        this.type = type;
        this.labels = labels;
        this.positive = positive;
        this.noScores = noScores;
        this.classification = classification;
        this.regression = regression;
        this.slices = slices;
        this.errorLimit = errorLimit;
        this.errors = errors;
    }

    /**
     * @param p the predictions on the part's labelled rows
     * @param part the rows the predictions were made on (its columns define the slices)
     * @param firstRow the position of the part's first row in the whole dataset (error examples name rows by position)
     * @return the state of evaluating the part
     */
    public static PartialEvaluation of(PredictionSet p, DatasetVersion part, long firstRow, EvaluationOptions o) {
        Objects.requireNonNull(p, "predictions");
        Objects.requireNonNull(part, "part");
        List<Grouping> groupings = new ArrayList<>();
        for (Slices s : o.slices()) {
            groupings.add(s.bind(part));
        }
        int n = p.size();
        if (p.type == OutputType.REGRESSION) {
            RegressionAccumulator overall = new RegressionAccumulator(n);
            RegressionAccumulator[][] accs = new RegressionAccumulator[groupings.size()][];
            for (int g = 0; g < accs.length; g++) {
                accs[g] = new RegressionAccumulator[groupings.get(g).names().size()];
            }
            for (int i = 0; i < n; i++) {
                double t = p.truthValues[i];
                double v = p.predictedValues[i];
                overall.add(t, v);
                for (int g = 0; g < accs.length; g++) {
                    int gi = groupings.get(g).group()[p.rows[i]];
                    if (gi >= 0) {
                        if (accs[g][gi] == null) {
                            accs[g][gi] = new RegressionAccumulator(16);
                        }
                        accs[g][gi].add(t, v);
                    }
                }
            }
            return new PartialEvaluation(OutputType.REGRESSION, List.of(), 0, null, null, overall,
                    named(groupings, accs), o.errorExamples(), List.of());
        }
        int k = p.labels.size();
        int pos = positive(p.labels, o);
        ClassificationAccumulator overall = newAcc(p, pos, o, n);
        ClassificationAccumulator[][] accs = new ClassificationAccumulator[groupings.size()][];
        int[][] groupOf = new int[groupings.size()][];
        for (int g = 0; g < accs.length; g++) {
            accs[g] = new ClassificationAccumulator[groupings.get(g).names().size()];
            groupOf[g] = groupings.get(g).group();
        }
        int hint = Math.max(16, n / 16);
        for (int i = 0; i < n; i++) {
            int t = p.truth[i];
            int pr = p.predicted[i];
            int off = i * k;
            overall.add(t, pr, p.scores, off);
            int r = p.rows[i];
            for (int g = 0; g < accs.length; g++) {
                int gi = groupOf[g][r];
                if (gi >= 0) {
                    ClassificationAccumulator a = accs[g][gi];
                    if (a == null) {
                        a = newAcc(p, pos, o, hint);
                        accs[g][gi] = a;
                    }
                    a.add(t, pr, p.scores, off);
                }
            }
        }
        PartialEvaluation out = new PartialEvaluation(OutputType.CLASSIFICATION, p.labels, pos, p.noScores, overall,
                null, named(groupings, accs), o.errorExamples(), worstErrors(p, part, firstRow, o.errorExamples()));
        out.decisionThreshold = p.decisionThreshold;
        return out;
    }

    static int positive(List<String> labels, EvaluationOptions o) {
        if (o.positiveLabel() == null) {
            return labels.size() - 1;
        }
        int i = labels.indexOf(o.positiveLabel());
        if (i < 0) {
            throw new IllegalArgumentException("The positive label '" + o.positiveLabel() + "' is not one of the labels "
                    + labels + "; pass one of them to positiveLabel(...)");
        }
        return i;
    }

    static ClassificationAccumulator newAcc(PredictionSet p, int positive, EvaluationOptions o, int rows) {
        return new ClassificationAccumulator(p.labels.size(), p.scores != null, p.probabilities, positive,
                o.calibrationBins(), rows);
    }

    private static List<LinkedHashMap<String, Object>> named(List<Grouping> groupings, Object[][] accs) {
        List<LinkedHashMap<String, Object>> out = new ArrayList<>();
        for (int g = 0; g < accs.length; g++) {
            LinkedHashMap<String, Object> m = new LinkedHashMap<>();
            for (int gi = 0; gi < accs[g].length; gi++) {
                if (accs[g][gi] != null) {
                    m.put(groupings.get(g).names().get(gi), accs[g][gi]);
                }
            }
            out.add(m);
        }
        return out;
    }

    private static List<ErrorCandidate> worstErrors(PredictionSet p, DatasetVersion data, long firstRow, int limit) {
        if (limit == 0) {
            return List.of();
        }
        int k = p.labels.size();
        PriorityQueue<int[]> heap = new PriorityQueue<>(Comparator.comparingDouble((int[] e) -> confidence(p, e[0], k))
                .thenComparingInt(e -> -e[0]));
        for (int i = 0; i < p.size(); i++) {
            if (p.truth[i] != p.predicted[i]) {
                heap.add(new int[] {i});
                if (heap.size() > limit) {
                    heap.poll();
                }
            }
        }
        List<ErrorCandidate> out = new ArrayList<>();
        while (!heap.isEmpty()) {
            int i = heap.poll()[0];
            Row row = data.row(p.rows[i]);
            Map<String, String> values = new LinkedHashMap<>();
            for (int c = 0; c < row.size(); c++) {
                if (row.name(c).equals(data.schema().target())) {
                    continue; // the truth is shown on its own; a copy among the features would mislead
                }
                Object v = row.get(c);
                values.put(row.name(c), v == null ? "" : v.toString());
            }
            out.add(new ErrorCandidate(firstRow + p.rows[i], p.labels.get(p.truth[i]), p.labels.get(p.predicted[i]),
                    confidence(p, i, k), values));
        }
        out.sort(MOST_CONFIDENT_FIRST);
        return out;
    }

    private static double confidence(PredictionSet p, int i, int k) {
        return p.scores == null ? Double.NaN : p.scores[i * k + p.predicted[i]];
    }

    /** @return the number of evaluated rows */
    public long rows() {
        return type == OutputType.REGRESSION ? regression.rows() : classification.rows();
    }

    /**
     * Adds the state of another part of the same evaluation (same model, labels and options) into this one.
     *
     * @return the merged state (this one, or the other when this one is empty)
     * @throws IllegalArgumentException when the parts were evaluated with different labels or options
     */
    public PartialEvaluation merge(PartialEvaluation o) {
        if (o.rows() == 0) {
            return this;
        }
        if (rows() == 0) {
            return o;
        }
        if (o.type != type || !o.labels.equals(labels) || o.slices.size() != slices.size()
                || !Objects.equals(o.noScores, noScores)) {
            throw new IllegalArgumentException("Cannot merge the evaluation of a part with labels " + o.labels
                    + " into one with labels " + labels + "; predict every part with the same model and known labels");
        }
        if (type == OutputType.REGRESSION) {
            regression.merge(o.regression);
        } else {
            classification.merge(o.classification);
        }
        for (int g = 0; g < slices.size(); g++) {
            LinkedHashMap<String, Object> mine = slices.get(g);
            for (Map.Entry<String, Object> e : o.slices.get(g).entrySet()) {
                Object a = mine.get(e.getKey());
                if (a == null) {
                    mine.put(e.getKey(), e.getValue());
                } else if (a instanceof RegressionAccumulator r) {
                    r.merge((RegressionAccumulator) e.getValue());
                } else {
                    ((ClassificationAccumulator) a).merge((ClassificationAccumulator) e.getValue());
                }
            }
        }
        List<ErrorCandidate> all = new ArrayList<>(errors);
        all.addAll(o.errors);
        all.sort(MOST_CONFIDENT_FIRST);
        errors = all.size() > errorLimit ? List.copyOf(all.subList(0, errorLimit)) : all;
        return this;
    }

    /**
     * @param modelId how the result names the model
     * @param datasetId how the result names the data
     * @return the evaluation of every merged part
     * @throws IllegalArgumentException when the options ask for bootstrap intervals or fairness of a classifier,
     *     which need every prediction at once
     */
    public Evaluation finish(String modelId, String datasetId, EvaluationOptions o) {
        if (o.replicates() > 0) {
            throw new IllegalArgumentException("Bootstrap intervals for " + modelId + " on " + datasetId + " need every"
                    + " prediction in one place; evaluate a sample in-process for intervals, or drop bootstrap(...)");
        }
        if (type == OutputType.CLASSIFICATION && !o.fairness().isEmpty()) {
            throw new IllegalArgumentException("Fairness of " + modelId + " on " + datasetId + " is not computed from"
                    + " parts yet; compare slices (Slices.by(\"" + o.fairness().get(0) + "\")) or evaluate in-process");
        }
        return finish(modelId, datasetId, o, m -> Map.of(), List.of());
    }

    Evaluation finish(String modelId, String datasetId, EvaluationOptions o,
            Function<Map<String, Double>, Map<String, Interval>> intervals, List<FairnessReport> fairness) {
        if (type == OutputType.REGRESSION) {
            Map<String, String> na = new LinkedHashMap<>();
            Map<String, Double> metrics = Metrics.regression(regression, na);
            List<SliceResult> out = new ArrayList<>();
            for (LinkedHashMap<String, Object> slicing : slices) {
                slicing.forEach((name, acc) -> {
                    RegressionAccumulator a = (RegressionAccumulator) acc;
                    boolean small = a.rows() < o.minSliceSize();
                    out.add(new SliceResult(name, a.rows(), small ? Map.of()
                            : Metrics.regression(a, new LinkedHashMap<>()), small));
                });
            }
            for (String attr : o.fairness()) {
                na.put("fairness[" + attr + "]", "fairness measures need a classifier; " + modelId + " is a regression");
            }
            return new Evaluation(modelId, datasetId, regression.rows(), metrics, List.of(),
                    new ConfusionMatrix(List.of(), new long[0][]), na, intervals.apply(metrics), out, List.of(),
                    Optional.empty());
        }
        Metrics.Result res = Metrics.classification(classification, labels, positive, noScores, o.tieTolerance());
        List<SliceResult> out = new ArrayList<>();
        for (LinkedHashMap<String, Object> slicing : slices) {
            slicing.forEach((name, acc) -> {
                ClassificationAccumulator a = (ClassificationAccumulator) acc;
                boolean small = a.rows() < o.minSliceSize();
                out.add(new SliceResult(name, a.rows(), small ? Map.of()
                        : Metrics.classification(a, labels, positive, noScores, o.tieTolerance()).metrics(), small));
            });
        }
        Metrics.Curves curves = Metrics.curves(classification, positive, o.thresholdMetric(), o.curvePoints(),
                o.tieTolerance(), decisionThreshold);
        List<Diagnostics.ErrorExample> examples = new ArrayList<>();
        for (ErrorCandidate e : errors) {
            examples.add(new Diagnostics.ErrorExample(e.row, e.truth, e.predicted, e.confidence, e.values));
        }
        Diagnostics diag = new Diagnostics(labels.get(positive), curves.roc(), curves.pr(), curves.calibration(),
                curves.threshold(), Evaluations.confusedPairs(labels, classification.confusion()), examples);
        return new Evaluation(modelId, datasetId, classification.rows(), res.metrics(), res.perClass(),
                new ConfusionMatrix(labels, classification.confusion()), res.notApplicable(),
                intervals.apply(res.metrics()), out, fairness, Optional.of(diag));
    }

    /** "LCPE": the magic of {@link #toBytes()}. */
    private static final int MAGIC = 0x4c435045;
    /** The format version of {@link #toBytes()}. */
    private static final int FORMAT_VERSION = 1;

    /** @return the state as bytes (magic, format version, state), read back by {@link #fromBytes(byte[])} */
    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            BinaryFormat.writeHeader(out, MAGIC, FORMAT_VERSION);
            out.writeBoolean(type == OutputType.REGRESSION);
            out.writeInt(labels.size());
            for (String l : labels) {
                out.writeUTF(l);
            }
            out.writeInt(positive);
            out.writeBoolean(noScores != null);
            if (noScores != null) {
                out.writeUTF(noScores);
            }
            if (type == OutputType.REGRESSION) {
                regression.write(out);
            } else {
                classification.write(out);
            }
            out.writeInt(slices.size());
            for (LinkedHashMap<String, Object> slicing : slices) {
                out.writeInt(slicing.size());
                for (Map.Entry<String, Object> e : slicing.entrySet()) {
                    out.writeUTF(e.getKey());
                    if (e.getValue() instanceof RegressionAccumulator r) {
                        r.write(out);
                    } else {
                        ((ClassificationAccumulator) e.getValue()).write(out);
                    }
                }
            }
            out.writeInt(errorLimit);
            out.writeInt(errors.size());
            for (ErrorCandidate e : errors) {
                out.writeLong(e.row);
                out.writeUTF(e.truth);
                out.writeUTF(e.predicted);
                out.writeDouble(e.confidence);
                out.writeInt(e.values.size());
                for (Map.Entry<String, String> v : e.values.entrySet()) {
                    out.writeUTF(v.getKey());
                    out.writeUTF(v.getValue());
                }
            }
            out.writeDouble(decisionThreshold);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** @return the state written by {@link #toBytes()} */
    public static PartialEvaluation fromBytes(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            BinaryFormat.readHeader(in, MAGIC, FORMAT_VERSION, "partial evaluation");
            boolean reg = in.readBoolean();
            List<String> labels = new ArrayList<>();
            for (int i = in.readInt(); i > 0; i--) {
                labels.add(in.readUTF());
            }
            int positive = in.readInt();
            String noScores = in.readBoolean() ? in.readUTF() : null;
            RegressionAccumulator r = reg ? RegressionAccumulator.read(in) : null;
            ClassificationAccumulator c = reg ? null : ClassificationAccumulator.read(in);
            List<LinkedHashMap<String, Object>> slices = new ArrayList<>();
            for (int g = in.readInt(); g > 0; g--) {
                LinkedHashMap<String, Object> m = new LinkedHashMap<>();
                for (int i = in.readInt(); i > 0; i--) {
                    String name = in.readUTF();
                    m.put(name, reg ? RegressionAccumulator.read(in) : ClassificationAccumulator.read(in));
                }
                slices.add(m);
            }
            int limit = in.readInt();
            List<ErrorCandidate> errors = new ArrayList<>();
            for (int i = in.readInt(); i > 0; i--) {
                long row = in.readLong();
                String truth = in.readUTF();
                String predicted = in.readUTF();
                double confidence = in.readDouble();
                Map<String, String> values = new LinkedHashMap<>();
                for (int v = in.readInt(); v > 0; v--) {
                    values.put(in.readUTF(), in.readUTF());
                }
                errors.add(new ErrorCandidate(row, truth, predicted, confidence, values));
            }
            PartialEvaluation out = new PartialEvaluation(reg ? OutputType.REGRESSION : OutputType.CLASSIFICATION,
                    List.copyOf(labels), positive, noScores, c, r, slices, limit, errors);
            if (in.available() >= Double.BYTES) {
                out.decisionThreshold = in.readDouble();
            }
            return out;
        } catch (IOException e) {
            throw new IllegalArgumentException("Not a partial evaluation: " + e.getMessage(), e);
        }
    }
}
