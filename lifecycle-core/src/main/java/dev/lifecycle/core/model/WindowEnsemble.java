package dev.lifecycle.core.model;

import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.data.Field;
import dev.lifecycle.api.data.FieldType;
import dev.lifecycle.api.data.Lineage;
import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.data.Schema;
import dev.lifecycle.api.data.SchemaMismatchException;
import dev.lifecycle.api.model.Model;
import dev.lifecycle.api.model.OutputType;
import dev.lifecycle.api.model.Prediction;
import dev.lifecycle.api.model.Signature;
import dev.lifecycle.api.model.Trainer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import org.apiguardian.api.API;

/**
 * A classifier for drifting streams: an {@link EnsembleModel} of base trainers' models, each trained on a
 * different window of the latest rows, voting with weights from their accuracy on recent rows they did not
 * train on. The data's row order is taken as time order (oldest first), as the loop's windows are.
 *
 * <p>With windows {@code w}, {@code generations} {@code g} and {@code validation} {@code v} rows: for every
 * window and generation {@code k < g} a member is trained on the {@code w} rows ending {@code k * v} rows
 * before the end. A member of generation {@code k >= 1} is scored on the latest {@code v} rows, which it never
 * saw; a member of generation 0 (trained on everything up to the end) takes the score of its twin of the same
 * window one generation older (trained anyway, also when {@code g = 1}). A member's weight is
 * {@code max(0, accuracy - 1/labels)^power}: chance-level members do not vote, and {@code power} sets how
 * strongly the best windows dominate. With fewer than {@code v + 10} rows every member gets weight 1.
 *
 * <pre>{@code
 * Trainer t = WindowEnsemble.of(Trainers.logisticRegression().seed(7)).windows(500, 1000, 2000, 4000);
 * }</pre>
 *
 * <p>Immutable; rebuilt from its recorded parameters by {@link TrainerCatalog} (name {@code window-ensemble};
 * the base trainer's name is parameter {@code base}, its parameters {@code base.*}; with several base trainers
 * {@code base} lists their names and their parameters are {@code base.0.*}, {@code base.1.*}...). A custom base
 * trainer is rebuilt from a catalog that knows it: register
 * {@code catalog.with(WindowEnsemble.NAME, (p, seed) -> WindowEnsemble.fromParameters(p, seed, catalog))}.
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public final class WindowEnsemble implements Trainer {
    /** The name recorded with every model version this trainer makes. */
    public static final String NAME = "window-ensemble";
    private static final int MIN_ROWS = 10;

    private final List<Trainer> bases;
    private final int[] windows;
    private final int generations;
    private final int validation;
    private final double power;

    private WindowEnsemble(List<Trainer> bases, int[] windows, int generations, int validation, double power) {
        this.bases = bases;
        this.windows = windows;
        this.generations = generations;
        this.validation = validation;
        this.power = power;
    }

    /**
     * @param base trains members (a classification trainer, e.g. logistic regression)
     * @param more further trainers of members (each trains one per window and generation, and the
     *     validation rows weigh them all alike: a choice among trainers by recent accuracy); same seed as
     *     {@code base}
     * @return windows 250, 500, 1000, 2000 and 4000 rows, 2 generations, 500 validation rows, power 2
     */
    public static WindowEnsemble of(Trainer base, Trainer... more) {
        List<Trainer> all = new ArrayList<>();
        all.add(Objects.requireNonNull(base, "base"));
        for (Trainer t : more) {
            all.add(Objects.requireNonNull(t, "trainer"));
        }
        for (Trainer t : all) {
            if (t instanceof WindowEnsemble) {
                throw new IllegalArgumentException("A window ensemble's base trainer cannot be a window ensemble");
            }
            if (t.seed() != base.seed()) {
                throw new IllegalArgumentException("Give the base trainers one seed (the ensemble is rebuilt with one):"
                        + " " + base.name() + " has " + base.seed() + ", " + t.name() + " has " + t.seed());
            }
        }
        if (all.size() > 8) {
            throw new IllegalArgumentException("Give at most 8 base trainers, got " + all.size());
        }
        return new WindowEnsemble(List.copyOf(all), new int[] {250, 500, 1000, 2000, 4000}, 2, 500, 2);
    }

    /** @return a copy training one member per window size (each at least 10 rows) and generation */
    public WindowEnsemble windows(int... rows) {
        if (rows == null || rows.length == 0 || rows.length > 64) {
            throw new IllegalArgumentException("Give 1 to 64 window sizes, got " + (rows == null ? 0 : rows.length));
        }
        for (int w : rows) {
            if (w < MIN_ROWS) {
                throw new IllegalArgumentException("A window must hold at least " + MIN_ROWS + " rows, got " + w);
            }
        }
        int[] sorted = rows.clone();
        Arrays.sort(sorted);
        return new WindowEnsemble(bases, sorted, generations, validation, power);
    }

    /**
     * @return a copy keeping members trained up to {@code n} staggered ends, {@code validation} rows apart
     *     (1 to 16; older generations add voters that knew older regimes)
     */
    public WindowEnsemble generations(int n) {
        if (n < 1 || n > 16) {
            throw new IllegalArgumentException("generations must be between 1 and 16, got " + n);
        }
        return new WindowEnsemble(bases, windows, n, validation, power);
    }

    /** @return a copy scoring members on the latest {@code rows} rows (at least 10) */
    public WindowEnsemble validation(int rows) {
        if (rows < MIN_ROWS) {
            throw new IllegalArgumentException("validation must be at least " + MIN_ROWS + " rows, got " + rows);
        }
        return new WindowEnsemble(bases, windows, generations, rows, power);
    }

    /** @return a copy with this weight exponent (0 gives every scored member above chance the same vote) */
    public WindowEnsemble power(double p) {
        if (!(p >= 0) || p > 64) {
            throw new IllegalArgumentException("power must be between 0 and 64, got " + p);
        }
        return new WindowEnsemble(bases, windows, generations, validation, p);
    }

    /** @return the trainers of the members */
    public List<Trainer> bases() {
        return bases;
    }

    /**
     * Rebuilds a window ensemble from recorded parameters; the base trainer comes from {@code catalog}.
     *
     * @throws IllegalArgumentException naming an unknown or invalid parameter, or a missing {@code base}
     */
    public static WindowEnsemble fromParameters(Map<String, String> parameters, long seed, TrainerCatalog catalog) {
        Map<String, String> p = parameters == null ? Map.of() : parameters;
        String baseName = p.get("base");
        if (baseName == null) {
            throw new IllegalArgumentException("Trainer " + NAME + " needs parameter 'base' (the members' trainer)");
        }
        String[] names = baseName.split(",");
        Trainer[] rebuilt = new Trainer[names.length];
        for (int i = 0; i < names.length; i++) {
            String prefix = names.length == 1 ? "base." : "base." + i + ".";
            Map<String, String> baseParams = new LinkedHashMap<>();
            for (Map.Entry<String, String> e : p.entrySet()) {
                if (e.getKey().startsWith(prefix)) {
                    baseParams.put(e.getKey().substring(prefix.length()), e.getValue());
                }
            }
            rebuilt[i] = catalog.rebuild(names[i].trim(), baseParams, seed);
        }
        WindowEnsemble t = of(rebuilt[0], Arrays.copyOfRange(rebuilt, 1, rebuilt.length));
        for (Map.Entry<String, String> e : p.entrySet()) {
            String k = e.getKey();
            String v = e.getValue().trim();
            try {
                t = switch (k) {
                    case "windows" -> t.windows(Arrays.stream(v.split(",")).mapToInt(s -> Integer.parseInt(s.trim()))
                            .toArray());
                    case "generations" -> t.generations(Integer.parseInt(v));
                    case "validation" -> t.validation(Integer.parseInt(v));
                    case "power" -> t.power(Double.parseDouble(v));
                    default -> {
                        if (k.equals("base") || k.startsWith("base.")) {
                            yield t;
                        }
                        throw new IllegalArgumentException("Trainer " + NAME + " has no parameter '" + k
                                + "'; its parameters are " + t.parameters().keySet());
                    }
                };
            } catch (NumberFormatException ex) {
                throw new IllegalArgumentException("Parameter '" + k + "' of trainer " + NAME + " must be a number"
                        + (k.equals("windows") ? " list (e.g. 500,1000)" : "") + ", got '" + v + "'");
            }
        }
        return t;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, String> parameters() {
        Map<String, String> p = new LinkedHashMap<>();
        StringBuilder names = new StringBuilder();
        for (int i = 0; i < bases.size(); i++) {
            names.append(i == 0 ? "" : ",").append(bases.get(i).name());
        }
        p.put("base", names.toString());
        for (int i = 0; i < bases.size(); i++) {
            String prefix = bases.size() == 1 ? "base." : "base." + i + ".";
            for (Map.Entry<String, String> e : bases.get(i).parameters().entrySet()) {
                p.put(prefix + e.getKey(), e.getValue());
            }
        }
        StringBuilder w = new StringBuilder();
        for (int x : windows) {
            w.append(w.length() == 0 ? "" : ",").append(x);
        }
        p.put("windows", w.toString());
        p.put("generations", Integer.toString(generations));
        p.put("validation", Integer.toString(validation));
        p.put("power", Double.toString(power));
        return p;
    }

    @Override
    public long seed() {
        return bases.get(0).seed();
    }

    @Override
    public EnsembleModel train(DatasetVersion data) {
        Schema schema = data.schema();
        Field target = schema.targetField().orElseThrow(() -> new SchemaMismatchException(null, "Dataset "
                + data.id() + " has no target column; import it with a target to train a " + NAME));
        if (target.type() != FieldType.CATEGORICAL && target.type() != FieldType.BOOLEAN) {
            throw new SchemaMismatchException(target.name(), "Target '" + target.name() + "' of " + data.id() + " is "
                    + target.type() + "; a " + NAME + " is a classifier and needs a categorical or boolean target");
        }
        int n = data.size();
        if (n < MIN_ROWS) {
            throw new SchemaMismatchException(target.name(), "Dataset " + data.id() + " has " + n + " rows; a " + NAME
                    + " needs at least " + MIN_ROWS);
        }
        boolean scored = n >= validation + MIN_ROWS;
        List<Row> heldInputs = new ArrayList<>();
        List<String> truth = new ArrayList<>();
        if (scored) {
            for (int i = n - validation; i < n; i++) {
                heldInputs.add(data.row(i).without(target.name()));
                truth.add(data.target(i));
            }
        }
        List<Model> models = new ArrayList<>();
        List<String> descriptions = new ArrayList<>();
        List<Double> accuracies = new ArrayList<>();
        TreeSet<String> labels = new TreeSet<>();
        double[][] twin = new double[bases.size()][windows.length];
        for (double[] t : twin) {
            Arrays.fill(t, Double.NaN);
        }
        int lastGeneration = scored ? Math.max(generations - 1, 1) : 0;
        for (int k = lastGeneration; k >= 0; k--) {
            int end = n - k * validation;
            for (int bi = 0; bi < bases.size(); bi++) {
                Trainer base = bases.get(bi);
                int previousStart = -1;
                for (int wi = windows.length - 1; wi >= 0; wi--) {
                    int start = Math.max(0, end - windows[wi]);
                    if (end - start < MIN_ROWS || start == previousStart) {
                        if (k == 1 && wi + 1 < windows.length) {
                            twin[bi][wi] = twin[bi][wi + 1]; // the same rows as the larger window: the same score
                        }
                        continue; // too short, or the same rows as a larger window clipped at the start of the data
                    }
                    previousStart = start;
                    Model m = base.train(new RowRange(data, start, end));
                    if (m.signature().outputType() != OutputType.CLASSIFICATION) {
                        throw new IllegalArgumentException("The base trainer " + base.name() + " of a " + NAME
                                + " must be a classifier; it made a " + m.signature().outputType() + " model");
                    }
                    double acc = Double.NaN;
                    if (k >= 1) {
                        acc = accuracy(m, heldInputs, truth);
                        if (k == 1) {
                            twin[bi][wi] = acc;
                        }
                    } else if (scored) {
                        acc = twin[bi][wi];
                    }
                    if (k >= generations) {
                        continue; // a twin that only scores its window
                    }
                    labels.addAll(m.signature().labels());
                    models.add(m);
                    descriptions.add(String.format(Locale.ROOT, "window %d rows %d..%d of %s%s", windows[wi], start + 1,
                            end, data.id(), bases.size() == 1 ? "" : " by " + base.name()));
                    accuracies.add(acc);
                }
            }
        }
        List<String> labelList = List.copyOf(labels);
        double chance = 1.0 / Math.max(2, labelList.size());
        double[] weights = new double[models.size()];
        double sum = 0;
        for (int i = 0; i < weights.length; i++) {
            double a = accuracies.get(i);
            weights[i] = Double.isNaN(a) ? 0 : Math.pow(Math.max(0, a - chance), power);
            sum += weights[i];
        }
        List<EnsembleModel.Member> members = new ArrayList<>();
        for (int i = 0; i < weights.length; i++) {
            double a = accuracies.get(i);
            double w = sum > 0 ? weights[i] : 1.0;
            members.add(new EnsembleModel.Member(models.get(i), w, descriptions.get(i) + (Double.isNaN(a) ? ""
                    : String.format(Locale.ROOT, ", accuracy %.4f on the latest %d rows", a, validation))));
        }
        return EnsembleModel.of(Signature.of(schema, OutputType.CLASSIFICATION, labelList), members);
    }

    private static double accuracy(Model m, List<Row> inputs, List<String> truth) {
        List<Prediction> p = m.predictAll(inputs);
        int ok = 0;
        for (int i = 0; i < p.size(); i++) {
            ok += p.get(i).label().equals(truth.get(i)) ? 1 : 0;
        }
        return (double) ok / p.size();
    }

    @Override
    public String toString() {
        return NAME + parameters();
    }

    /** Rows {@code [from, to)} of a version, as a version of their own for training one member. */
    private record RowRange(DatasetVersion data, int from, int to) implements DatasetVersion {
        @Override
        public String name() {
            return data.name();
        }

        @Override
        public int version() {
            return data.version();
        }

        @Override
        public String id() {
            return data.id() + "[" + (from + 1) + ".." + to + "]";
        }

        @Override
        public String digest() {
            return data.digest() + ":" + from + ":" + to;
        }

        @Override
        public Schema schema() {
            return data.schema();
        }

        @Override
        public Lineage lineage() {
            return data.lineage();
        }

        @Override
        public int size() {
            return to - from;
        }

        @Override
        public Row row(int index) {
            return data.row(check(index));
        }

        @Override
        public double number(String column, int row) {
            return data.number(column, check(row));
        }

        @Override
        public String string(String column, int row) {
            return data.string(column, check(row));
        }

        private int check(int index) {
            if (index < 0 || index >= to - from) {
                throw new IndexOutOfBoundsException("Row " + index + " of " + id() + ", which has " + (to - from));
            }
            return from + index;
        }
    }
}
