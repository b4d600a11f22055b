package dev.lifecycle.core.model;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.lifecycle.api.NotFoundException;
import dev.lifecycle.api.evaluation.DecisionThreshold;
import dev.lifecycle.api.model.Model;
import dev.lifecycle.api.model.ModelFormat;
import dev.lifecycle.api.model.ModelVersion;
import dev.lifecycle.api.model.Trainer;
import dev.lifecycle.api.store.JournalEntry;
import dev.lifecycle.api.store.ObjectId;
import dev.lifecycle.api.store.Store;
import dev.lifecycle.core.internal.Context;
import dev.lifecycle.core.internal.Json;
import dev.lifecycle.core.internal.ModelManifest;
import dev.lifecycle.core.internal.RefNames;
import dev.lifecycle.core.internal.Versions;
import dev.lifecycle.core.internal.eval.ThresholdedModel;
import dev.lifecycle.core.tribuo.TribuoProtobufFormat;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * The model registry: immutable, numbered versions per model name (gap-free, safe with many writers
 * in many JVMs), and aliases such as {@code champion} whose every move is journaled.
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public final class ModelRegistry {
    private final Context ctx;
    private final Store store;
    private final List<ModelFormat> formats;
    private final Cache<String, ModelVersion> loaded = Caffeine.newBuilder().maximumSize(16).recordStats().build();

    {
        dev.lifecycle.core.internal.MeterHooks.cache(this, "models", loaded);
    }

    /**
     * Created by {@code Lifecycle}.
     *
     * @param nativeModels whether stored models of natively read formats (XGBoost) are loaded
     * @param more formats besides Tribuo's, tried first when writing (in order) and chosen by id when reading
     */
    ModelRegistry(Context ctx, boolean nativeModels, List<ModelFormat> more) {
        this.ctx = ctx;
        this.store = ctx.store();
        List<ModelFormat> all = new java.util.ArrayList<>(more);
        TribuoProtobufFormat tribuo = new TribuoProtobufFormat(nativeModels);
        all.add(tribuo);
        all.add(new EnsembleFormat(List.copyOf(all)));
        this.formats = List.copyOf(all);
    }

    /**
     * Registers a trained model as the next version of {@code name}.
     *
     * @param trainer the trainer that made it (its name, parameters and seed are recorded)
     * @param datasetId the id of the training dataset version
     */
    public ModelVersion register(String name, Model model, Trainer trainer, String datasetId) {
        return register(name, model, trainer, datasetId, null);
    }

    /**
     * Registers a trained model as the next version of {@code name}, linked to the run that trained it.
     *
     * @param trainer the trainer that made it (its name, parameters and seed are recorded)
     * @param datasetId the id of the training dataset version
     * @param runId the id of the tracked run, or null
     */
    public ModelVersion register(String name, Model model, Trainer trainer, String datasetId, String runId) {
        RefNames.checkName(name, "model name");
        ModelFormat format = formatFor(model);
        byte[] bytes = format.write(model);
        ObjectId modelId = store.put(bytes);
        Instant created = ctx.clock().instant();
        int version = Versions.commitNext(store, prefix(name), n -> store.put(Json.writeStored(new ModelManifest(name, n,
                format.id(), modelId.hex(), model.signature(), trainer.name(), trainer.parameters(), trainer.seed(),
                datasetId, created.toString(), runId))), ctx.actor(), "register " + trainer.name() + " trained on "
                + datasetId + (runId == null ? "" : " in run " + runId));
        return new ModelVersion(name, version, model, trainer.name(), trainer.parameters(), trainer.seed(), datasetId,
                format.id(), modelId.hex(), created, runId);
    }

    /**
     * @return a registered version, its model bytes verified and loaded
     * @throws NotFoundException when it does not exist
     */
    public ModelVersion get(String name, int version) {
        RefNames.checkName(name, "model name");
        ObjectId manifestId = Versions.manifest(store, prefix(name), version);
        if (manifestId == null) {
            throw new NotFoundException("Model " + name + " has no version " + version + "; it has versions "
                    + versions(name));
        }
        ModelVersion v = loaded.get(manifestId.hex(), k -> load(manifestId, name, version));
        if (!v.name().equals(name) || v.version() != version) {
            throw new dev.lifecycle.api.store.StoreDamagedException("The ref of model " + name + "@" + version
                    + " points to the manifest " + manifestId + " of " + v.name() + "@" + v.version()
                    + "; the store was changed outside Lifecycle. Run verify and repair");
        }
        return v;
    }

    /** @return the version numbers of a model, ascending */
    public List<Integer> versions(String name) {
        return Versions.list(store, prefix(RefNames.checkName(name, "model name")));
    }

    /** @return the latest version of a model, if any */
    public Optional<ModelVersion> latest(String name) {
        List<Integer> v = versions(name);
        return v.isEmpty() ? Optional.empty() : Optional.of(get(name, v.get(v.size() - 1)));
    }

    /**
     * Points an alias of a model at a version, atomically, and journals the move.
     *
     * @param reason why, recorded in the history
     * @return the version the alias pointed to before, if any
     */
    public Optional<Integer> setAlias(String name, String alias, ModelVersion target, String reason) {
        Objects.requireNonNull(target, "target");
        if (!target.name().equals(name)) {
            throw new IllegalArgumentException("Alias " + alias + " of model " + name + " cannot point to "
                    + target.id() + ", a version of another model");
        }
        String ref = aliasRef(name, alias);
        while (true) {
            Optional<String> before = store.ref(ref);
            if (store.compareAndSet(ref, before.orElse(null), Integer.toString(target.version()), ctx.actor(),
                    reason)) {
                return before.map(Integer::parseInt);
            }
        }
    }

    /** @return the version an alias points to, if set */
    public Optional<ModelVersion> alias(String name, String alias) {
        return store.ref(aliasRef(name, alias)).map(v -> get(name, version(v, name, alias)));
    }

    /** @return every move of an alias, oldest first */
    public List<JournalEntry> aliasHistory(String name, String alias) {
        String ref = aliasRef(name, alias);
        List<JournalEntry> out = new ArrayList<>();
        for (JournalEntry e : store.journal(ref)) {
            if (e.ref().equals(ref)) {
                out.add(e);
            }
        }
        return out;
    }

    /**
     * Moves an alias only if it still points where the caller last saw it (compare-and-set), for
     * callers that decide the move from the current value.
     *
     * @param expected the version the alias must point to now, or null if it must be unset
     * @param version the version to point it to; it must exist
     * @return true when moved, false when the alias had changed meanwhile (read it again and retry)
     */
    public boolean moveAlias(String name, String alias, Integer expected, int version, String reason) {
        requireVersion(name, version);
        return store.compareAndSet(aliasRef(name, alias), expected == null ? null : expected.toString(),
                Integer.toString(version), ctx.actor(), reason);
    }

    /** @return the version number an alias points to, without loading the model */
    public Optional<Integer> aliasVersion(String name, String alias) {
        return store.ref(aliasRef(name, alias)).map(v -> version(v, name, alias));
    }

    /**
     * Answers "which version held this alias at that time", from the journal: the value set by the
     * last move (in the journal's order) stamped at or before {@code time}. A clock that stepped back
     * does not hide later moves: order comes from the journal's sequence, not from the stamps.
     *
     * @return the version the alias pointed to at {@code time} (moves at exactly {@code time} count),
     *     empty when it was unset then
     */
    public Optional<Integer> aliasAt(String name, String alias, Instant time) {
        Objects.requireNonNull(time, "time");
        String value = null;
        for (JournalEntry e : aliasHistory(name, alias)) {
            if (!e.time().isAfter(time)) {
                value = e.newValue();
            }
        }
        return Optional.ofNullable(value).map(v -> version(v, name, alias));
    }

    private static int version(String value, String name, String alias) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new dev.lifecycle.api.store.StoreDamagedException("Alias " + alias + " of model " + name
                    + " holds '" + value + "', not a version number; set it again with setAlias");
        }
    }

    /** @return the aliases of a model and the versions they point to, sorted by alias */
    public java.util.Map<String, Integer> aliases(String name) {
        String base = prefix(RefNames.checkName(name, "model name")) + "/aliases/";
        java.util.Map<String, Integer> out = new java.util.TreeMap<>();
        store.refs(base).forEach((ref, v) -> out.put(ref.substring(base.length()), version(v, name, ref)));
        return out;
    }

    /**
     * Sets (or, with a null value, removes) a tag of a version. The version itself stays immutable;
     * tags are journaled refs beside it.
     */
    public void tag(String name, int version, String key, String value, String reason) {
        requireVersion(name, version);
        String ref = prefix(name) + "/tags/" + version + "/" + RefNames.checkName(key, "tag key");
        while (true) {
            Optional<String> before = store.ref(ref);
            if (before.isEmpty() && value == null) {
                return;
            }
            if (store.compareAndSet(ref, before.orElse(null), value, ctx.actor(), reason)) {
                return;
            }
        }
    }

    /** @return the tags of a version, sorted by key */
    public java.util.Map<String, String> tags(String name, int version) {
        String base = prefix(RefNames.checkName(name, "model name")) + "/tags/" + version + "/";
        java.util.Map<String, String> out = new java.util.TreeMap<>();
        store.refs(base).forEach((ref, v) -> out.put(ref.substring(base.length()), v));
        return out;
    }

    /** Sets the description of a version (what it is for, caveats); journaled, replaces the previous one. */
    public void describe(String name, int version, String description, String reason) {
        Objects.requireNonNull(description, "description");
        requireVersion(name, version);
        String ref = prefix(name) + "/descriptions/" + version;
        String objectId = store.put(description.getBytes(java.nio.charset.StandardCharsets.UTF_8)).hex();
        while (true) {
            Optional<String> before = store.ref(ref);
            if (before.isPresent() && before.get().equals(objectId)
                    || store.compareAndSet(ref, before.orElse(null), objectId, ctx.actor(), reason)) {
                return;
            }
        }
    }

    /** @return the description of a version, if set */
    public Optional<String> description(String name, int version) {
        return store.ref(prefix(RefNames.checkName(name, "model name")) + "/descriptions/" + version)
                .map(id -> new String(store.get(new ObjectId(id)), java.nio.charset.StandardCharsets.UTF_8));
    }

    /**
     * Sets the decision threshold a version is served, evaluated and gated at (a binary classifier
     * predicts {@code threshold.positiveLabel()} iff its score is at least the threshold). Journaled
     * with the reason, like an alias move; deployments pick it up when they deploy or swap to the version.
     *
     * @throws IllegalArgumentException when the version is not a binary classifier with the threshold's label
     * @throws NotFoundException when the version does not exist
     */
    public void setThreshold(ModelVersion version, DecisionThreshold threshold, String reason) {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(threshold, "threshold");
        Objects.requireNonNull(reason, "reason");
        requireVersion(version.name(), version.version());
        ThresholdedModel.of(version.model(), threshold, version.id());
        String objectId = store.put(Json.write(threshold)).hex();
        String ref = thresholdRef(version.name(), version.version());
        while (true) {
            Optional<String> before = store.ref(ref);
            if (before.isPresent() && before.get().equals(objectId)
                    || store.compareAndSet(ref, before.orElse(null), objectId, ctx.actor(), reason)) {
                return;
            }
        }
    }

    /** Removes the decision threshold of a version (it then serves its model's own labels); journaled. */
    public void clearThreshold(ModelVersion version, String reason) {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(reason, "reason");
        String ref = thresholdRef(version.name(), version.version());
        while (true) {
            Optional<String> before = store.ref(ref);
            if (before.isEmpty() || store.compareAndSet(ref, before.get(), null, ctx.actor(), reason)) {
                return;
            }
        }
    }

    /** @return the decision threshold of a version, if one is set */
    public Optional<DecisionThreshold> threshold(String name, int version) {
        return Optional.ofNullable(ThresholdedModel.stored(store, RefNames.checkName(name, "model name"), version));
    }

    /** @return every change of a version's decision threshold, oldest first, with who, when and why */
    public List<JournalEntry> thresholdHistory(String name, int version) {
        String ref = thresholdRef(name, version);
        List<JournalEntry> out = new ArrayList<>();
        for (JournalEntry e : store.journal(ref)) {
            if (e.ref().equals(ref)) {
                out.add(e);
            }
        }
        return out;
    }

    /** @return the version's model as served: at its decision threshold when one is set */
    public Model served(ModelVersion version) {
        return ThresholdedModel.served(store, version);
    }

    /**
     * Attaches a stored evaluation to a version under a name (e.g. {@code test}); journaled, replaces an
     * evaluation of the same name. Called by {@code Lifecycle.track}.
     */
    public void attachEvaluation(ModelVersion version, String evaluationName, ObjectId evaluation, String reason) {
        requireVersion(version.name(), version.version());
        String ref = evaluationsPrefix(version.name(), version.version()) + RefNames.checkName(evaluationName,
                "evaluation name");
        while (true) {
            Optional<String> before = store.ref(ref);
            if (before.isPresent() && before.get().equals(evaluation.hex())
                    || store.compareAndSet(ref, before.orElse(null), evaluation.hex(), ctx.actor(), reason)) {
                return;
            }
        }
    }

    /**
     * @return the evaluations tracked with a version, by name, read back from the store (metrics, intervals,
     *     slices and fairness; curves and error examples stay in reports)
     */
    public java.util.Map<String, dev.lifecycle.api.evaluation.Evaluation> evaluations(String name, int version) {
        String base = evaluationsPrefix(RefNames.checkName(name, "model name"), version);
        java.util.Map<String, dev.lifecycle.api.evaluation.Evaluation> out = new java.util.TreeMap<>();
        store.refs(base).forEach((ref, id) -> out.put(ref.substring(base.length()),
                dev.lifecycle.core.internal.StoredObjects.manifest(store, new ObjectId(id),
                        dev.lifecycle.core.internal.EvaluationDoc.class, "evaluation " + ref).toEvaluation()));
        return out;
    }

    private static String evaluationsPrefix(String name, int version) {
        return prefix(name) + "/evaluations/" + version + "/";
    }

    /**
     * @return every registry change of a model, oldest first: versions registered, alias moves, tags
     *     and descriptions, each with who, when and why
     */
    public List<JournalEntry> history(String name) {
        return store.journal(prefix(RefNames.checkName(name, "model name")) + "/");
    }

    private void requireVersion(String name, int version) {
        if (Versions.manifest(store, prefix(RefNames.checkName(name, "model name")), version) == null) {
            throw new NotFoundException("Model " + name + " has no version " + version + "; it has versions "
                    + versions(name));
        }
    }

    private ModelFormat formatFor(Model model) {
        for (ModelFormat f : formats) {
            if (f.supports(model)) {
                return f;
            }
        }
        throw new IllegalArgumentException("No model format can store " + model.getClass().getName()
                + "; the built-in formats store Tribuo models and ensembles of them: register a ModelFormat for it"
                + " with Lifecycle.builder().modelFormat(...) or in META-INF/services/" + ModelFormat.class.getName());
    }

    private ModelVersion load(ObjectId manifestId, String name, int version) {
        String what = "model " + name + "@" + version;
        ModelManifest m = dev.lifecycle.core.internal.StoredObjects.manifest(store, manifestId, ModelManifest.class, what);
        if (m.name() == null || m.format() == null || m.model() == null || !m.name().equals(name)
                || m.version() != version) {
            throw new dev.lifecycle.api.store.StoreDamagedException("The manifest " + manifestId + " that " + what
                    + " points to " + (m.name() == null || m.format() == null || m.model() == null
                            ? "is not a model manifest" : "is the manifest of " + m.name() + "@" + m.version())
                    + "; the store was changed outside Lifecycle. Run verify and repair");
        }
        ModelFormat format = formats.stream().filter(f -> f.id().equals(m.format())).findFirst()
                .orElseThrow(() -> new NotFoundException("Model " + m.name() + "@" + m.version() + " is stored in format "
                        + m.format() + ", which this Lifecycle does not know; register that ModelFormat with"
                        + " Lifecycle.builder().modelFormat(...) or in META-INF/services/" + ModelFormat.class.getName()));
        Model model = format.read(dev.lifecycle.core.internal.StoredObjects.get(store, m.model(), what + "'s model bytes"),
                m.signature());
        return new ModelVersion(m.name(), m.version(), model, m.trainer(), m.parameters(), m.seed(), m.dataset(),
                m.format(), m.model(), Instant.parse(m.created()), m.run());
    }

    private static String prefix(String name) {
        return "models/" + name;
    }

    private static String thresholdRef(String name, int version) {
        return ThresholdedModel.ref(RefNames.checkName(name, "model name"), version);
    }

    private static String aliasRef(String name, String alias) {
        return prefix(RefNames.checkName(name, "model name")) + "/aliases/" + RefNames.checkName(alias, "alias");
    }
}
