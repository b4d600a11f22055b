package dev.lifecycle.core.report;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lifecycle.api.evaluation.ClassMetrics;
import dev.lifecycle.api.evaluation.Comparison;
import dev.lifecycle.api.evaluation.Diagnostics;
import dev.lifecycle.api.evaluation.Diagnostics.CalibrationBin;
import dev.lifecycle.api.evaluation.Diagnostics.CurvePoint;
import dev.lifecycle.api.evaluation.Evaluation;
import dev.lifecycle.api.evaluation.FairnessReport;
import dev.lifecycle.api.evaluation.GateResult;
import dev.lifecycle.api.evaluation.SliceResult;
import dev.lifecycle.core.internal.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * An evaluation (optionally with a comparison and a gate decision) as JSON with a stable schema, or as
 * a self-contained HTML page (inline SVG and CSS, no scripts, no network) that a person who did not
 * write the model can read. Immutable.
 *
 * <pre>{@code
 * EvaluationReport.of(evaluation).comparison(cmp).gate(result).writeHtml(Path.of("report.html"));
 * }</pre>
 *
 * <p>JSON schema {@value #SCHEMA}: top-level keys {@code schema, model, dataset, rows, metrics,
 * notApplicable, intervals, perClass, confusion, slices, fairness, importance, majorityBaseline, diagnostics,
 * comparison, gate};
 * numbers that are undefined are written as {@code null}; keys are only ever added in later versions.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public final class EvaluationReport {
    /** The version of the JSON schema. */
    public static final String SCHEMA = "lifecycle.evaluation/1";

    private final Evaluation evaluation;
    private final Comparison comparison;
    private final GateResult gate;
    private final String title;

    private EvaluationReport(Evaluation evaluation, Comparison comparison, GateResult gate, String title) {
        this.evaluation = evaluation;
        this.comparison = comparison;
        this.gate = gate;
        this.title = title;
    }

    /** @return a report of one evaluation */
    public static EvaluationReport of(Evaluation evaluation) {
        Objects.requireNonNull(evaluation, "evaluation");
        return new EvaluationReport(evaluation, null, null, "Evaluation of " + evaluation.model());
    }

    /** @return a copy that also shows a champion-versus-challenger comparison */
    public EvaluationReport comparison(Comparison c) {
        return new EvaluationReport(evaluation, Objects.requireNonNull(c, "comparison"), gate, title);
    }

    /** @return a copy that also shows a gate decision */
    public EvaluationReport gate(GateResult g) {
        return new EvaluationReport(evaluation, comparison, Objects.requireNonNull(g, "gate"), title);
    }

    /** @return a copy with another page title */
    public EvaluationReport title(String t) {
        return new EvaluationReport(evaluation, comparison, gate, Objects.requireNonNull(t, "title"));
    }

    /** @return the report as pretty-printed JSON */
    public String json() {
        try {
            return Json.MAPPER.writer(SerializationFeature.INDENT_OUTPUT).writeValueAsString(tree());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the report as one self-contained HTML page */
    public String html() {
        return new Html(evaluation, comparison, gate, title).render();
    }

    /** Writes {@link #json()} to a file (UTF-8). */
    public Path writeJson(Path file) {
        return write(file, json());
    }

    /** Writes {@link #html()} to a file (UTF-8). */
    public Path writeHtml(Path file) {
        return write(file, html());
    }

    private static Path write(Path file, String text) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            return Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the evaluation report to " + file, e);
        }
    }

    ObjectNode tree() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        Evaluation ev = evaluation;
        ObjectNode root = f.objectNode();
        root.put("schema", SCHEMA);
        root.put("model", ev.model());
        root.put("dataset", ev.dataset());
        root.put("rows", ev.rows());
        root.set("metrics", numbers(ev.metrics()));
        ObjectNode na = root.putObject("notApplicable");
        new java.util.TreeMap<>(ev.notApplicable()).forEach(na::put);
        ObjectNode iv = root.putObject("intervals");
        new java.util.TreeMap<>(ev.intervals()).forEach((k, v) -> {
            ObjectNode o = iv.putObject(k);
            num(o, "estimate", v.estimate());
            num(o, "lower", v.lower());
            num(o, "upper", v.upper());
            num(o, "level", v.level());
            o.put("replicates", v.replicates());
        });
        ArrayNode pc = root.putArray("perClass");
        for (ClassMetrics c : ev.perClass()) {
            ObjectNode o = pc.addObject();
            o.put("label", c.label());
            num(o, "precision", c.precision());
            num(o, "recall", c.recall());
            num(o, "f1", c.f1());
            o.put("support", c.support());
        }
        ObjectNode cm = root.putObject("confusion");
        ArrayNode labels = cm.putArray("labels");
        ev.confusion().labels().forEach(labels::add);
        ArrayNode counts = cm.putArray("counts");
        for (long[] row : ev.confusion().counts()) {
            ArrayNode r = counts.addArray();
            for (long c : row) {
                r.add(c);
            }
        }
        ArrayNode slices = root.putArray("slices");
        for (SliceResult s : ev.slices()) {
            ObjectNode o = slices.addObject();
            o.put("name", s.name());
            o.put("rows", s.rows());
            o.put("tooSmall", s.tooSmall());
            o.set("metrics", numbers(s.metrics()));
        }
        ArrayNode fair = root.putArray("fairness");
        for (FairnessReport r : ev.fairness()) {
            ObjectNode o = fair.addObject();
            o.put("attribute", r.attribute());
            o.put("positiveLabel", r.positiveLabel());
            num(o, "demographicParityDifference", r.demographicParityDifference());
            num(o, "equalOpportunityDifference", r.equalOpportunityDifference());
            num(o, "equalizedOddsDifference", r.equalizedOddsDifference());
            num(o, "disparateImpactRatio", r.disparateImpactRatio());
            ArrayNode gs = o.putArray("groups");
            for (FairnessReport.Group g : r.groups()) {
                ObjectNode go = gs.addObject();
                go.put("group", g.group());
                go.put("rows", g.rows());
                num(go, "selectionRate", g.selectionRate());
                num(go, "truePositiveRate", g.truePositiveRate());
                num(go, "falsePositiveRate", g.falsePositiveRate());
                num(go, "accuracy", g.accuracy());
            }
        }
        ArrayNode imp = root.putArray("importance");
        for (dev.lifecycle.api.evaluation.FeatureImportance fi : ev.importance()) {
            ObjectNode o = imp.addObject();
            o.put("feature", fi.feature());
            o.put("metric", fi.metric());
            num(o, "baseline", fi.baseline());
            num(o, "drop", fi.drop());
            num(o, "lower", fi.lower());
            num(o, "upper", fi.upper());
            num(o, "level", fi.level());
            o.put("repeats", fi.repeats());
        }
        Object[] majority = ImportanceSection.majority(ev);
        if (majority != null) {
            root.putObject("majorityBaseline").put("label", (String) majority[0]).put("accuracy", (Double) majority[1]);
        } else {
            root.putNull("majorityBaseline");
        }
        Optional<Diagnostics> d = ev.diagnostics();
        if (d.isPresent()) {
            root.set("diagnostics", diagnostics(d.get()));
        } else {
            root.putNull("diagnostics");
        }
        if (comparison != null) {
            ObjectNode o = root.putObject("comparison");
            o.put("champion", comparison.champion());
            o.put("challenger", comparison.challenger());
            o.put("dataset", comparison.dataset());
            o.put("rows", comparison.rows());
            ArrayNode ds = o.putArray("deltas");
            for (Comparison.MetricDelta md : comparison.deltas()) {
                ObjectNode x = ds.addObject();
                x.put("metric", md.metric());
                num(x, "champion", md.champion());
                num(x, "challenger", md.challenger());
                num(x, "delta", md.delta());
                num(x, "lower", md.lower());
                num(x, "upper", md.upper());
                x.put("higherIsBetter", md.higherIsBetter());
                num(x, "probabilityBetter", md.probabilityBetter());
            }
            comparison.mcNemar().ifPresentOrElse(m -> {
                ObjectNode x = o.putObject("mcNemar");
                x.put("championOnlyCorrect", m.championOnlyCorrect());
                x.put("challengerOnlyCorrect", m.challengerOnlyCorrect());
                num(x, "statistic", m.statistic());
                num(x, "pValue", m.pValue());
                x.put("exact", m.exact());
            }, () -> o.putNull("mcNemar"));
        } else {
            root.putNull("comparison");
        }
        if (gate != null) {
            ObjectNode o = root.putObject("gate");
            o.put("passed", gate.passed());
            ArrayNode cs = o.putArray("checks");
            for (GateResult.Check c : gate.checks()) {
                ObjectNode x = cs.addObject();
                x.put("name", c.name());
                num(x, "value", c.value());
                num(x, "threshold", c.threshold());
                x.put("verdict", c.verdict().name());
                x.put("reason", c.reason());
            }
        } else {
            root.putNull("gate");
        }
        return root;
    }

    private static ObjectNode diagnostics(Diagnostics d) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("positiveLabel", d.positiveLabel());
        o.set("roc", points(d.roc()));
        o.set("precisionRecall", points(d.precisionRecall()));
        ArrayNode cal = o.putArray("calibration");
        for (CalibrationBin b : d.calibration()) {
            ObjectNode x = cal.addObject();
            num(x, "lower", b.lower());
            num(x, "upper", b.upper());
            x.put("rows", b.rows());
            num(x, "meanPredicted", b.meanPredicted());
            num(x, "observed", b.observed());
        }
        d.threshold().ifPresentOrElse(t -> {
            ObjectNode x = o.putObject("threshold");
            x.put("metric", t.metric());
            num(x, "decisionThreshold", t.decisionThreshold());
            x.set("atDecision", numbers(t.atDecision()));
            num(x, "bestThreshold", t.bestThreshold());
            x.set("atBest", numbers(t.atBest()));
        }, () -> o.putNull("threshold"));
        ArrayNode cp = o.putArray("confusedPairs");
        for (Diagnostics.ConfusedPair p : d.confusedPairs()) {
            cp.addObject().put("truth", p.truth()).put("predicted", p.predicted()).put("count", p.count());
        }
        ArrayNode we = o.putArray("worstErrors");
        for (Diagnostics.ErrorExample e : d.worstErrors()) {
            ObjectNode x = we.addObject();
            x.put("row", e.row());
            x.put("truth", e.truth());
            x.put("predicted", e.predicted());
            num(x, "confidence", e.confidence());
            ObjectNode vals = x.putObject("values");
            e.values().forEach(vals::put);
        }
        return o;
    }

    private static ArrayNode points(java.util.List<CurvePoint> pts) {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        for (CurvePoint p : pts) {
            ObjectNode x = a.addObject();
            num(x, "x", p.x());
            num(x, "y", p.y());
            num(x, "threshold", p.threshold());
        }
        return a;
    }

    private static ObjectNode numbers(Map<String, Double> m) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        new java.util.TreeMap<>(m).forEach((k, v) -> num(o, k, v));
        return o;
    }

    private static void num(ObjectNode o, String key, double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            o.putNull(key);
        } else {
            o.put(key, v);
        }
    }
}
