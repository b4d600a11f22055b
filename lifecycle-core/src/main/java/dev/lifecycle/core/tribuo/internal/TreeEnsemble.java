package dev.lifecycle.core.tribuo.internal;

/**
 * Decision trees compiled into flat arrays: one row is scored by walking each tree from its root,
 * comparing the row's value (as a {@code float}, like XGBoost) with the node's threshold, going left
 * when the value is below it and to the node's default child when the value is missing ({@code NaN}).
 * Leaves add their value to the margin of the tree's output group, in float, tree by tree.
 *
 * <p>Trees up to {@link #PADDED_DEPTH} deep are stored as complete binary trees (a shallower leaf is
 * padded with nodes that always go left), so a walk is a fixed number of steps of index arithmetic
 * with no branch to mispredict. Missing values need no test either: each feature is offered twice, with
 * a missing value as -infinity (for nodes whose default is left) and as +infinity (default right).
 *
 * <p>Built only by {@link XgbLegacyReader} after validation: every child index is in range, every tree
 * is acyclic, every feature index is below {@link #features()} and every number is finite. Immutable.
 */
public final class TreeEnsemble {
    /** Trees at most this deep are padded to complete trees of the deepest tree's depth. */
    static final int PADDED_DEPTH = 10;
    private static final int MAX_PADDED_NODES = 1 << 22;

    private static final int NEGATIVE_INFINITY_KEY = key(Float.NEGATIVE_INFINITY);
    private static final int POSITIVE_INFINITY_KEY = key(Float.POSITIVE_INFINITY);
    private final int[] roots;
    private final int[] groupOf;
    private final int groups;
    private final int features;
    private final float baseMargin;
    private final int nodes;
    // pointer layout (any depth); feature indices point into the doubled row
    private final int[] feature;
    private final float[] value;
    private final int[] left;
    private final int[] right;
    /** Per node, the sum of hessians of the training rows that reached it (0 when unknown). */
    private final float[] cover;
    /** Depth of the padded trees, or -1 when some tree is too deep to pad. */
    private final int paddedDepth;
    /**
     * The padded trees' internal nodes, level by level and, within a level, tree by tree: node {@code p} of
     * level {@code L} of tree {@code t} is at {@code trees * (2^L - 1) + (t << L) + p}. Each holds the
     * threshold's {@link #key} less one in its high half and the feature slot in its low half, so a step of a
     * walk is one load.
     */
    private final long[] paddedNode;
    /** The padded trees' leaves: leaf {@code p} of tree {@code t} is at {@code (t << depth) + p}. */
    private final float[] leaves;

    TreeEnsemble(int[] roots, int[] groupOf, int groups, int features, float baseMargin, int[] feature, float[] value,
            int[] left, int[] right, int[] missing, float[] cover) {
        this.roots = roots;
        this.groupOf = groupOf;
        this.groups = groups;
        this.features = features;
        this.baseMargin = baseMargin;
        this.nodes = feature.length;
        int[] doubled = new int[feature.length];
        for (int n = 0; n < feature.length; n++) {
            doubled[n] = feature[n] < 0 ? -1 : missing[n] == left[n] ? feature[n] : feature[n] + features;
        }
        this.feature = doubled;
        this.value = value;
        this.left = left;
        this.right = right;
        this.cover = cover;
        int deepest = 0;
        for (int root : roots) {
            deepest = Math.max(deepest, depthOf(root));
        }
        long uniform = (long) roots.length << (deepest + 1);
        if (deepest > PADDED_DEPTH || uniform > MAX_PADDED_NODES) {
            this.paddedDepth = -1;
            this.paddedNode = null;
            this.leaves = null;
            return;
        }
        this.paddedDepth = deepest;
        this.paddedNode = new long[roots.length * ((1 << deepest) - 1)];
        this.leaves = new float[roots.length << deepest];
        for (int t = 0; t < roots.length; t++) {
            pad(t, roots[t], 0, 0);
        }
    }

