package dev.lifecycle.core.tribuo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifecycle.api.model.ModelFormatException;
import dev.lifecycle.core.tribuo.internal.XgbLegacyReader;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;

/** Crafted boosters: structural damage gives a typed error naming it, sound ones score as written. */
@Tag("fast")
class XgbLegacyReaderTest {
    /** One node: left, right, feature (| 0x80000000 for default left), threshold or leaf value. */
    record Node(int left, int right, int feature, float value) {
        static Node leaf(float v) {
            return new Node(-1, -1, 0, v);
        }
    }

    static byte[] booster(String objective, int features, int classes, float baseScore, List<List<Node>> trees,
            int[] groups) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("binf".getBytes(StandardCharsets.US_ASCII));
        ByteBuffer learner = le(136).putFloat(baseScore).putInt(features).putInt(classes).putInt(0).putInt(0)
                .putInt(1).putInt(6).putInt(1);
        out.writeBytes(learner.array());
        string(out, objective);
        string(out, "gbtree");
        out.writeBytes(le(160).putInt(trees.size()).putInt(1).array());
        for (List<Node> tree : trees) {
            out.writeBytes(le(148).putInt(1).putInt(tree.size()).putInt(0).putInt(0).putInt(features).array());
            ByteBuffer nodes = le(tree.size() * 20);
            for (Node n : tree) {
                nodes.putInt(-1).putInt(n.left).putInt(n.right).putInt(n.feature).putFloat(n.value);
            }
            out.writeBytes(nodes.array());
            out.writeBytes(new byte[tree.size() * 16]);
        }
        ByteBuffer g = le(4 * groups.length);
        for (int x : groups) {
            g.putInt(x);
        }
        out.writeBytes(g.array());
        return out.toByteArray();
    }

    private static ByteBuffer le(int n) {
        return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static void string(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeBytes(le(8).putLong(b.length).array());
        out.writeBytes(b);
    }

    /** x0 < 0.5 ? (missing goes left) 1.0 : 2.0 */
    private static List<Node> stump(int left, int right, int feature, float threshold) {
        return List.of(new Node(left, right, feature | 0x80000000, threshold), Node.leaf(1f), Node.leaf(2f));
    }

    @Test
    void soundBoosterScoresWithThresholdsAndDefaultDirections() {
        XgbLegacyReader.Booster b = XgbLegacyReader.read(booster("reg:squarederror", 2, 0, 0.5f,
                List.of(stump(1, 2, 0, 0.5f), List.of(new Node(1, 2, 1, 0f), Node.leaf(10f), Node.leaf(20f))),
                new int[] {0, 0}), 2);
        float[] m = new float[1];
        b.trees().margins(new float[] {0.4f, 1f}, m);
        assertThat(m[0]).isEqualTo(0.5f + 1f + 20f);
        b.trees().margins(new float[] {0.5f, -1f}, m);
        assertThat(m[0]).isEqualTo(0.5f + 2f + 10f);
        b.trees().margins(new float[] {Float.NaN, Float.NaN}, m);
        assertThat(m[0]).as("missing: default left in tree 0, right in tree 1").isEqualTo(0.5f + 1f + 20f);
    }

    @Test
    void damagedStructureIsATypedErrorNamingTheDamage() {
        assertRejected(booster("reg:squarederror", 2, 0, 0.5f, List.of(stump(0, 2, 0, 0.5f)), new int[] {0}), "child 0");
        assertRejected(booster("reg:squarederror", 2, 0, 0.5f, List.of(stump(1, 7, 0, 0.5f)), new int[] {0}), "child 7");
        assertRejected(booster("reg:squarederror", 2, 0, 0.5f, List.of(stump(1, 1, 0, 0.5f)), new int[] {0}), "twice");
        assertRejected(booster("reg:squarederror", 2, 0, 0.5f, List.of(List.of(new Node(1, 2, 0, 0f),
                new Node(2, 0, 0, 0f), Node.leaf(1f))), new int[] {0}), "twice");
        assertRejected(booster("reg:squarederror", 2, 0, 0.5f, List.of(stump(1, 2, 5, 0.5f)), new int[] {0}), "feature 5");
        assertRejected(booster("reg:squarederror", 2, 0, 0.5f, List.of(stump(1, 2, 0, Float.NaN)), new int[] {0}), "NaN");
        assertRejected(booster("reg:squarederror", 2, 0, Float.POSITIVE_INFINITY, List.of(stump(1, 2, 0, 0.5f)),
                new int[] {0}), "base score");
        assertRejected(booster("multi:softprob", 2, 3, 0.5f, List.of(stump(1, 2, 0, 0.5f)), new int[] {3}), "group 3");
        assertRejected(booster("rank:pairwise", 2, 0, 0.5f, List.of(stump(1, 2, 0, 0.5f)), new int[] {0}), "objective");
        assertRejected(booster("reg:squarederror", 9, 0, 0.5f, List.of(stump(1, 2, 0, 0.5f)), new int[] {0}),
                "9 features");
        byte[] sound = booster("reg:squarederror", 2, 0, 0.5f, List.of(stump(1, 2, 0, 0.5f)), new int[] {0});
        assertRejected(java.util.Arrays.copyOf(sound, sound.length - 3), "ends early");
        assertRejected(java.util.Arrays.copyOf(sound, sound.length + 3), "unexpected bytes");
        byte[] manyTrees = sound.clone();
        ByteBuffer.wrap(manyTrees).order(ByteOrder.LITTLE_ENDIAN).putInt(4 + 136 + 8 + 16 + 8 + 6, Integer.MAX_VALUE);
        assertRejected(manyTrees, "trees");
    }

    @Test
    void treesDeeperThanThePaddedLayoutWalkTheirLinks() {
        int depth = 14;
        java.util.ArrayList<Node> tree = new java.util.ArrayList<>();
        // split at level L sits at index 2L: left child (2L+1) is a leaf worth L, right child is the next split
        for (int level = 0; level < depth; level++) {
            tree.add(new Node(2 * level + 1, 2 * level + 2, 0, level + 1f));
            tree.add(Node.leaf(level));
        }
        tree.add(Node.leaf(100f));
        XgbLegacyReader.Booster b = XgbLegacyReader.read(booster("reg:squarederror", 1, 0, 0f, List.of(tree),
                new int[] {0}), 1);
        float[] m = new float[1];
        b.trees().margins(new float[] {5.5f}, m);
        assertThat(m[0]).isEqualTo(5f);
        b.trees().margins(new float[] {Float.NaN}, m);
        assertThat(m[0]).as("missing goes right everywhere").isEqualTo(100f);
        b.trees().margins(new float[] {Float.NEGATIVE_INFINITY}, m);
        assertThat(m[0]).isEqualTo(0f);
    }

    @Test
    void deepChainIsBounded() {
        int depth = XgbLegacyReader.MAX_DEPTH + 5;
        java.util.ArrayList<Node> tree = new java.util.ArrayList<>();
        for (int i = 0; i < 2 * depth + 1; i++) {
            tree.add(i % 2 == 0 && i < 2 * depth ? new Node(i + 1, i + 2, 0, 0f) : Node.leaf(1f));
        }
        assertRejected(booster("reg:squarederror", 1, 0, 0.5f, List.of(tree), new int[] {0}), "deeper");
    }

    private static void assertRejected(byte[] bytes, String message) {
        assertThatThrownBy(() -> XgbLegacyReader.read(bytes, 4)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining(message);
    }
}
