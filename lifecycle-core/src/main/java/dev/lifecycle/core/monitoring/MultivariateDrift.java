package dev.lifecycle.core.monitoring;

import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.data.Field;
import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.data.Schema;
import dev.lifecycle.api.model.Model;
import dev.lifecycle.api.model.Prediction;
import dev.lifecycle.api.model.Trainer;
import dev.lifecycle.api.monitoring.DriftVerdict;
import dev.lifecycle.core.data.DatasetRegistry;
import dev.lifecycle.core.internal.ColumnarDataset;
import dev.lifecycle.core.internal.Shuffle;
import dev.lifecycle.core.internal.eval.Metrics;
import dev.lifecycle.core.model.Trainers;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.apiguardian.api.API;

/**
 * Multivariate drift by a domain classifier: rows of a reference sample are labelled "reference",
 * rows of the current sample "current", and a classifier is trained to tell them apart by seeded,
 * stratified k-fold cross-validation. The AUC of its out-of-fold scores measures how different the
 * joint distributions are: about 0.5 when they are the same, towards 1 when the classifier can tell
 * the samples apart. This catches changes that per-feature detectors cannot see, such as a
 * correlation that flips while every marginal stays the same.
 *
 * <pre>{@code
 * MultivariateDriftReport r = MultivariateDrift.builder().seed(7).build().check(trainingVersion, recentRows);
 * if (r.drifted()) log.warn("inputs changed jointly, mostly {}", r.attribution().get(0).feature());
 * }</pre>
 *
 * <p>Each feature is attributed by permutation importance: the drop of the out-of-fold AUC when that
 * feature's values are shuffled among the held-out rows of each fold. A missing number is encoded as
 * 0 plus an indicator column (permuted together with its feature), a missing category as its own
 * category, booleans as categories. Each side is sampled down to at most {@code maxRows} rows
 * (seeded). With the same seed, the same inputs give an equal report.
 *
 * <p>Immutable and thread-safe. A check trains {@code folds} models, so it belongs off the hot path.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public final class MultivariateDrift {
    private static final String REFERENCE = "reference";
    private static final String CURRENT = "current";
    private static final String MISSING_CATEGORY = "(missing)";

    private final Trainer classifier;
    private final int folds;
    private final double threshold;
    private final int minRows;
    private final int maxRows;
    private final long seed;
    private final List<String> features;

    private MultivariateDrift(Builder b) {
        this.classifier = b.classifier != null ? b.classifier : Trainers.cart().maxDepth(5).minChildWeight(20).seed(b.seed);
        this.folds = b.folds;
        this.threshold = b.threshold;
        this.minRows = b.minRows;
        this.maxRows = b.maxRows;
        this.seed = b.seed;
        this.features = b.features;
    }

    /** @return a builder with the defaults: seeded CART of depth 5 with at least 20 rows a leaf, 5 folds, AUC threshold 0.60, 50 to 5,000 rows per side */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Compares two samples of rows. Without {@link Builder#features} both sides must have the same
     * columns, and every column is a feature.
     *
     * @return the report; its verdict is {@link DriftVerdict#INSUFFICIENT_DATA} (not an alarm, AUC NaN)
     *     when a side has fewer than {@code minRows} rows
     * @throws IllegalArgumentException naming the problem when a side is empty, when the columns differ
     *     or a row lacks one, or when a column mixes numbers and text
     */
    public MultivariateDriftReport check(List<Row> reference, List<Row> current) {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(current, "current");
        nonEmpty(reference, REFERENCE);
        nonEmpty(current, CURRENT);
        List<String> columns = features;
        if (columns == null) {
            columns = reference.get(0).names();
            Set<String> ref = new TreeSet<>(columns);
            Set<String> cur = new TreeSet<>(current.get(0).names());
            if (!ref.equals(cur)) {
                Set<String> onlyRef = new TreeSet<>(ref);
                onlyRef.removeAll(cur);
                Set<String> onlyCur = new TreeSet<>(cur);
                onlyCur.removeAll(ref);
                throw new IllegalArgumentException("Reference and current rows have different columns: only in"
                        + " reference " + onlyRef + ", only in current " + onlyCur + "; pass rows with the same"
                        + " columns or choose the compared columns with MultivariateDrift.builder().features(...)");
            }
        }
        return run(sample(reference, REFERENCE), sample(current, CURRENT), columns);
    }

    /**
     * Compares a sample of at most {@code maxRows} rows of a dataset version (drawn with the seed) with
     * current rows, on the version's feature columns (its target left out) unless
     * {@link Builder#features} chose others. Current rows may carry extra columns; they are ignored.
     *
     * @throws IllegalArgumentException naming the problem, as {@link #check(List, List)}
     */
    public MultivariateDriftReport check(DatasetVersion reference, List<Row> current) {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(current, "current");
        if (reference.size() == 0) {
            throw new IllegalArgumentException("Reference " + reference.id() + " has no rows; pass at least "
                    + minRows + " rows per side");
        }
        nonEmpty(current, CURRENT);
        List<String> columns = features;
        if (columns == null) {
            columns = reference.schema().features().stream().map(Field::name).toList();
        }
        int[] picked = pick(reference.size(), seed);
        List<Row> ref = new ArrayList<>(picked.length);
        for (int i : picked) {
            ref.add(reference.row(i));
        }
        return run(ref, sample(current, CURRENT), columns);
    }

    private void nonEmpty(List<Row> rows, String side) {
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("The " + side + " rows are empty; pass at least " + minRows
                    + " rows per side");
        }
    }

    private List<Row> sample(List<Row> rows, String side) {
        if (rows.size() <= maxRows) {
            return rows;
        }
        int[] picked = pick(rows.size(), seed ^ side.hashCode());
        List<Row> out = new ArrayList<>(picked.length);
        for (int i : picked) {
            out.add(rows.get(i));
        }
        return out;
    }

    /** @return at most maxRows distinct positions below n, in increasing order */
    private int[] pick(int n, long s) {
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        if (n <= maxRows) {
            return all;
        }
        SplittableRandom rnd = new SplittableRandom(s);
        for (int i = 0; i < maxRows; i++) {
            int j = i + rnd.nextInt(n - i);
            int t = all[i];
            all[i] = all[j];
            all[j] = t;
        }
        int[] out = Arrays.copyOf(all, maxRows);
        Arrays.sort(out);
        return out;
    }

    private MultivariateDriftReport run(List<Row> reference, List<Row> current, List<String> columns) {
        if (reference.size() < minRows || current.size() < minRows) {
            return new MultivariateDriftReport(classifier.name(), Double.NaN, threshold,
                    DriftVerdict.INSUFFICIENT_DATA, reference.size(), current.size(), folds, List.of());
        }
        DomainTable table = DomainTable.of(reference, current, columns);
        int n = table.rows.size();
        int nRef = reference.size();
        int[] fold = folds(nRef, n - nRef);
        double[] scores = new double[n];
        double[][] permuted = new double[columns.size()][n];
        DatasetVersion all = DatasetRegistry.part("multivariate-drift", table.schema, table.labelled);
        ColumnarDataset columnar = ColumnarDataset.of(all);
        SplittableRandom rnd = new SplittableRandom(seed + 1);
        for (int f = 0; f < folds; f++) {
            int[] train = positions(fold, f, false);
            int[] held = positions(fold, f, true);
            Model model = classifier.train(columnar.select(train, "multivariate-drift.train", all.lineage()));
            List<Row> heldRows = new ArrayList<>(held.length);
            for (int i : held) {
                heldRows.add(table.rows.get(i));
            }
            fill(scores, held, model.predictAll(heldRows));
            for (int c = 0; c < columns.size(); c++) {
                fill(permuted[c], held, model.predictAll(table.permute(heldRows, c, rnd)));
            }
        }
        double auc = auc(scores, nRef);
        List<MultivariateDriftReport.FeatureAttribution> attribution = new ArrayList<>();
        for (int c = 0; c < columns.size(); c++) {
            attribution.add(new MultivariateDriftReport.FeatureAttribution(columns.get(c),
                    auc - auc(permuted[c], nRef)));
        }
        attribution.sort(Comparator.comparingDouble(MultivariateDriftReport.FeatureAttribution::aucDrop).reversed()
                .thenComparing(MultivariateDriftReport.FeatureAttribution::feature));
        return new MultivariateDriftReport(classifier.name(), auc, threshold,
                auc > threshold ? DriftVerdict.DRIFT : DriftVerdict.STABLE, nRef, n - nRef, folds, attribution);
    }

    /** @return the fold of every row, stratified: each side is shuffled with the seed and dealt round-robin */
    private int[] folds(int nRef, int nCur) {
        int[] fold = new int[nRef + nCur];
        SplittableRandom rnd = new SplittableRandom(seed);
        deal(fold, 0, nRef, rnd);
        deal(fold, nRef, nCur, rnd);
        return fold;
    }

    private void deal(int[] fold, int from, int count, SplittableRandom rnd) {
        int[] order = Shuffle.permutation(count, rnd);
        for (int i = 0; i < count; i++) {
            fold[from + order[i]] = i % folds;
        }
    }

    private static int[] positions(int[] fold, int f, boolean in) {
        return java.util.stream.IntStream.range(0, fold.length).filter(i -> (fold[i] == f) == in).toArray();
    }

    private static void fill(double[] scores, int[] held, List<Prediction> predictions) {
        for (int k = 0; k < held.length; k++) {
            Prediction p = predictions.get(k);
            double s = p.score(CURRENT);
            scores[held[k]] = s == s ? s : CURRENT.equals(p.label()) ? 1 : 0;
        }
    }

    /** @return the AUC of scoring the current rows (positions from nRef on) above the reference rows */
    private static double auc(double[] scores, int nRef) {
        double[] neg = Arrays.copyOfRange(scores, 0, nRef);
        double[] pos = Arrays.copyOfRange(scores, nRef, scores.length);
        Arrays.sort(neg);
        Arrays.sort(pos);
        return Metrics.auc(pos, neg, 0);
    }

    @Override
    public String toString() {
        return "MultivariateDrift[classifier=" + classifier.name() + ", folds=" + folds + ", threshold=" + threshold
                + ", rows=" + minRows + ".." + maxRows + ", seed=" + seed + "]";
    }

    /** The rows of both sides encoded for the classifier. */
    private static final class DomainTable {
        final List<String> columns;
        final boolean[] numeric;
        final boolean[] hasMissing;
        final String target;
        final Schema schema;
        final List<Row> rows;
        final List<Row> labelled;

        private DomainTable(List<String> columns, boolean[] numeric, boolean[] hasMissing, List<Row> rows,
                List<Row> labelled, String target, Schema schema) {
            this.columns = columns;
            this.numeric = numeric;
            this.hasMissing = hasMissing;
            this.rows = rows;
            this.labelled = labelled;
            this.target = target;
            this.schema = schema;
        }

        static DomainTable of(List<Row> reference, List<Row> current, List<String> columns) {
            int m = columns.size();
            boolean[] numeric = new boolean[m];
            boolean[] text = new boolean[m];
            boolean[] missing = new boolean[m];
            for (int side = 0; side < 2; side++) {
                List<Row> rows = side == 0 ? reference : current;
                String name = side == 0 ? REFERENCE : CURRENT;
                for (int r = 0; r < rows.size(); r++) {
                    Row row = rows.get(r);
                    for (int c = 0; c < m; c++) {
                        int pos = row.indexOf(columns.get(c));
                        if (pos < 0) {
                            throw new IllegalArgumentException("Row " + r + " of the " + name + " rows has no column '"
                                    + columns.get(c) + "'; every row needs every compared column " + columns);
                        }
                        if (row.isMissing(pos) || row.isNumber(pos) && Double.isNaN(row.number(pos))) {
                            missing[c] = true;
                        } else if (row.isNumber(pos)) {
                            numeric[c] = true;
                        } else {
                            text[c] = true;
                        }
                        if (numeric[c] && text[c]) {
                            throw new IllegalArgumentException("Column '" + columns.get(c) + "' holds both numbers"
                                    + " and text (row " + r + " of the " + name + " rows: " + row.get(pos)
                                    + "); make it one type on both sides");
                        }
                    }
                }
            }
            Set<String> names = new LinkedHashSet<>(columns);
            String target = "domain";
            while (names.contains(target) || names.contains(target + "?missing")) {
                target = "_" + target;
            }
            List<Field> fields = new ArrayList<>();
            for (int c = 0; c < m; c++) {
                String col = columns.get(c);
                if (numeric[c] || !text[c]) {
                    numeric[c] = true;
                    fields.add(Field.numeric(col));
                    if (missing[c]) {
                        fields.add(Field.numeric(col + "?missing"));
                    }
                } else {
                    fields.add(Field.categorical(col, List.of()));
                }
            }
            fields.add(Field.categorical(target, List.of(REFERENCE, CURRENT)));
            List<Row> encoded = new ArrayList<>(reference.size() + current.size());
            List<Row> labelled = new ArrayList<>(reference.size() + current.size());
            for (int side = 0; side < 2; side++) {
                for (Row row : side == 0 ? reference : current) {
                    Row.Builder b = Row.builder(fields.size());
                    for (int c = 0; c < m; c++) {
                        String col = columns.get(c);
                        int pos = row.indexOf(col);
                        boolean absent = row.isMissing(pos) || row.isNumber(pos) && Double.isNaN(row.number(pos));
                        if (numeric[c]) {
                            b.set(col, absent ? 0.0 : row.number(pos));
                            if (missing[c]) {
                                b.set(col + "?missing", absent ? 1.0 : 0.0);
                            }
                        } else {
                            b.set(col, absent ? MISSING_CATEGORY : row.get(pos).toString());
                        }
                    }
                    Row r = b.build();
                    encoded.add(r);
                    labelled.add(r.with(target, side == 0 ? REFERENCE : CURRENT));
                }
            }
            return new DomainTable(List.copyOf(columns), numeric, missing, encoded, labelled, target,
                    new Schema(fields, target));
        }

        /** @return the rows with column {@code c} (and its missing indicator) shuffled among them */
        List<Row> permute(List<Row> held, int c, SplittableRandom rnd) {
            int n = held.size();
            int[] order = Shuffle.permutation(n, rnd);
            String col = columns.get(c);
            String indicator = col + "?missing";
            List<Row> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                Row source = held.get(order[i]);
                Row r = held.get(i).with(col, source.get(col));
                if (numeric[c] && hasMissing[c]) {
                    r = r.with(indicator, source.get(indicator));
                }
                out.add(r);
            }
            return out;
        }
    }

    /** Configures a {@link MultivariateDrift}; every setter checks its argument. */
    @API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
    public static final class Builder {
        private Trainer classifier;
        private int folds = 5;
        private double threshold = 0.60;
        private int minRows = 50;
        private int maxRows = 5000;
        private long seed = 1;
        private List<String> features;

        private Builder() {
        }

        /**
         * The domain classifier: any classification trainer, e.g. {@code Trainers.logisticRegression()}
         * (default: {@code Trainers.cart().maxDepth(5).minChildWeight(20)} with this builder's seed). Its scores only need to
         * rank; they need not be probabilities.
         */
        public Builder classifier(Trainer trainer) {
            this.classifier = Objects.requireNonNull(trainer, "classifier");
            return this;
        }

        /** The number of cross-validation folds, 2 to 20 (default 5). */
        public Builder folds(int k) {
            if (k < 2 || k > 20) {
                throw new IllegalArgumentException("folds must be between 2 and 20, got " + k);
            }
            this.folds = k;
            return this;
        }

        /** The AUC above which the samples count as drifted, in (0.5, 1) (default 0.60). */
        public Builder threshold(double auc) {
            if (!(auc > 0.5 && auc < 1)) {
                throw new IllegalArgumentException("threshold is an AUC in (0.5, 1), got " + auc
                        + "; 0.5 would flag chance and 1 could never be exceeded");
            }
            this.threshold = auc;
            return this;
        }

        /** The fewest rows per side a check accepts, at least 10 (default 50). */
        public Builder minRows(int rows) {
            if (rows < 10) {
                throw new IllegalArgumentException("minRows must be at least 10, got " + rows);
            }
            this.minRows = rows;
            return this;
        }

        /** Each side is sampled down to this many rows with the seed (default 5,000). */
        public Builder maxRows(int rows) {
            if (rows < 10) {
                throw new IllegalArgumentException("maxRows must be at least 10, got " + rows);
            }
            this.maxRows = rows;
            return this;
        }

        /** Seeds the folds, the sampling, the permutations and the default classifier (default 1). */
        public Builder seed(long s) {
            this.seed = s;
            return this;
        }

        /** Compares only these columns (default: every column of the rows, or a dataset version's features). */
        public Builder features(List<String> columns) {
            if (columns.isEmpty()) {
                throw new IllegalArgumentException("features must name at least one column");
            }
            if (new java.util.HashSet<>(columns).size() != columns.size()) {
                throw new IllegalArgumentException("features names a column twice: " + columns);
            }
            this.features = List.copyOf(columns);
            return this;
        }

        /** @return the configured check */
        public MultivariateDrift build() {
            if (maxRows < minRows) {
                throw new IllegalArgumentException("maxRows (" + maxRows + ") must be at least minRows (" + minRows
                        + ")");
            }
            if (minRows < folds) {
                throw new IllegalArgumentException("minRows (" + minRows + ") must be at least folds (" + folds
                        + ") so every fold holds rows of both sides");
            }
            return new MultivariateDrift(this);
        }
    }
}
