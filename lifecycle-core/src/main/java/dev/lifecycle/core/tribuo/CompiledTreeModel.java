package dev.lifecycle.core.tribuo;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.data.SchemaMismatchException;
import dev.lifecycle.api.model.Model;
import dev.lifecycle.api.model.ModelFormatException;
import dev.lifecycle.api.model.OutputType;
import dev.lifecycle.api.model.Prediction;
import dev.lifecycle.api.model.Signature;
import dev.lifecycle.core.internal.FeatureEncoder;
import dev.lifecycle.core.tribuo.internal.MalformedModelException;
import dev.lifecycle.core.tribuo.internal.TreeEnsemble;
import dev.lifecycle.core.tribuo.internal.XgbLegacyReader;
import dev.lifecycle.core.tribuo.internal.XgbLegacyReader.Link;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.common.xgboost.protos.XGBoostModelProto;
import org.tribuo.impl.ModelDataCarrier;
import org.tribuo.protos.core.ModelProto;

/**
 * An XGBoost model (classification or regression) served in pure Java: its trees are read from the
 * stored Tribuo bytes, validated, and compiled into flat arrays, so neither loading nor predicting
 * calls native code and one row costs about as much as one row of a native batch. Gives the same
 * probabilities as xgboost4j's predict (float arithmetic, XGBoost's missing-value directions, base
 * score and link). Immutable and thread-safe; keeps the stored bytes to write them back unchanged.
 */
@API(status = API.Status.MAINTAINED, since = "0.1.0")
public final class CompiledTreeModel implements Model {
    static final String XGBOOST_CLASS = "org.tribuo.common.xgboost.XGBoostModel";
    private static final String CLASSIFICATION_CONVERTER =
            "org.tribuo.classification.xgboost.XGBoostClassificationConverter";
    private static final String REGRESSION_CONVERTER = "org.tribuo.regression.xgboost.XGBoostRegressionConverter";

    private final byte[] bytes;
    private final Signature signature;
    private final FeatureEncoder encoder;
    private final PredictGuard guard;
    private final TreeEnsemble trees;
    private final Link link;
    private final Map<String, Integer> featureIds;
    /** Class index of the booster → position in the signature's labels. */
    private final int[] labelPosition;
    private final String[] classLabels;
    private volatile Mapping last = new Mapping(new String[0], new int[0]);

    private record Mapping(String[] names, int[] ids) {
    }

    private CompiledTreeModel(byte[] bytes, Signature signature, TreeEnsemble trees, Link link,
            Map<String, Integer> featureIds, int[] labelPosition, String[] classLabels) {
        this.bytes = bytes;
        this.signature = signature;
        this.encoder = new FeatureEncoder(signature.inputs(), Float.MAX_VALUE);
        this.guard = new PredictGuard(signature);
        this.trees = trees;
        this.link = link;
        this.featureIds = featureIds;
        this.labelPosition = labelPosition;
        this.classLabels = classLabels;
    }

    /**
     * Compiles a stored Tribuo XGBoost model whose class names have already been checked.
     *
     * @throws ModelFormatException when the bytes are not a sound XGBoost model for this signature
     */
    static CompiledTreeModel fromXgboost(byte[] bytes, ModelProto proto, Signature signature) {
        XGBoostModelProto xp;
        try {
            xp = proto.getSerializedData().unpack(XGBoostModelProto.class);
        } catch (InvalidProtocolBufferException e) {
            throw new MalformedModelException("Stored XGBoost model is damaged: " + e.getMessage());
        }
        ModelDataCarrier<?> carrier = ModelDataCarrier.deserialize(xp.getMetadata());
        ImmutableFeatureMap features = carrier.featureDomain();
        ImmutableOutputInfo<?> outputs = carrier.outputDomain();
        String converter = xp.getConverter().getClassName();
        boolean regression = signature.outputType() == OutputType.REGRESSION;
        if (!converter.equals(regression ? REGRESSION_CONVERTER : CLASSIFICATION_CONVERTER)) {
            throw new MalformedModelException("Stored XGBoost model converts outputs with '" + converter
                    + "', which does not match its " + signature.outputType() + " signature");
        }
        if (xp.getModelsCount() != 1) {
            throw new MalformedModelException("Stored XGBoost model has " + xp.getModelsCount()
                    + " boosters; one output (one booster) is supported");
        }
        XgbLegacyReader.Booster b = XgbLegacyReader.read(xp.getModels(0).toByteArray(), features.size());
        Map<String, Integer> ids = new HashMap<>();
        for (String name : new FeatureEncoder(signature.inputs()).featureNames()) {
            int id = features.getID(name);
            if (id >= 0 && id < b.trees().features()) {
                ids.put(name, id);
            }
        }
        if (regression) {
            if (b.link() != Link.IDENTITY || outputs.size() != 1) {
                throw new MalformedModelException("Stored XGBoost regression model has objective " + b.objective()
                        + " and " + outputs.size() + " outputs; one identity-link output is needed");
            }
            return new CompiledTreeModel(bytes, signature, b.trees(), b.link(), Map.copyOf(ids), new int[0],
                    new String[0]);
        }
        int classes = b.link() == Link.SOFTMAX ? b.classes() : b.link() == Link.LOGISTIC ? 2 : -1;
        if (classes != outputs.size()) {
            throw new MalformedModelException("Stored XGBoost model has objective " + b.objective() + " with "
                    + classes + " classes, but its label domain has " + outputs.size());
        }
        List<String> labels = signature.labels();
        int[] position = new int[classes];
        String[] classLabels = new String[classes];
        for (int k = 0; k < classes; k++) {
            Object out = outputs.getOutput(k);
            if (!(out instanceof org.tribuo.classification.Label l)) {
                throw new MalformedModelException("Stored XGBoost model has no label for class " + k);
            }
            classLabels[k] = l.getLabel();
            position[k] = labels.indexOf(l.getLabel());
            if (position[k] < 0) {
                throw new MalformedModelException("Stored XGBoost model predicts label '" + l.getLabel()
                        + "', which its signature's labels " + labels + " do not have");
            }
        }
        return new CompiledTreeModel(bytes, signature, b.trees(), b.link(), Map.copyOf(ids), position, classLabels);
    }

