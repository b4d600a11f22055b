package dev.lifecycle.testkit.generators;

import dev.lifecycle.api.data.Field;
import dev.lifecycle.api.data.FieldType;
import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.data.Schema;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.apiguardian.api.API;

/**
 * jqwik generators for schemas, rows that conform to a schema, and labelled datasets with a chosen
 * class balance and an optional planted drift. All of them shrink towards fewer columns, fewer rows
 * and simpler values, so a failing property reports a small dataset.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public final class LifecycleArbitraries {
    /** The name of the target column in generated schemas. */
    public static final String TARGET = "label";

    private LifecycleArbitraries() {
    }

    /** @return schemas of 1 to 6 numeric, categorical or boolean features and a binary target {@value #TARGET} */
    public static Arbitrary<Schema> schemas() {
        Arbitrary<FieldType> types = Arbitraries.of(FieldType.NUMERIC, FieldType.CATEGORICAL, FieldType.BOOLEAN);
        Arbitrary<List<String>> categories = Arbitraries.integers().between(2, 5)
                .map(n -> {
                    List<String> c = new ArrayList<>();
                    for (int i = 0; i < n; i++) {
                        c.add("c" + i);
                    }
                    return c;
                });
        Arbitrary<Field> fields = Combinators.combine(types, categories).as((t, c) -> switch (t) {
            case CATEGORICAL -> Field.categorical("f", c);
            case BOOLEAN -> Field.bool("f");
            default -> Field.numeric("f");
        });
        return fields.list().ofMinSize(1).ofMaxSize(6).map(list -> {
            List<Field> named = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                Field f = list.get(i);
                named.add(new Field("f" + i, f.type(), false, f.categories()));
            }
            named.add(Field.categorical(TARGET, List.of("0", "1")));
            return new Schema(named, TARGET);
        });
    }

    /** @return rows with a value of the right type for every column of the schema */
    public static Arbitrary<Row> rows(Schema schema) {
        List<Arbitrary<Object>> values = new ArrayList<>();
        for (Field f : schema.fields()) {
            values.add(value(f));
        }
        return Combinators.combine(values).as(list -> {
            Row.Builder b = Row.builder(list.size());
            for (int i = 0; i < list.size(); i++) {
                b.set(schema.fields().get(i).name(), list.get(i));
            }
            return b.build();
        });
    }

    /**
     * @return labelled datasets of the given schema and size range where about {@code positiveShare}
     *     of rows have target "1" (labels are drawn independently of the features)
     */
    public static Arbitrary<GeneratedData> datasets(Schema schema, int minRows, int maxRows, double positiveShare) {
        return datasets(schema, minRows, maxRows, positiveShare, 0, 0.0);
    }

    /**
     * Like {@link #datasets(Schema, int, int, double)}, with a planted drift: from row {@code driftFrom}
     * on, every numeric feature is shifted by {@code shift}.
     */
    public static Arbitrary<GeneratedData> datasets(Schema schema, int minRows, int maxRows, double positiveShare,
            int driftFrom, double shift) {
        if (schema.target() == null) {
            throw new IllegalArgumentException("Generated datasets need a schema with a target");
        }
        if (!(positiveShare >= 0 && positiveShare <= 1)) {
            throw new IllegalArgumentException("positiveShare must be in [0, 1], got " + positiveShare);
        }
        Arbitrary<Row> rows = rows(schema.withTarget(null));
        Arbitrary<Double> coin = Arbitraries.doubles().between(0, 1);
        return Combinators.combine(rows, coin).as((r, c) -> labelled(schema, r, c < positiveShare)).list()
                .ofMinSize(minRows).ofMaxSize(maxRows)
                .map(list -> new GeneratedData(schema, drift(schema, list, driftFrom, shift)));
    }

    private static Row labelled(Schema schema, Row row, boolean positive) {
        return row.with(schema.target(), positive ? "1" : "0");
    }

    private static List<Row> drift(Schema schema, List<Row> rows, int from, double shift) {
        if (shift == 0 || from >= rows.size()) {
            return rows;
        }
        List<Row> out = new ArrayList<>(rows.subList(0, Math.max(0, from)));
        for (int i = Math.max(0, from); i < rows.size(); i++) {
            Row r = rows.get(i);
            for (Field f : schema.fields()) {
                if (f.type() == FieldType.NUMERIC && !f.name().equals(schema.target())) {
                    r = r.with(f.name(), r.number(r.indexOf(f.name())) + shift);
                }
            }
            out.add(r);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Arbitrary<Object> value(Field f) {
        Arbitrary<?> a = switch (f.type()) {
            case NUMERIC -> Arbitraries.doubles().between(-100, 100).ofScale(3);
            case BOOLEAN -> Arbitraries.of(false, true);
            case CATEGORICAL -> Arbitraries.of(f.categories());
            case TEXT -> Arbitraries.strings().alpha().ofMaxLength(12);
        };
        return (Arbitrary<Object>) a;
    }
}
