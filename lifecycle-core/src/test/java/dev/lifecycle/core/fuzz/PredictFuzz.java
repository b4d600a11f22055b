package dev.lifecycle.core.fuzz;

import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.data.Field;
import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.data.SchemaMismatchException;
import dev.lifecycle.api.deployment.Deployment;
import dev.lifecycle.api.model.ModelVersion;
import dev.lifecycle.api.model.Prediction;
import dev.lifecycle.api.model.Trainer;
import dev.lifecycle.core.Lifecycle;
import dev.lifecycle.core.data.Csv;
import dev.lifecycle.core.data.RowSource;
import dev.lifecycle.core.model.Trainers;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Generates rows that are mostly wrong (random types, NaN, infinities, null, huge and tiny numbers,
 * unknown categories, numeric forms of integer-coded categories, missing, extra and renamed columns)
 * and classifies what a deployment does with each: a valid prediction, a {@link SchemaMismatchException}
 * naming one of the model's features, or anything else (a bug).
 */
final class PredictFuzz {
    static final List<String> COLUMNS = List.of("id", "x1", "x2", "color", "code", "region", "flag", "label");
    private static final String[] COLORS = {"red", "green", "blue"};
    private static final String[] REGIONS = {"north", "south"};

    /** The outcome counts of a run. */
    static final class Tally {
        long ok;
        long mismatch;
        long other;
        long rows;
        final Map<String, Integer> otherKinds = new LinkedHashMap<>();

        @Override
        public String toString() {
            return rows + " rows: " + ok + " valid predictions, " + mismatch + " SchemaMismatchException naming a feature, "
                    + other + " other outcomes " + otherKinds;
        }
    }

    private PredictFuzz() {
    }

