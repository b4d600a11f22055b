package dev.lifecycle.core.tribuo;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import dev.lifecycle.api.LifecycleException;
import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.data.FieldType;
import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.model.Model;
import dev.lifecycle.api.model.ModelVersion;
import dev.lifecycle.api.model.Signature;
import dev.lifecycle.core.Lifecycle;
import dev.lifecycle.core.data.Csv;
import dev.lifecycle.core.data.RowSource;
import dev.lifecycle.core.model.Trainers;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.tribuo.common.xgboost.protos.XGBoostModelProto;
import org.tribuo.protos.core.ModelProto;

/**
 * Child JVM of {@link ModelBytesFuzzTest}: trains a logistic regression, a CART tree and an XGBoost model,
 * then reads seeded mutations of their stored bytes and predicts with whatever loads. Prints
 * {@code START kind i} before and {@code RESULT kind i outcome} after each mutation, then {@code DONE}.
 * Outcomes: {@code ok}, {@code typed <class>} or {@code untyped <class>: <message>}.
 *
 * <p>Arguments: kind ({@code lr}, {@code cart} or {@code xgboost}), first index, count.
 */
public final class ModelBytesFuzzMain {
    private ModelBytesFuzzMain() {
    }

    public static void main(String[] args) throws Exception {
        java.util.logging.Logger.getLogger("org.tribuo").setLevel(java.util.logging.Level.OFF);
        String kind = args[0];
        int first = Integer.parseInt(args[1]);
        int count = Integer.parseInt(args[2]);
        List<Row> rows = rows(new SplittableRandom(1), 400, true);
        List<Row> probe = rows(new SplittableRandom(2), 20, false);
        byte[] original;
        Signature signature;
        try (Lifecycle lc = Lifecycle.inMemory()) {
            DatasetVersion data = lc.datasets().importFrom("fuzz", RowSource.of("fuzz",
                    List.of("a", "b", "c", "color", "target"), rows), Csv.forTarget("target")
                            .type("target", FieldType.CATEGORICAL));
            ModelVersion mv = lc.train("fuzz", switch (kind) {
                case "lr" -> Trainers.logisticRegression().seed(1);
                case "cart" -> Trainers.cart().seed(1);
                case "xgboost" -> Trainers.xgboost().trees(20).maxDepth(4).seed(1);
                default -> throw new IllegalArgumentException(kind);
            }, data);
            original = new TribuoProtobufFormat().write(mv.model());
            signature = mv.model().signature();
        }
        TribuoProtobufFormat format = new TribuoProtobufFormat();
        for (int i = first; i < first + count; i++) {
            System.out.println("START " + kind + " " + i);
            System.out.flush();
            String outcome;
            try {
                byte[] mutated = mutate(original, new SplittableRandom(i * 0x9E3779B97F4A7C15L + kind.hashCode()));
                Model m = format.read(mutated, signature);
                for (Row r : probe) {
                    m.predict(r);
                }
                m.predictAll(probe);
                outcome = "ok";
            } catch (LifecycleException e) {
                outcome = "typed " + e.getClass().getSimpleName();
            } catch (Throwable e) {
                outcome = "untyped " + e.getClass().getName() + ": " + String.valueOf(e.getMessage()).replace('\n', ' ');
            }
            System.out.println("RESULT " + kind + " " + i + " " + outcome);
            System.out.flush();
        }
        System.out.println("DONE");
        System.out.flush();
    }

    /** Mutates either the whole file or, more often, only the embedded model payload (keeping the wrapper valid). */
    static byte[] mutate(byte[] original, SplittableRandom r) throws Exception {
        if (r.nextInt(3) == 0) {
            return damage(original, r);
        }
        ModelProto proto = ModelProto.parseFrom(original);
        Any any = proto.getSerializedData();
        if (any.getTypeUrl().endsWith("XGBoostModelProto") && r.nextBoolean()) {
            XGBoostModelProto xp = any.unpack(XGBoostModelProto.class);
            byte[] booster = damage(xp.getModels(0).toByteArray(), r);
            xp = xp.toBuilder().setModels(0, ByteString.copyFrom(booster)).build();
            return proto.toBuilder().setSerializedData(Any.pack(xp)).build().toByteArray();
        }
        byte[] payload = damage(any.getValue().toByteArray(), r);
        return proto.toBuilder().setSerializedData(any.toBuilder().setValue(ByteString.copyFrom(payload))).build()
                .toByteArray();
    }

    private static byte[] damage(byte[] b, SplittableRandom r) {
        byte[] out = b.clone();
        int edits = 1 + r.nextInt(4);
        for (int e = 0; e < edits && out.length > 8; e++) {
            switch (r.nextInt(5)) {
                case 0 -> out[r.nextInt(out.length)] ^= (byte) (1 << r.nextInt(8));
                case 1 -> out[r.nextInt(out.length)] = (byte) r.nextInt(256);
                case 2 -> {
                    int at = r.nextInt(out.length - 4) & ~3;
                    int[] interesting = {0, -1, 1, 0x7fffffff, 0x80000000, 0xffff, 0x7f800000, 0x7fc00000, 2, 3,
                        r.nextInt(64), r.nextInt()};
                    int v = interesting[r.nextInt(interesting.length)];
                    for (int k = 0; k < 4; k++) {
                        out[at + k] = (byte) (v >>> (8 * k));
                    }
                }
                case 3 -> out = java.util.Arrays.copyOf(out, r.nextInt(out.length));
                default -> {
                    int from = r.nextInt(out.length);
                    int to = r.nextInt(out.length);
                    int len = Math.min(1 + r.nextInt(64), Math.min(out.length - from, out.length - to));
                    System.arraycopy(out, from, out, to, len);
                }
            }
        }
        return out;
    }

    static List<Row> rows(SplittableRandom r, int n, boolean withTarget) {
        String[] colors = {"red", "green", "blue"};
        List<Row> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            double a = r.nextGaussian();
            double b = r.nextInt(4);
            double c = r.nextDouble(-2, 2);
            String color = r.nextDouble() < 0.2 ? null : colors[r.nextInt(3)];
            Row.Builder row = Row.builder(5).set("a", a).set("b", b).set("c", c).set("color", color);
            if (withTarget) {
                row.set("target", a + b - c + r.nextGaussian() > 1 ? "yes" : "no");
            }
            out.add(row.build());
        }
        return out;
    }
}
