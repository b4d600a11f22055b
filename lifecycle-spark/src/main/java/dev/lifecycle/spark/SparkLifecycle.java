package dev.lifecycle.spark;

import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.data.Schema;
import dev.lifecycle.api.data.ValidationReport;
import dev.lifecycle.api.evaluation.Evaluation;
import dev.lifecycle.api.model.Model;
import dev.lifecycle.api.model.ModelVersion;
import dev.lifecycle.api.model.OutputType;
import dev.lifecycle.api.model.Prediction;
import dev.lifecycle.api.model.Signature;
import dev.lifecycle.api.store.ObjectId;
import dev.lifecycle.core.Lifecycle;
import dev.lifecycle.core.data.DatasetProfile;
import dev.lifecycle.core.data.DatasetRegistry;
import dev.lifecycle.core.data.Expectation;
import dev.lifecycle.core.data.Skew;
import dev.lifecycle.core.evaluation.EvaluationOptions;
import dev.lifecycle.core.evaluation.PartialEvaluation;
import dev.lifecycle.core.evaluation.PredictionSet;
import dev.lifecycle.core.tribuo.TribuoProtobufFormat;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apiguardian.api.API;

/**
 * Lifecycle on Apache Spark: the core's profiles, validation, drift, evaluation and scoring over
 * DataFrames, returning the core's own result types. Nothing is computed twice: every partition runs
 * the core's own profile, expectation and evaluation code on its rows, and the partial results (moved
 * as bytes) are merged with the core's merge in a tree aggregate, so a DataFrame gives the same numbers
 * as the same rows in-process (exactly for counts and sums, within the sketches' stated error for
 * quantiles and distinct counts).
 *
 * <pre>{@code
 * SparkLifecycle onSpark = SparkLifecycle.on(lc);
 * DatasetProfile profile = onSpark.profile(frame);
 * ValidationReport check = onSpark.validate(frame, "adult", () -> List.of(Expectation.range("age", 0, 120)));
 * Evaluation ev = onSpark.evaluate(model, frame, "adult-2026-06", () -> EvaluationOptions.defaults().slices(Slices.by("sex")));
 * Dataset<Row> scored = onSpark.score(model, frame);   // + prediction, scores, model_version
 * }</pre>
 *
 * <p>Each partition is held in memory in the core's columnar form while it is processed; size
 * partitions accordingly (a few million rows each is fine). Thread-safe.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public final class SparkLifecycle {
    /** The column {@link #score} adds with the predicted label (classification) or value (regression). */
    public static final String PREDICTION = "prediction";
    /** The column {@link #score} adds with the class scores by label (null when the model gives none). */
    public static final String SCORES = "scores";
    /** The column {@link #score} adds with the scoring model version ({@code name@version}). */
    public static final String MODEL_VERSION = "model_version";
    private static final int BATCH = 4096;
    private static final Map<String, Model> MODELS = new ConcurrentHashMap<>();

    private final Lifecycle lifecycle;

    private SparkLifecycle(Lifecycle lifecycle) {
        this.lifecycle = Objects.requireNonNull(lifecycle, "lifecycle");
    }

    /** @return Spark operations that read pinned schemas and model versions from this Lifecycle */
    public static SparkLifecycle on(Lifecycle lifecycle) {
        return new SparkLifecycle(lifecycle);
    }

    /**
     * @return the profile of every row of the frame: string columns are categorical, numeric columns numeric
     * @throws IllegalArgumentException naming the column when a column is neither number, string nor boolean
     */
    public DatasetProfile profile(Dataset<Row> frame) {
        return profile(frame, Optional.empty());
    }

    /**
     * The profile of every row of the frame, read as the pinned schema of a dataset says: its column roles
     * (target, identifier, weight, ...) travel into the profile, so a monitor built on it watches only the
     * features, as with {@code DatasetProfile.of} of an imported version.
     *
     * @param datasetName the dataset whose pinned schema applies; without one this is {@link #profile(Dataset)}
     * @throws IllegalArgumentException naming the column when a column is neither number, string nor boolean
     */
    public DatasetProfile profile(Dataset<Row> frame, String datasetName) {
        return profile(frame, lifecycle.datasets().pinnedSchema(datasetName));
    }

    private DatasetProfile profile(Dataset<Row> frame, Optional<Schema> pinned) {
        StructType struct = frame.schema();
        String schema = Frames.toJson(Frames.schemaOf(struct, pinned.map(Schema::target).orElse(null), pinned));
        byte[] merged = frame.javaRDD().mapPartitions((Iterator<Row> rows) -> {
            Optional<DatasetVersion> part = Frames.part("profile", Frames.fromJson(schema, Schema.class), struct, rows);
            return part.map(p -> List.of(DatasetProfile.of(p).toJson().getBytes(StandardCharsets.UTF_8)).iterator())
                    .orElse(Collections.emptyIterator());
        }).treeAggregate(new byte[0], SparkLifecycle::mergeProfiles, SparkLifecycle::mergeProfiles);
        return merged.length == 0 ? new DatasetProfile(0, List.of())
                : DatasetProfile.fromJson(new String(merged, StandardCharsets.UTF_8));
    }

    private static byte[] mergeProfiles(byte[] a, byte[] b) {
        if (a.length == 0) {
            return b;
        }
        if (b.length == 0) {
            return a;
        }
        return DatasetProfile.fromJson(new String(a, StandardCharsets.UTF_8))
                .merge(DatasetProfile.fromJson(new String(b, StandardCharsets.UTF_8)))
                .toJson().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The training/serving skew (drift) of {@code current} against {@code reference}, feature by feature:
     * {@link Skew#compare} on the two distributed profiles.
     */
    public List<Skew.FeatureSkew> drift(Dataset<Row> reference, Dataset<Row> current) {
        return Skew.compare(profile(reference), profile(current));
    }

    /**
     * Validates a frame against the pinned schema of a dataset (when one is pinned) and expectations, as
     * {@link DatasetRegistry#validate(DatasetVersion, List)} validates a version. Failing rows are reported by
     * position in the frame's partition order.
     *
     * @param datasetName the dataset whose pinned schema applies; the report names the frame by it
     * @param expectations builds the expectations on each executor, e.g. {@code () -> List.of(Expectation.notNull("age"))}
     * @throws IllegalArgumentException when the frame has no rows
     */
    public ValidationReport validate(Dataset<Row> frame, String datasetName, Recipe<List<Expectation>> expectations) {
        Objects.requireNonNull(expectations, "expectations");
        Optional<Schema> pinned = lifecycle.datasets().pinnedSchema(datasetName);
        StructType struct = frame.schema();
        Schema actual = Frames.schemaOf(struct, null, pinned);
        String actualJson = Frames.toJson(actual);
        String pinnedJson = pinned.map(Frames::toJson).orElse(null);
        long[] offsets = offsets(frame.javaRDD());
        byte[] merged = frame.javaRDD().mapPartitionsWithIndex((Integer index, Iterator<Row> rows) -> {
            Schema s = Frames.fromJson(actualJson, Schema.class);
            Optional<DatasetVersion> part = Frames.part(datasetName, s, struct, rows);
            if (part.isEmpty()) {
                return Collections.<byte[]>emptyIterator();
            }
            List<byte[]> tallies = new ArrayList<>();
            for (Expectation e : DatasetRegistry.expectationsFor(s, pinnedSchema(pinnedJson), expectations.get())) {
                tallies.add(e.tally(part.get(), offsets[index]).toBytes());
            }
            return List.of(pack(tallies)).iterator();
        }, false).treeAggregate(new byte[0], SparkLifecycle::mergeTallies, SparkLifecycle::mergeTallies);
        if (merged.length == 0) {
            throw new IllegalArgumentException("The frame validated as " + datasetName + " has no rows; validate a"
                    + " frame with at least one row");
        }
        List<Expectation> all = DatasetRegistry.expectationsFor(actual, pinned, expectations.get());
        List<byte[]> tallies = unpack(merged);
        List<ValidationReport.Failure> failures = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            ValidationReport.Failure f = all.get(i).failure(Expectation.Tally.fromBytes(tallies.get(i)));
            if (f != null) {
                failures.add(f);
            }
        }
        long rows = offsets[offsets.length - 1];
        return new ValidationReport(datasetName, (int) Math.min(Integer.MAX_VALUE, rows), failures,
                DatasetRegistry.schemaChanges(actual, pinned));
    }

    private static Optional<Schema> pinnedSchema(String json) {
        return json == null ? Optional.empty() : Optional.of(Frames.fromJson(json, Schema.class));
    }

    private static byte[] mergeTallies(byte[] a, byte[] b) {
        if (a.length == 0) {
            return b;
        }
        if (b.length == 0) {
            return a;
        }
        List<byte[]> x = unpack(a);
        List<byte[]> y = unpack(b);
        List<byte[]> out = new ArrayList<>(x.size());
        for (int i = 0; i < x.size(); i++) {
            out.add(Expectation.Tally.fromBytes(x.get(i)).merge(Expectation.Tally.fromBytes(y.get(i))).toBytes());
        }
        return pack(out);
    }

    /**
     * Evaluates a registered model version on the labelled rows of a frame (rows with a missing target are
     * skipped, as in-process), with the options' slices, in one pass. Slices are listed in the order parts
     * were merged; look them up by name.
     *
     * @param frameName how the evaluation names the data
     * @param options builds the options on each executor, e.g. {@code () -> EvaluationOptions.defaults().slices(Slices.by("sex"))}
     * @throws IllegalArgumentException when the options ask for bootstrap intervals or classifier fairness,
     *     which need every prediction in one place
     */
    public Evaluation evaluate(ModelVersion version, Dataset<Row> frame, String frameName,
            Recipe<EvaluationOptions> options) {
        Objects.requireNonNull(options, "options");
        Signature signature = version.signature();
        String target = signature.target();
        StructType struct = frame.schema();
        if (!List.of(struct.fieldNames()).contains(target)) {
            throw new IllegalArgumentException("The frame " + frameName + " has no column '" + target + "', the target"
                    + " of " + version.id() + "; its columns are " + List.of(struct.fieldNames()));
        }
        List<String> known = new ArrayList<>();
        if (signature.outputType() == OutputType.CLASSIFICATION) {
            for (Row r : frame.select(target).distinct().collectAsList()) {
                if (!r.isNullAt(0)) {
                    known.add(r.get(0).toString());
                }
            }
        }
        String schema = Frames.toJson(Frames.schemaOf(struct, target, Optional.empty(), signature.roles()));
        ModelShipment model = ship(version, frame);
        long[] offsets = offsets(frame.javaRDD());
        byte[] merged = frame.javaRDD().mapPartitionsWithIndex((Integer index, Iterator<Row> rows) -> {
            Optional<DatasetVersion> part = Frames.part(frameName, Frames.fromJson(schema, Schema.class), struct, rows);
            if (part.isEmpty()) {
                return Collections.<byte[]>emptyIterator();
            }
            PredictionSet p = PredictionSet.predict(model.model(), part.get(), known);
            return List.of(PartialEvaluation.of(p, part.get(), offsets[index], options.get()).toBytes()).iterator();
        }, false).treeAggregate(new byte[0], SparkLifecycle::mergeEvaluations, SparkLifecycle::mergeEvaluations);
        if (merged.length == 0) {
            throw new IllegalArgumentException("The frame " + frameName + " has no rows to evaluate " + version.id()
                    + " on");
        }
        return PartialEvaluation.fromBytes(merged).finish(version.id(), frameName, options.get());
    }

    private static byte[] mergeEvaluations(byte[] a, byte[] b) {
        if (a.length == 0) {
            return b;
        }
        if (b.length == 0) {
            return a;
        }
        return PartialEvaluation.fromBytes(a).merge(PartialEvaluation.fromBytes(b)).toBytes();
    }

    /**
     * Scores every row of a frame with a registered model version. The model's bytes are broadcast once
     * and read once per executor JVM; each partition maps its columns to the model's inputs once and
     * predicts in batches. The result is the frame with three more columns: {@value #PREDICTION} (the label
     * as a string, or the value as a double for regression), {@value #SCORES} (a map from label to score,
     * null when the model gives none) and {@value #MODEL_VERSION}, so it can be stored as a prediction log.
     *
     * @throws IllegalArgumentException when the frame lacks one of the model's inputs or a column is of a
     *     type Lifecycle does not read
     */
    public Dataset<Row> score(ModelVersion version, Dataset<Row> frame) {
        Signature signature = version.signature();
        StructType struct = frame.schema();
        List<String> inputs = new ArrayList<>();
        List<String> have = List.of(struct.fieldNames());
        for (var f : signature.inputs()) {
            if (!have.contains(f.name())) {
                throw new IllegalArgumentException("The frame has no column '" + f.name() + "', an input of "
                        + version.id() + "; its columns are " + have + ". Add it, or select the model's inputs "
                        + signature.inputs().stream().map(dev.lifecycle.api.data.Field::name).toList());
            }
            inputs.add(f.name());
        }
        Frames.schemaOf(struct, null, Optional.empty());
        boolean regression = signature.outputType() == OutputType.REGRESSION;
        StructType out = struct
                .add(PREDICTION, regression ? DataTypes.DoubleType : DataTypes.StringType, false)
                .add(SCORES, DataTypes.createMapType(DataTypes.StringType, DataTypes.DoubleType, false), true)
                .add(MODEL_VERSION, DataTypes.StringType, false);
        ModelShipment model = ship(version, frame);
        String id = version.id();
        JavaRDD<Row> scored = frame.javaRDD().mapPartitions(
                (Iterator<Row> rows) -> scorePartition(model.model(), struct, inputs, regression, id, rows));
        return frame.sparkSession().createDataFrame(scored, out);
    }

    private static Iterator<Row> scorePartition(Model m, StructType struct, List<String> inputs, boolean regression,
            String id, Iterator<Row> rows) {
        Frames.RowReader reader = new Frames.RowReader(struct, inputs);
        int width = struct.fields().length;
        return new Iterator<Row>() {
            private final List<Row> source = new ArrayList<>(BATCH);
            private final List<dev.lifecycle.api.data.Row> batch = new ArrayList<>(BATCH);
            private List<Prediction> predictions = List.of();
            private int next;

            @Override
            public boolean hasNext() {
                if (next < predictions.size()) {
                    return true;
                }
                source.clear();
                batch.clear();
                while (batch.size() < BATCH && rows.hasNext()) {
                    Row r = rows.next();
                    source.add(r);
                    batch.add(reader.read(r));
                }
                predictions = batch.isEmpty() ? List.of() : m.predictAll(batch);
                next = 0;
                return !predictions.isEmpty();
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new java.util.NoSuchElementException();
                }
                Row r = source.get(next);
                Prediction p = predictions.get(next++);
                Object[] values = new Object[width + 3];
                for (int i = 0; i < width; i++) {
                    values[i] = r.get(i);
                }
                values[width] = regression ? (Object) p.value() : p.label();
                values[width + 1] = scores(p);
                values[width + 2] = id;
                return RowFactory.create(values);
            }
        };
    }

    private static scala.collection.Map<String, Object> scores(Prediction p) {
        if (!p.hasScores()) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        double[] s = p.scores();
        for (int i = 0; i < s.length; i++) {
            m.put(p.labels().get(i), s[i]);
        }
        return scala.jdk.javaapi.CollectionConverters.asScala(m);
    }

    /** The model's bytes, broadcast once; {@link #model()} reads them once per JVM. */
    private record ModelShipment(String key, Broadcast<byte[]> bytes, String signature) implements java.io.Serializable {
        Model model() {
            return MODELS.computeIfAbsent(key, k -> new TribuoProtobufFormat().read(bytes.value(),
                    Frames.fromJson(signature, Signature.class)));
        }
    }

    private ModelShipment ship(ModelVersion version, Dataset<Row> frame) {
        TribuoProtobufFormat format = new TribuoProtobufFormat();
        if (!format.id().equals(version.format())) {
            throw new IllegalArgumentException("Model " + version.id() + " is stored in format " + version.format()
                    + "; lifecycle-spark ships models in " + format.id() + " only");
        }
        byte[] bytes = lifecycle.store().get(new ObjectId(version.digest()));
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(frame.sparkSession().sparkContext());
        return new ModelShipment(version.id() + "#" + version.digest(), sc.broadcast(bytes),
                Frames.toJson(version.signature()));
    }

    /** @return the position of each partition's first row, and the row count last */
    private static long[] offsets(JavaRDD<Row> rdd) {
        List<long[]> sizes = rdd.mapPartitionsWithIndex((Integer index, Iterator<Row> rows) -> {
            long n = 0;
            while (rows.hasNext()) {
                rows.next();
                n++;
            }
            return List.of(new long[] {index, n}).iterator();
        }, false).collect();
        long[] offsets = new long[sizes.size() + 1];
        long[] counts = new long[sizes.size()];
        for (long[] s : sizes) {
            counts[(int) s[0]] = s[1];
        }
        for (int i = 0; i < counts.length; i++) {
            offsets[i + 1] = offsets[i] + counts[i];
        }
        return offsets;
    }

    private static byte[] pack(List<byte[]> parts) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(parts.size());
            for (byte[] p : parts) {
                out.writeInt(p.length);
                out.write(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static List<byte[]> unpack(byte[] packed) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(packed))) {
            int n = in.readInt();
            List<byte[]> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                byte[] p = new byte[in.readInt()];
                in.readFully(p);
                out.add(p);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