    /** @return the stored bytes this model was compiled from (a copy) */
    byte[] bytes() {
        return bytes.clone();
    }

    /** @return the number of compiled trees */
    public int trees() {
        return trees.trees();
    }

    @Override
    public Signature signature() {
        return signature;
    }

    @Override
    public boolean producesProbabilities() {
        return link != Link.IDENTITY;
    }

    @Override
    public Prediction predict(Row row) {
        return guard.identify(score(row), row);
    }

    private Prediction score(Row row) {
        float[] margins = new float[trees.groups()];
        trees.margins(vector(row), margins);
        for (float m : margins) {
            if (!Float.isFinite(m)) {
                throw guard.overflow(row);
            }
        }
        if (link == Link.IDENTITY) {
            return Prediction.ofValue(margins[0]);
        }
        float[] p = link == Link.SOFTMAX ? softmax(margins) : logistic(margins[0]);
        int best = 0;
        float max = Float.NEGATIVE_INFINITY;
        double[] scores = new double[signature.labels().size()];
        Arrays.fill(scores, Double.NaN);
        for (int k = 0; k < p.length; k++) {
            if (p[k] > max) {
                max = p[k];
                best = k;
            }
            scores[labelPosition[k]] = p[k];
        }
        return Prediction.ofLabel(classLabels[best], signature.labels(), scores);
    }

    /**
     * Tree SHAP of one row (see {@link Contributions}): off the serving path.
     *
     * @param label the label to explain; null for the predicted one (binary: the margin is that label's log-odds)
     */
    Explanation explain(Row row, String label) {
        float[] x = vector(row);
        double[][] phi = trees.contributions(x);
        float[] margins = new float[trees.groups()];
        trees.margins(x, margins);
        int group = 0;
        double sign = 1;
        String explained = null;
        if (link != Link.IDENTITY) {
            String want = label != null ? label : score(row).label();
            int k = List.of(classLabels).indexOf(want);
            if (k < 0) {
                throw new IllegalArgumentException("Model " + this + " has no label '" + want + "'; its labels are "
                        + List.of(classLabels));
            }
            explained = want;
            if (link == Link.SOFTMAX) {
                group = k;
            } else {
                sign = k == 1 ? 1 : -1; // the booster's margin is the log-odds of its class 1
            }
        }
        String[] names = new String[trees.features()];
        featureIds.forEach((name, id) -> names[id] = name);
        Map<String, Double> byFeature = new HashMap<>();
        double[] g = phi[group];
        for (int j = 0; j < names.length; j++) {
            if (g[j] != 0) {
                byFeature.merge(names[j] == null ? "feature#" + j : names[j], sign * g[j], Double::sum);
            }
        }
        return Contributions.explanation(signature, explained, sign * margins[group], sign * g[names.length],
                byFeature, "tree-shap");
    }

    @Override
    public List<Prediction> predictAll(List<Row> rows) {
        List<Prediction> out = new ArrayList<>(rows.size());
        for (Row r : rows) {
            out.add(predict(r));
        }
        return out;
    }

    private float[] vector(Row row) {
        FeatureEncoder.Features f;
        try {
            f = encoder.encode(row);
        } catch (SchemaMismatchException e) {
            throw RowMismatch.of(signature, row, e);
        }
        Mapping m = last;
        if (m.names != f.names) {
            int[] ids = new int[f.names.length];
            for (int i = 0; i < ids.length; i++) {
                Integer id = featureIds.get(f.names[i]);
                ids[i] = id == null ? -1 : id;
            }
            m = new Mapping(f.names, ids);
            last = m;
        }
        float[] x = new float[trees.features()];
        Arrays.fill(x, Float.NaN);
        int[] ids = m.ids;
        double[] values = f.values;
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] >= 0) {
                x[ids[i]] = (float) values[i];
            }
        }
        return x;
    }

    private static float[] softmax(float[] margins) {
        float max = margins[0];
        for (float m : margins) {
            max = Math.max(max, m);
        }
        float sum = 0f;
        float[] p = new float[margins.length];
        for (int k = 0; k < p.length; k++) {
            p[k] = (float) Math.exp(margins[k] - max);
            sum += p[k];
        }
        for (int k = 0; k < p.length; k++) {
            p[k] /= sum;
        }
        return p;
    }

    private static float[] logistic(float margin) {
        float p1 = 1f / (1f + (float) Math.exp(-margin));
        return new float[] {1f - p1, p1};
    }

    @Override
    public String toString() {
        return "CompiledTreeModel[xgboost, " + trees.trees() + " trees, " + trees.nodes() + " nodes, "
                + (link == Link.IDENTITY ? signature.target() : List.of(classLabels)) + "]";
    }

}
