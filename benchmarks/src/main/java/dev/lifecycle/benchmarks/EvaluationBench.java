package dev.lifecycle.benchmarks;

import dev.lifecycle.api.data.Field;
import dev.lifecycle.api.data.Lineage;
import dev.lifecycle.api.data.Schema;
import dev.lifecycle.api.evaluation.Evaluation;
import dev.lifecycle.core.evaluation.EvaluationOptions;
import dev.lifecycle.core.evaluation.Evaluations;
import dev.lifecycle.core.evaluation.PredictionSet;
import dev.lifecycle.core.evaluation.Slices;
import dev.lifecycle.core.internal.Column;
import dev.lifecycle.core.internal.ColumnarDataset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.evaluation.LabelEvaluation;
import org.tribuo.classification.evaluation.LabelEvaluator;
import org.tribuo.classification.sgd.linear.LogisticRegressionTrainer;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Group {@code evaluation}: evaluating 1M precomputed binary predictions with 20 slices at once
 * (Lifecycle: overall metrics incl. exact AUC, per-slice metrics incl. AUC, curves and calibration)
 * against Tribuo's {@code LabelEvaluator} on the same predictions without slices. Target ratio <= 1.5.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgs = {"-Xmx6g"})
public class EvaluationBench {
    static final int ROWS = 1_000_000;
    static final List<String> LABELS = List.of("0", "1");

    PredictionSet predictions;
    ColumnarDataset data;
    EvaluationOptions options;
    org.tribuo.Model<Label> tribuoModel;
    List<Prediction<Label>> tribuoPredictions;
    SimpleDataSourceProvenance provenance;

    @Setup
    public void setup() {
        Random r = new Random(42);
        int[] truth = new int[ROWS];
        int[] pred = new int[ROWS];
        double[] scores = new double[2 * ROWS];
        int[] region = new int[ROWS];
        double[] amount = new double[ROWS];
        List<String> regions = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            regions.add("r" + i);
        }
        for (int i = 0; i < ROWS; i++) {
            truth[i] = r.nextDouble() < 0.3 ? 1 : 0;
            double p1 = 1 / (1 + Math.exp(-(truth[i] * 1.6 - 0.8 + r.nextGaussian())));
            scores[2 * i] = 1 - p1;
            scores[2 * i + 1] = p1;
            pred[i] = p1 >= 0.5 ? 1 : 0;
            region[i] = r.nextInt(10);
            amount[i] = r.nextDouble() * 100;
        }
        predictions = PredictionSet.classification(LABELS, truth, pred, scores, true);
        Schema schema = new Schema(List.of(Field.categorical("region", regions), Field.numeric("amount"),
                Field.categorical("y", LABELS)), "y");
        data = new ColumnarDataset("bench", 1, schema, new Lineage(List.of(), "bench", null, Map.of()),
                List.of(new Column.Coded(region, regions), new Column.Numeric(amount), new Column.Coded(truth, LABELS)));
        // 10 region slices + 10 amount bins = 20 slices
        options = EvaluationOptions.defaults().slices(Slices.by("region"),
                Slices.bins("amount", 10, 20, 30, 40, 50, 60, 70, 80, 90)).errorExamples(0);

        LabelFactory factory = new LabelFactory();
        MutableDataset<Label> train = new MutableDataset<>(new SimpleDataSourceProvenance("train", factory), factory);
        for (int i = 0; i < 200; i++) {
            train.add(new ArrayExample<>(new Label(LABELS.get(truth[i])), new String[] {"s"},
                    new double[] {scores[2 * i + 1]}));
        }
        tribuoModel = new LogisticRegressionTrainer().train(train);
        provenance = new SimpleDataSourceProvenance("bench", factory);
        tribuoPredictions = new ArrayList<>(ROWS);
        for (int i = 0; i < ROWS; i++) {
            ArrayExample<Label> ex = new ArrayExample<>(new Label(LABELS.get(truth[i])), new String[] {"s"},
                    new double[] {scores[2 * i + 1]});
            Map<String, Label> out = new HashMap<>(4);
            out.put("0", new Label("0", scores[2 * i]));
            out.put("1", new Label("1", scores[2 * i + 1]));
            tribuoPredictions.add(new Prediction<>(out.get(LABELS.get(pred[i])), out, 1, ex, true));
        }
    }

    /** Lifecycle: 1M predictions, overall + 20 slices in one pass, exact AUC everywhere. */
    @Benchmark
    public Evaluation lifecycleWith20Slices() {
        return Evaluations.evaluate(predictions, data, "bench", options);
    }

    /** Tribuo's LabelEvaluator on the same predictions, no slices. */
    @Benchmark
    public double tribuoLabelEvaluator() {
        LabelEvaluation ev = new LabelEvaluator().evaluate(tribuoModel, tribuoPredictions, provenance);
        return ev.accuracy() + ev.AUCROC(new Label("1"));
    }

    /** Candidate and baseline alternated one call each, timed by a {@link PairTimer}: what the harness runs. */
    @Benchmark
    public void interleaved(PairTimer t, Blackhole bh) throws Exception {
        t.interleave(1, () -> bh.consume(lifecycleWith20Slices()), () -> bh.consume(tribuoLabelEvaluator()));
    }
}