    private int depthOf(int root) {
        int max = 0;
        int[] stack = new int[64];
        int[] d = new int[64];
        int sp = 0;
        stack[sp] = root;
        d[sp++] = 0;
        while (sp > 0) {
            int n = stack[--sp];
            int nd = d[sp];
            max = Math.max(max, nd);
            if (feature[n] >= 0 && nd < PADDED_DEPTH + 1) {
                if (sp + 2 > stack.length) {
                    stack = java.util.Arrays.copyOf(stack, stack.length * 2);
                    d = java.util.Arrays.copyOf(d, d.length * 2);
                }
                stack[sp] = left[n];
                d[sp++] = nd + 1;
                stack[sp] = right[n];
                d[sp++] = nd + 1;
            }
        }
        return max;
    }

    /** Fills node {@code p} of level {@code level} of padded tree {@code t} from node {@code n}. */
    private void pad(int t, int n, int p, int level) {
        if (level == paddedDepth) {
            leaves[(t << level) + p] = value[n];
            return;
        }
        int at = roots.length * ((1 << level) - 1) + (t << level) + p;
        if (feature[n] < 0) {
            // the always-zero slot: 0 >= +inf is false, so always left
            paddedNode[at] = node(2 * features, Float.POSITIVE_INFINITY);
            pad(t, n, 2 * p, level + 1);
            pad(t, n, 2 * p + 1, level + 1);
            return;
        }
        paddedNode[at] = node(feature[n], value[n]);
        pad(t, left[n], 2 * p, level + 1);
        pad(t, right[n], 2 * p + 1, level + 1);
    }

    /** See {@link #paddedNode}: a value goes right when the node's high half minus its key is negative. */
    private static long node(int featureSlot, float threshold) {
        return (long) (key(threshold) - 1) << 32 | featureSlot;
    }

    /** @return the number of features a row vector must have */
    public int features() {
        return features;
    }

    /** @return the number of output groups (classes for multi-class, else 1) */
    public int groups() {
        return groups;
    }

    /** @return the number of trees */
    public int trees() {
        return roots.length;
    }

    /** @return the number of nodes over all trees (as stored, before padding) */
    public int nodes() {
        return nodes;
    }

    /**
     * Adds up the trees' leaves for one row.
     *
     * @param x the row, {@link #features()} long, {@code NaN} where a value is missing
     * @param margins receives {@link #groups()} margins (base margin plus the leaves of each group's trees)
     */
    public void margins(float[] x, float[] margins) {
        for (int g = 0; g < groups; g++) {
            margins[g] = baseMargin;
        }
        if (leaves != null) {
            padded(keys(x), margins);
        } else {
            linked(doubled(x), margins);
        }
    }

    /** The row offered twice (missing as -inf, then as +inf), then the always-zero slot padding nodes read. */
    private float[] doubled(float[] x) {
        int f = features;
        float[] xx = new float[2 * f + 1];
        for (int j = 0; j < f; j++) {
            float v = x[j];
            boolean missing = v != v;
            xx[j] = missing ? Float.NEGATIVE_INFINITY : v;
            xx[j + f] = missing ? Float.POSITIVE_INFINITY : v;
        }
        return xx;
    }

    /** As {@link #doubled}, each value as its {@link #key}. */
    private long[] keys(float[] x) {
        int f = features;
        long[] xx = new long[2 * f + 1];
        for (int j = 0; j < f; j++) {
            float v = x[j];
            boolean missing = v != v;
            xx[j] = missing ? NEGATIVE_INFINITY_KEY : key(v);
            xx[j + f] = missing ? POSITIVE_INFINITY_KEY : key(v);
        }
        return xx;
    }

    /**
     * @return an int that orders as {@code v} does among floats that are not NaN, {@code -0.0} equal to
     *     {@code 0.0}: the bits, with the magnitude bits of negative values flipped
     */
    static int key(float v) {
        int bits = Float.floatToRawIntBits(v + 0.0f);
        return bits ^ (bits >> 31 & 0x7fff_ffff);
    }

