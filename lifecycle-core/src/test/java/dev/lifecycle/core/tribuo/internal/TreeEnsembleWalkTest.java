package dev.lifecycle.core.tribuo.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * The padded walk (all trees level by level) against the pointer walk of the same trees: the same margins
 * bit for bit, on random ensembles of uneven depth and random rows with missing values, extreme values
 * and values equal to thresholds (XGBoost goes right when {@code float(x) >= float(split)}, to the default
 * child when missing).
 */
class TreeEnsembleWalkTest {
    private static final float[] GRID = {-2.5f, -1f, -0.1f, -0f, 0f, Float.MIN_VALUE, 0.1f, 0.3333f, 1f, 2.5f};
    private static final float[] EDGES = {Float.NEGATIVE_INFINITY, -Float.MAX_VALUE, -1f, -Float.MIN_NORMAL,
        -Float.MIN_VALUE, -0f, 0f, Float.MIN_VALUE, Float.MIN_NORMAL, 1f, Float.MAX_VALUE, Float.POSITIVE_INFINITY};

    @Property(tries = 2000)
    void keysOrderAsTheFloatsDo(@ForAll float a, @ForAll float b, @ForAll @IntRange(min = 0, max = 143) int edge) {
        float x = edge < 144 && (edge & 1) == 0 ? EDGES[edge / 2 % EDGES.length] : a;
        float y = edge % 3 == 0 ? EDGES[edge / 3 % EDGES.length] : b;
        if (x != x || y != y) {
            return;
        }
        assertThat(TreeEnsemble.key(x) >= TreeEnsemble.key(y)).as("%s >= %s", x, y).isEqualTo(x >= y);
        assertThat(TreeEnsemble.key(x) == TreeEnsemble.key(y)).as("%s == %s", x, y).isEqualTo(x == y);
    }

    @Property(tries = 300)
    void paddedWalkEqualsPointerWalk(@ForAll @IntRange(min = 1, max = 40) int trees,
            @ForAll @IntRange(min = 0, max = 9) int maxDepth, @ForAll @IntRange(min = 1, max = 25) int features,
            @ForAll @IntRange(min = 1, max = 3) int groups, @ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        TreeEnsemble e = random(r, trees, maxDepth, features, groups);
        float[] x = new float[features];
        float[] padded = new float[groups];
        float[] linked = new float[groups];
        for (int row = 0; row < 50; row++) {
            for (int j = 0; j < features; j++) {
                double u = r.nextDouble();
                x[j] = u < 0.2 ? Float.NaN : u < 0.3 ? EDGES[r.nextInt(EDGES.length)]
                        : u < 0.6 ? GRID[r.nextInt(GRID.length)] : (float) r.nextGaussian();
            }
            e.margins(x, padded);
            e.marginsLinked(x, linked);
            for (int g = 0; g < groups; g++) {
                assertThat(Float.floatToRawIntBits(padded[g])).as("group %d of row %s", g, java.util.Arrays.toString(x))
                        .isEqualTo(Float.floatToRawIntBits(linked[g]));
            }
        }
    }

    /** A leaf-only ensemble (depth 0) and one too deep to pad still score like the pointer walk. */
    @Property(tries = 20)
    void unpaddedShapes(@ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        for (int depth : new int[] {0, TreeEnsemble.PADDED_DEPTH + 2}) {
            TreeEnsemble e = random(r, 5, depth, 4, 1);
            float[] x = {Float.NaN, 0.1f, (float) r.nextGaussian(), -1f};
            float[] a = new float[1];
            float[] b = new float[1];
            e.margins(x, a);
            e.marginsLinked(x, b);
            assertThat(Float.floatToRawIntBits(a[0])).isEqualTo(Float.floatToRawIntBits(b[0]));
        }
    }

    private static TreeEnsemble random(SplittableRandom r, int trees, int maxDepth, int features, int groups) {
        List<int[]> nodes = new ArrayList<>(); // feature, left, right, missing
        List<Float> values = new ArrayList<>();
        int[] roots = new int[trees];
        int[] groupOf = new int[trees];
        for (int t = 0; t < trees; t++) {
            groupOf[t] = t % groups;
            int depth = t == 0 ? maxDepth : r.nextInt(maxDepth + 1);
            roots[t] = grow(r, nodes, values, depth, features, t == 0);
        }
        int n = nodes.size();
        int[] feature = new int[n];
        int[] left = new int[n];
        int[] right = new int[n];
        int[] missing = new int[n];
        float[] value = new float[n];
        float[] cover = new float[n];
        for (int i = 0; i < n; i++) {
            int[] node = nodes.get(i);
            feature[i] = node[0];
            left[i] = node[1];
            right[i] = node[2];
            missing[i] = node[3];
            value[i] = values.get(i);
            cover[i] = 1f;
        }
        return new TreeEnsemble(roots, groupOf, groups, features, (float) r.nextGaussian(), feature, value, left, right,
                missing, cover);
    }

    /** @param full whether every path goes down to {@code depth} (so the ensemble's deepest tree is that deep) */
    private static int grow(SplittableRandom r, List<int[]> nodes, List<Float> values, int depth, int features,
            boolean full) {
        int at = nodes.size();
        if (depth == 0 || (!full && r.nextDouble() < 0.25)) {
            nodes.add(new int[] {-1, -1, -1, -1});
            values.add((float) (r.nextGaussian() * 0.3));
            return at;
        }
        int[] node = new int[4];
        nodes.add(node);
        double u = r.nextDouble();
        values.add(u < 0.1 ? EDGES[1 + r.nextInt(EDGES.length - 2)] // finite, as validated models have
                : u < 0.5 ? GRID[r.nextInt(GRID.length)] : (float) r.nextGaussian());
        node[0] = r.nextInt(features);
        node[1] = grow(r, nodes, values, depth - 1, features, full);
        node[2] = grow(r, nodes, values, depth - 1, features, full);
        node[3] = r.nextBoolean() ? node[1] : node[2];
        return at;
    }
}
