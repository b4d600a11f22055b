package dev.lifecycle.core.loop;

import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.model.ModelVersion;
import dev.lifecycle.core.model.AdaptiveEnsemble;
import dev.lifecycle.core.model.EnsembleModel;
import dev.lifecycle.core.model.Reweighting;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The loop's re-weighted ensembles: the versions it serves whose model is an {@link EnsembleModel} are served
 * as {@link AdaptiveEnsemble}s (same version record, live weights), and every joined label moves their weights.
 * Holds the latest two (the champion, and a challenger being rolled out), so its state is bounded.
 */
final class LiveEnsembles {
    private static final int KEEP = 2;

    private final Reweighting config;
    /* guarded by this; access order, eldest evicted */
    private final Map<String, ModelVersion> served = new LinkedHashMap<>(4, 0.75f, true);

    LiveEnsembles(Reweighting config) {
        this.config = config;
    }

    /**
     * @param v the version to serve
     * @param basis the version serving now, whose best members an admitted ensemble may keep
     * @return {@code v} with its ensemble re-weighted live (the same instance for the same version), or
     *     {@code v} itself when its model is not an ensemble
     */
    synchronized ModelVersion serve(ModelVersion v, ModelVersion basis) {
        if (!(v.model() instanceof EnsembleModel e)) {
            return v;
        }
        ModelVersion known = served.get(v.id());
        if (known != null) {
            return known;
        }
        ModelVersion from = basis == null ? null : served.get(basis.id());
        AdaptiveEnsemble live = from != null && from.model() instanceof AdaptiveEnsemble a ? a.admit(e)
                : AdaptiveEnsemble.of(e, config);
        ModelVersion out = new ModelVersion(v.name(), v.version(), live, v.trainer(), v.parameters(), v.seed(),
                v.dataset(), v.format(), v.digest(), v.created(), v.run());
        served.put(v.id(), out);
        if (served.size() > KEEP) {
            var it = served.entrySet().iterator();
            it.next();
            it.remove();
        }
        return out;
    }

    /** Moves the weights of every ensemble held with a joined label. */
    void observe(Row row, String label) {
        List<AdaptiveEnsemble> live = new ArrayList<>(KEEP);
        synchronized (this) {
            for (ModelVersion v : served.values()) {
                live.add((AdaptiveEnsemble) v.model());
            }
        }
        for (AdaptiveEnsemble a : live) {
            a.observe(row, label);
        }
    }

    /** Rebuilds the weights after a restart from labelled rows (target included) the champion was not trained on. */
    void replay(List<Row> labelled, String target) {
        for (Row r : labelled) {
            Object label = r.get(target);
            if (label != null) {
                observe(r.without(target), String.valueOf(label));
            }
        }
    }
}
