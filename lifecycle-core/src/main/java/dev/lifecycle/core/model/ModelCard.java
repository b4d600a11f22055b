package dev.lifecycle.core.model;

import dev.lifecycle.api.evaluation.DecisionThreshold;
import dev.lifecycle.api.evaluation.Evaluation;
import dev.lifecycle.api.evaluation.FairnessReport;
import dev.lifecycle.api.evaluation.Interval;
import dev.lifecycle.api.evaluation.SliceResult;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.lifecycle.api.data.Field;
import dev.lifecycle.api.model.ModelVersion;
import dev.lifecycle.api.model.Run;
import dev.lifecycle.core.internal.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * A model version's card: what it is for, the data it learned from, how it was trained, how well it
 * did, and where everything came from. Render it as {@link #toJson()} for machines or
 * {@link #toHtml()} for people (one self-contained page: inline CSS, no scripts, no network).
 *
 * @param version the model version
 * @param intendedUse the version's description, or null when none was given
 * @param tags the version's tags
 * @param aliases the aliases pointing at this version now
 * @param targetSummary for classifiers the count per label in the training data; for regressors
 *     count, min, mean and max of the target
 * @param metrics metrics of the training run (cross-validation included), by name
 * @param lineage version → run → datasets → sources
 * @param evaluations evaluations of the version by name (tracked ones under their tracked name, given ones under
 *     their dataset id): metrics with intervals, slices and fairness
 * @param threshold the decision threshold the version is served at, or null when it serves its own labels
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public record ModelCard(ModelVersion version, String intendedUse, Map<String, String> tags, List<String> aliases,
        Map<String, Double> targetSummary, Map<String, Double> metrics, ModelLineage lineage,
        Map<String, Evaluation> evaluations, DecisionThreshold threshold) {

    /** Metrics a card leads with, in this order, when the evaluation has them. */
    private static final List<String> KEY_METRICS = List.of("accuracy", "balanced-accuracy", "auc",
            "average-precision", "f1", "precision", "recall", "macro-f1", "log-loss", "brier", "ece", "rmse", "mae",
            "mape");

    /** Copies the collections. */
    public ModelCard {
        tags = Map.copyOf(tags);
        aliases = List.copyOf(aliases);
        targetSummary = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(targetSummary));
        metrics = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
        evaluations = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(evaluations));
    }

    /** A card without evaluations or threshold. */
    public ModelCard(ModelVersion version, String intendedUse, Map<String, String> tags, List<String> aliases,
            Map<String, Double> targetSummary, Map<String, Double> metrics, ModelLineage lineage) {
        this(version, intendedUse, tags, aliases, targetSummary, metrics, lineage, Map.of(), null);
    }

    static List<String> keyMetricNames() {
        return KEY_METRICS;
    }

    /** @return the metrics a card leads with (accuracy, AUC, F1, ... or RMSE, MAE) that an evaluation has */
    public static List<String> keyMetrics(Evaluation ev) {
        return KEY_METRICS.stream().filter(ev.metrics()::containsKey).toList();
    }

    /**
     * @return what a reader must know before relying on the version, derived from the card: no held-out
     *     evaluation, slices too small to judge, fairness groups too small to judge, fairness measures outside
     *     the usual bounds, slices far worse than the whole, and where the threshold was chosen
     */
    public List<String> limitations() {
        List<String> out = new ArrayList<>();
        if (evaluations.isEmpty()) {
            out.add("No held-out evaluation is recorded with this version; its quality on new data is unknown."
                    + " Track one with lc.track(version, \"test\", evaluation).");
        }
        for (Map.Entry<String, Evaluation> e : evaluations.entrySet()) {
            Evaluation ev = e.getValue();
            String where = "'" + e.getKey() + "' (" + ev.dataset() + ")";
            List<String> small = ev.slices().stream().filter(SliceResult::tooSmall)
                    .map(x -> x.name() + " (n=" + x.rows() + ")").toList();
            if (!small.isEmpty()) {
                out.add("Too few rows to judge the slices " + String.join(", ", small) + " in " + where + ".");
            }
            String lead = ev.metrics().containsKey("accuracy") ? "accuracy" : ev.metrics().containsKey("rmse") ? "rmse"
                    : null;
            if (lead != null) {
                double all = ev.metrics().get(lead);
                boolean higher = !lead.equals("rmse");
                for (SliceResult x : ev.slices()) {
                    Double v = x.metrics().get(lead);
                    if (v != null && (higher ? v < all - 0.05 : v > all * 1.2)) {
                        out.add(String.format(Locale.ROOT, "%s is %s on slice %s (n=%d) against %s overall in %s.",
                                lead, fmt(v), x.name(), x.rows(), fmt(all), where));
                    }
                }
            }
            for (FairnessReport f : ev.fairness()) {
                if (!f.insufficient().isEmpty()) {
                    out.add("Fairness across '" + f.attribute() + "' cannot be judged for the groups "
                            + f.insufficient().stream().map(g -> g.group() + " (n=" + g.rows() + ")").toList()
                            + ", smaller than " + f.minGroupSize() + " rows, in " + where + ".");
                }
                if (f.disparateImpactRatio() < 0.8) {
                    Interval iv = f.intervals().get(FairnessReport.DISPARATE_IMPACT_RATIO);
                    out.add(String.format(Locale.ROOT, "Disparate impact across '%s' is %s%s (favourable '%s'), below"
                            + " the four-fifths rule, in %s.", f.attribute(), fmt(f.disparateImpactRatio()),
                            iv == null ? "" : " [" + fmt(iv.lower()) + ", " + fmt(iv.upper()) + "]",
                            f.favourableLabel(), where));
                }
            }
        }
        if (threshold != null) {
            out.add("The decision threshold " + fmt(threshold.threshold()) + " (" + threshold.rule() + ") was chosen on "
                    + threshold.chosenOn() + "; re-choose it when the class balance of the traffic changes.");
        }
        out.add("Trained on " + version.dataset() + " only: rows unlike it (new categories, values outside its range)"
                + " are predictions outside its experience.");
        return out;
    }

    /** @return the card as pretty-printed JSON */
    public String toJson() {
        try {
            return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(tree());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write the model card of " + version.id(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> tree() {
        Map<String, Object> m = new LinkedHashMap<>();
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("id", version.id());
        model.put("created", version.created().toString());
        model.put("format", version.format());
        model.put("digest", version.digest());
        model.put("aliases", aliases);
        model.put("tags", tags);
        m.put("model", model);
        m.put("intendedUse", intendedUse);
        Map<String, Object> sig = new LinkedHashMap<>();
        List<Map<String, Object>> inputs = new ArrayList<>();
        for (Field f : version.signature().inputs()) {
            Map<String, Object> fm = new LinkedHashMap<>();
            fm.put("name", f.name());
            fm.put("type", f.type().name());
            fm.put("nullable", f.nullable());
            if (!f.categories().isEmpty()) {
                fm.put("categories", f.categories());
            }
            inputs.add(fm);
        }
        sig.put("inputs", inputs);
        sig.put("target", version.signature().target());
        sig.put("outputType", version.signature().outputType().name());
        sig.put("labels", version.signature().labels());
        if (!version.signature().roles().isEmpty()) {
            Map<String, String> roles = new LinkedHashMap<>();
            version.signature().roles().forEach((k, v) -> roles.put(k, v.name()));
            sig.put("otherColumns", roles);
        }
        m.put("signature", sig);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("training", version.dataset());
        data.put("target", targetSummary);
        m.put("data", data);
        Map<String, Object> training = new LinkedHashMap<>();
        training.put("trainer", version.trainer());
        training.put("parameters", version.parameters());
        training.put("seed", version.seed());
        Run run = lineage.run();
        if (run != null) {
            training.put("run", run.id());
            training.put("status", run.status().name());
            training.put("started", run.started().toString());
            training.put("ended", run.ended() == null ? null : run.ended().toString());
            training.put("environment", run.environment());
        }
        m.put("training", training);
        m.put("metrics", metrics);
        Map<String, Object> roles = new LinkedHashMap<>();
        roles.put("FEATURE", version.signature().inputs().stream().map(Field::name).toList());
        roles.put("TARGET", List.of(version.signature().target()));
        version.signature().roles().forEach((k, v) -> ((List<String>) roles.computeIfAbsent(v.name(),
                x -> new ArrayList<String>())).add(k));
        m.put("columnRoles", roles);
        if (threshold != null) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("positiveLabel", threshold.positiveLabel());
            t.put("threshold", threshold.threshold());
            t.put("rule", threshold.rule());
            t.put("chosenOn", threshold.chosenOn());
            t.put("atThreshold", new java.util.TreeMap<>(threshold.atThreshold()));
            m.put("threshold", t);
        }
        Map<String, Object> evs = new LinkedHashMap<>();
        evaluations.forEach((name, ev) -> {
            Map<String, Object> em = new LinkedHashMap<>();
            em.put("dataset", ev.dataset());
            em.put("rows", ev.rows());
            ev.diagnostics().flatMap(d -> d.threshold()).ifPresent(t -> em.put("decisionThreshold",
                    t.decisionThreshold()));
            Map<String, Object> km = new LinkedHashMap<>();
            for (String k : keyMetrics(ev)) {
                Map<String, Object> one = new LinkedHashMap<>();
                one.put("value", ev.metrics().get(k));
                Interval iv = ev.intervals().get(k);
                if (iv != null) {
                    one.put("lower", iv.lower());
                    one.put("upper", iv.upper());
                    one.put("level", iv.level());
                }
                km.put(k, one);
            }
            em.put("metrics", km);
            em.put("slices", ev.slices());
            em.put("fairness", ev.fairness());
            evs.put(name, em);
        });
        m.put("evaluations", evs);
        m.put("limitations", limitations());
        Map<String, Object> lin = new LinkedHashMap<>();
        List<Map<String, Object>> nodes = new ArrayList<>();
        for (ModelLineage.Node n : lineage.datasets()) {
            Map<String, Object> nm = new LinkedHashMap<>();
            nm.put("id", n.id());
            nm.put("rows", n.rows());
            nm.put("operation", n.lineage().operation());
            nm.put("parents", n.lineage().parents());
            nm.put("source", n.lineage().source());
            nm.put("details", new java.util.TreeMap<>(n.lineage().details()));
            nodes.add(nm);
        }
        lin.put("datasets", nodes);
        lin.put("sources", lineage.sources());
        m.put("lineage", lin);
        return m;
    }

    /** @return a self-contained HTML page (inline CSS, no scripts, no external resources) */
    public String toHtml() {
        StringBuilder h = new StringBuilder(8192);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Model card ")
                .append(esc(version.id())).append("</title>\n<style>")
                .append("body{font-family:system-ui,-apple-system,'Segoe UI',Helvetica,Arial,sans-serif;margin:0;"
                        + "background:#f4f5f7;color:#1d2330;line-height:1.45}")
                .append("header{background:#1f3a5f;color:#fff;padding:28px 48px}header h1{margin:0 0 6px;font-size:28px}")
                .append("header .sub{opacity:.85;font-size:15px}.pill{display:inline-block;background:#e3ecf7;"
                        + "color:#1f3a5f;border-radius:12px;padding:2px 10px;margin:2px 4px 2px 0;font-size:13px}")
                .append("header .pill{background:#3c5f8d;color:#fff}main{padding:24px 48px;display:grid;"
                        + "grid-template-columns:1fr 1fr;gap:20px}")
                .append("section{background:#fff;border-radius:8px;padding:18px 22px;box-shadow:0 1px 3px rgba(0,0,0,.08)}")
                .append("section.wide{grid-column:1 / span 2}h2{font-size:17px;margin:0 0 12px;color:#1f3a5f;"
                        + "border-bottom:2px solid #e3ecf7;padding-bottom:6px}")
                .append("table{border-collapse:collapse;width:100%;font-size:14px}td,th{text-align:left;padding:5px 8px;"
                        + "border-bottom:1px solid #eef0f3;vertical-align:top}th{color:#5a6474;font-weight:600;"
                        + "width:38%}")
                .append(".num{font-variant-numeric:tabular-nums;text-align:right}.bar{background:#4a7bb7;height:10px;"
                        + "border-radius:3px}.muted{color:#7a8494}code{font-size:12.5px;background:#f1f3f6;"
                        + "padding:1px 4px;border-radius:3px;word-break:break-all}")
                .append("ol.lineage{margin:0;padding-left:20px;font-size:14px}ol.lineage li{margin-bottom:6px}")
                .append("table.grid th{width:auto}table.grid th:first-child{width:34%}")
                .append("</style></head><body>\n");
        h.append("<header><h1>").append(esc(version.id())).append("</h1><div class=\"sub\">")
                .append(esc(version.signature().outputType().name().toLowerCase(Locale.ROOT))).append(" model · ")
                .append(esc(version.trainer())).append(" · predicts <b>").append(esc(version.signature().target()))
                .append("</b> · registered ").append(esc(version.created().toString())).append("</div><div>");
        for (String a : aliases) {
            h.append("<span class=\"pill\">").append(esc(a)).append("</span>");
        }
        tags.forEach((k, v) -> h.append("<span class=\"pill\">").append(esc(k)).append('=').append(esc(v))
                .append("</span>"));
        h.append("</div></header>\n<main>\n");

        h.append("<section class=\"wide\"><h2>Intended use</h2><p>")
                .append(intendedUse == null ? "<span class=\"muted\">No description was given for this version. Set "
                        + "one with <code>models().describe(name, version, text, reason)</code>.</span>"
                        : esc(intendedUse).replace("\n", "<br>"))
                .append("</p></section>\n");

        h.append("<section><h2>Data</h2><table>");
        row(h, "Training data", "<code>" + esc(version.dataset()) + "</code>");
        row(h, "Features (" + version.signature().inputs().size() + ")", "<code>" + esc(String.join(", ",
                version.signature().inputs().stream().map(Field::name).toList())) + "</code>");
        row(h, "Target", "<code>" + esc(version.signature().target()) + "</code>");
        Map<dev.lifecycle.api.data.ColumnRole, List<String>> byRole = new java.util.TreeMap<>();
        version.signature().roles().forEach((k, v) -> byRole.computeIfAbsent(v, x -> new ArrayList<>()).add(k));
        byRole.forEach((role, cols) -> row(h, esc(roleTitle(role)) + " (not a feature)",
                "<code>" + esc(String.join(", ", cols)) + "</code>"));
        h.append("</table>");
        if (!targetSummary.isEmpty()) {
            boolean counts = !version.signature().labels().isEmpty();
            double total = counts ? targetSummary.values().stream().mapToDouble(Double::doubleValue).sum() : 0;
            h.append("<h2 style=\"margin-top:16px\">").append(counts ? "Label distribution" : "Target summary")
                    .append("</h2><table>");
            targetSummary.forEach((k, v) -> {
                String cell = counts ? String.format(Locale.ROOT, "%,.0f (%.1f%%) <div class=\"bar\" style=\"width:%.0f%%\">"
                        + "</div>", v, 100 * v / total, 100 * v / total) : fmt(v);
                row(h, esc(k), cell);
            });
            h.append("</table>");
        }
        h.append("</section>\n");

        h.append("<section><h2>Training</h2><table>");
        row(h, "Trainer", esc(version.trainer()));
        version.parameters().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> row(h, esc(e.getKey()), "<code>" + esc(e.getValue()) + "</code>"));
        row(h, "Seed", Long.toString(version.seed()));
        Run run = lineage.run();
        if (run != null) {
            row(h, "Run", "<code>" + esc(run.id()) + "</code> (" + esc(run.status().name().toLowerCase(Locale.ROOT))
                    + ")");
            if (run.ended() != null) {
                row(h, "Duration", String.format(Locale.ROOT, "%.2f s",
                        Duration.between(run.started(), run.ended()).toMillis() / 1000.0));
            }
            run.environment().forEach((k, v) -> row(h, esc(k), esc(v)));
        }
        h.append("</table></section>\n");

        CardSections.threshold(h, threshold);
        h.append("<section><h2>Metrics of the training run</h2>");
        if (metrics.isEmpty()) {
            h.append("<p class=\"muted\">No metrics were recorded.</p>");
        } else {
            h.append("<table>");
            metrics.forEach((k, v) -> row(h, esc(k), "<span class=\"num\">" + fmt(v) + "</span>"));
            h.append("</table>");
        }
        h.append("</section>\n");
        CardSections.evaluations(h, evaluations);

        h.append("<section><h2>Signature</h2><table><tr><th>Input</th><th>Type</th></tr>");
        for (Field f : version.signature().inputs()) {
            String type = f.type().name().toLowerCase(Locale.ROOT) + (f.nullable() ? ", nullable" : "");
            if (!f.categories().isEmpty()) {
                type += " <span class=\"muted\">(" + f.categories().size() + " categories)</span>";
            }
            h.append("<tr><td>").append(esc(f.name())).append("</td><td>").append(type).append("</td></tr>");
        }
        h.append("</table>");
        if (!version.signature().labels().isEmpty()) {
            h.append("<p>Labels: ");
            version.signature().labels().forEach(l -> h.append("<span class=\"pill\">").append(esc(l)).append("</span>"));
            h.append("</p>");
        }
        h.append("</section>\n");

        h.append("<section><h2>Limitations</h2><ul>");
        for (String l : limitations()) {
            h.append("<li>").append(esc(l)).append("</li>");
        }
        h.append("</ul></section>\n");

        h.append("<section class=\"wide\"><h2>Lineage</h2><ol class=\"lineage\"><li>Model <code>")
                .append(esc(version.id())).append("</code>, bytes <code>").append(esc(version.digest()))
                .append("</code> (").append(esc(version.format())).append(")</li>");
        if (run != null) {
            h.append("<li>trained in run <code>").append(esc(run.id())).append("</code> \"").append(esc(run.name()))
                    .append("\"").append(run.parent() == null ? "" : ", child of <code>" + esc(run.parent()) + "</code>")
                    .append("</li>");
        }
        for (ModelLineage.Node n : lineage.datasets()) {
            h.append("<li>dataset <code>").append(esc(n.id())).append("</code>, ")
                    .append(String.format(Locale.ROOT, "%,d", n.rows())).append(" rows, made by <b>")
                    .append(esc(n.lineage().operation())).append("</b>");
            if (!n.lineage().parents().isEmpty()) {
                h.append(" from ").append(esc(String.join(", ", n.lineage().parents())));
            }
            if (n.lineage().source() != null) {
                h.append(" from source <code>").append(esc(n.lineage().source())).append("</code>");
            }
            h.append("</li>");
        }
        h.append("</ol></section>\n</main></body></html>\n");
        return h.toString();
    }

    static void row(StringBuilder h, String key, String valueHtml) {
        h.append("<tr><th>").append(key).append("</th><td>").append(valueHtml).append("</td></tr>");
    }

    static String fmt(double v) {
        return Double.isNaN(v) ? "n/a" : Math.rint(v) == v && Math.abs(v) < 1e12 ? String.format(Locale.ROOT, "%,.0f", v)
                : String.format(Locale.ROOT, "%.4f", v);
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    private static String roleTitle(dev.lifecycle.api.data.ColumnRole role) {
        return switch (role) {
            case IDENTIFIER -> "Identifiers";
            case WEIGHT -> "Example weight";
            case IGNORED -> "Ignored";
            case TIME -> "Time";
            case GROUP -> "Group";
            default -> role.name();
        };
    }
}