    /** @return training data with an identifier, a nullable categorical and an integer-coded categorical */
    static DatasetVersion data(Lifecycle lc, int n, long seed) {
        Random rnd = new Random(seed);
        List<Row> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            double x1 = rnd.nextGaussian() * 10;
            double x2 = rnd.nextDouble() * 1000;
            String color = COLORS[rnd.nextInt(3)];
            int code = 1 + rnd.nextInt(3);
            String region = rnd.nextInt(10) == 0 ? null : REGIONS[rnd.nextInt(2)];
            boolean flag = rnd.nextBoolean();
            double s = x1 / 10 + (color.equals("red") ? 1 : 0) - (code == 3 ? 1 : 0) + (flag ? 0.5 : -0.5)
                    + x2 / 1000 + rnd.nextGaussian() * 0.5;
            rows.add(Row.of("id", "R" + i, "x1", x1, "x2", x2, "color", color, "code", code, "region", region,
                    "flag", flag, "label", s > 0.5 ? "yes" : "no"));
        }
        return lc.datasets().importFrom("fuzz", RowSource.of("fuzz rows", COLUMNS, rows),
                Csv.forTarget("label").identifier("id").categorical("code"));
    }

    static Trainer trainer(String kind) {
        return switch (kind) {
            case "lr" -> Trainers.logisticRegression().seed(7);
            case "cart" -> Trainers.cart().maxDepth(6).seed(7);
            case "xgboost" -> Trainers.xgboost().seed(7);
            default -> throw new IllegalArgumentException(kind);
        };
    }

    /** @return a valid row for the model, then 0 to 3 random mutations */
    static Row row(Random rnd, long i) {
        Row.Builder b = Row.builder(8);
        b.set("id", "Q" + i);
        b.set("x1", rnd.nextGaussian() * 10);
        b.set("x2", rnd.nextDouble() * 1000);
        b.set("color", COLORS[rnd.nextInt(3)]);
        b.set("code", rnd.nextBoolean() ? (Object) Integer.toString(1 + rnd.nextInt(3)) : (Object) (1 + rnd.nextInt(3)));
        b.set("region", rnd.nextInt(5) == 0 ? null : REGIONS[rnd.nextInt(2)]);
        b.set("flag", rnd.nextBoolean());
        Row row = b.build();
        int mutations = rnd.nextInt(4);
        for (int m = 0; m < mutations; m++) {
            String col = row.size() == 0 ? "x1" : row.name(rnd.nextInt(row.size()));
            switch (rnd.nextInt(6)) {
                case 0, 1, 2 -> row = row.with(col, value(rnd));
                case 3 -> row = row.without(col);
                case 4 -> row = row.has("extra" + m) ? row : row.with("extra" + m, value(rnd));
                default -> {
                    String renamed = rnd.nextBoolean() ? col.toUpperCase(java.util.Locale.ROOT) : col + " ";
                    Object v = row.get(col);
                    row = row.without(col);
                    if (!row.has(renamed)) {
                        row = row.with(renamed, v);
                    }
                }
            }
        }
        return row;
    }

    static Object value(Random rnd) {
        return switch (rnd.nextInt(34)) {
            case 0 -> null;
            case 1 -> Double.NaN;
            case 2 -> Double.POSITIVE_INFINITY;
            case 3 -> Double.NEGATIVE_INFINITY;
            case 4 -> Double.MAX_VALUE;
            case 5 -> -Double.MAX_VALUE;
            case 6 -> 1e300 * (rnd.nextBoolean() ? 1 : -1);
            case 7 -> Double.MIN_VALUE;
            case 8 -> 1e-300;
            case 9 -> -0.0;
            case 10 -> rnd.nextInt();
            case 11 -> Long.MAX_VALUE;
            case 12 -> Float.MAX_VALUE;
            case 13 -> Float.NaN;
            case 14 -> BigInteger.TEN.pow(400);
            case 15 -> new BigDecimal("1e-400");
            case 16 -> randomString(rnd);
            case 17 -> "";
            case 18 -> "red";
            case 19 -> "RED";
            case 20 -> "2";
            case 21 -> "2.0";
            case 22 -> " 2";
            case 23 -> "1e0";
            case 24 -> "NaN";
            case 25 -> "Infinity";
            case 26 -> rnd.nextBoolean();
            case 27 -> (short) rnd.nextInt(5);
            case 28 -> 2.0;
            case 29 -> 4;
            case 30 -> "north";
            case 31 -> "true";
            case 32 -> rnd.nextGaussian() * 1e6;
            default -> 3.5;
        };
    }

    private static String randomString(Random rnd) {
        StringBuilder sb = new StringBuilder();
        int n = rnd.nextInt(6);
        for (int i = 0; i < n; i++) {
            sb.append((char) rnd.nextInt(0x3000));
        }
        return sb.toString();
    }

    /** Predicts one row and adds its outcome to the tally. */
    static void check(Deployment dep, ModelVersion m, Row row, Tally t) {
        t.rows++;
        List<String> inputs = m.signature().inputs().stream().map(Field::name).toList();
        try {
            Prediction p = dep.predict(row);
            String problem = invalid(m, row, p);
            if (problem == null) {
                t.ok++;
            } else {
                other(t, "invalid prediction: " + problem);
            }
        } catch (SchemaMismatchException e) {
            if (e.feature() != null && inputs.contains(e.feature()) && e.getMessage().contains(e.feature())) {
                t.mismatch++;
            } else {
                other(t, "SchemaMismatchException naming '" + e.feature() + "': " + e.getMessage());
            }
        } catch (RuntimeException | Error e) {
            other(t, e.getClass().getName() + ": " + e.getMessage() + " for " + row);
        }
    }

    private static String invalid(ModelVersion m, Row row, Prediction p) {
        if (p.label() == null || !m.signature().labels().contains(p.label())) {
            return "label " + p.label();
        }
        if (p.hasScores()) {
            for (double s : p.scores()) {
                if (!Double.isFinite(s)) {
                    return "score " + s;
                }
            }
        }
        Object id = row.get("id");
        if (id != null && !id.equals(p.identifier("id"))) {
            return "identifier " + p.identifier("id") + " for row id " + id;
        }
        return null;
    }

    private static void other(Tally t, String what) {
        t.other++;
        String key = what.length() > 300 ? what.substring(0, 300) : what;
        if (t.otherKinds.size() < 20) {
            t.otherKinds.merge(key, 1, Integer::sum);
        }
    }
}