    /**
     * Tree SHAP (Lundberg et al. 2018, as XGBoost's {@code predict_contribs}): each feature's additive
     * contribution to each group's margin for one row, weighing unseen paths by the nodes' training cover.
     *
     * @param x the row, {@link #features()} long, {@code NaN} where a value is missing
     * @return {@code [groups][features + 1]}: contributions, then the bias (base margin plus the trees'
     *     cover-weighted mean leaf); each group's row sums to its margin up to rounding
     */
    public double[][] contributions(float[] x) {
        return TreeShap.contributions(this, x);
    }

    int[] rootsArray() {
        return roots;
    }

    int[] groupOfArray() {
        return groupOf;
    }

    float baseMargin() {
        return baseMargin;
    }

    /** @return the original feature of an internal node, or -1 for a leaf */
    int featureOf(int node) {
        int f = feature[node];
        return f < 0 ? -1 : f >= features ? f - features : f;
    }

    /** @return the child a row with value {@code v} (NaN: missing) goes to */
    int next(int node, float v) {
        if (v != v) {
            return feature[node] >= features ? right[node] : left[node];
        }
        return v >= value[node] ? right[node] : left[node];
    }

    int leftOf(int node) {
        return left[node];
    }

    int rightOf(int node) {
        return right[node];
    }

    float valueOf(int node) {
        return value[node];
    }

    float coverOf(int node) {
        return cover[node];
    }

    /**
     * All trees level by level: one short loop per level over every tree's position, each step independent
     * of the others for the processor to overlap, one load of a packed node, one load of the row's key and a
     * subtraction whose sign is the step right, with no branch to mispredict. A position
     * {@code q = trees * (2^L - 1) + (t << L) + p} (node {@code p} of level {@code L} of tree {@code t}) goes to
     * {@code 2q + trees + right} on the next level, and past the last level {@code q - paddedNode.length} is
     * the leaf. Leaves are added in tree order, so the sums match a tree-by-tree walk bit for bit.
     *
     * <p>Eight walks interleaved in locals instead ran out of registers (C2 spilled their positions) and took
     * 1.05-1.09 times as long per row as xgboost4j's batch predict on a Xeon; this takes 0.75-0.82.
     */
    private void padded(long[] xx, float[] margins) {
        long[] pn = paddedNode;
        int trees = roots.length;
        int[] q = new int[trees];
        if (paddedDepth == 0) {
            for (int t = 0; t < trees; t++) {
                q[t] = t;
            }
        } else {
            for (int t = 0; t < trees; t++) {
                long n = pn[t];
                q[t] = 2 * t + trees + (int) (((n >> 32) - xx[(int) n]) >>> 63);
            }
        }
        for (int level = 1; level < paddedDepth; level++) {
            for (int t = 0; t < trees; t++) {
                int at = q[t];
                long n = pn[at];
                q[t] = 2 * at + trees + (int) (((n >> 32) - xx[(int) n]) >>> 63);
            }
        }
        float[] lv = leaves;
        int[] group = groupOf;
        int internal = pn.length;
        for (int t = 0; t < trees; t++) {
            margins[group[t]] += lv[q[t] - internal];
        }
    }

    /** The pointer walk, for any depth; also the reference the padded walk is tested against. */
    void marginsLinked(float[] x, float[] margins) {
        float[] xx = doubled(x);
        for (int g = 0; g < groups; g++) {
            margins[g] = baseMargin;
        }
        linked(xx, margins);
    }

    private void linked(float[] xx, float[] margins) {
        for (int t = 0; t < roots.length; t++) {
            int n = roots[t];
            int f;
            while ((f = feature[n]) >= 0) {
                n = xx[f] >= value[n] ? right[n] : left[n];
            }
            margins[groupOf[t]] += value[n];
        }
    }
}
