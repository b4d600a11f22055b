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
    // padded layout, or null when some tree is too deep
    private final int[] depth;
    private final int[] nodeBase;
    private final int[] leafBase;
    /**
     * The padded trees' internal nodes, level order: the feature slot in the high half, the threshold's
     * float bits in the low half, so a step of a walk is one load.
     */
    private final long[] paddedNode;
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
        int[] depths = new int[roots.length];
        int deepest = 0;
        for (int t = 0; t < roots.length; t++) {
            depths[t] = depthOf(roots[t]);
            deepest = Math.max(deepest, depths[t]);
        }
        long uniform = (long) roots.length << (deepest + 1);
        if (deepest > PADDED_DEPTH || uniform > MAX_PADDED_NODES) {
            this.depth = null;
            this.nodeBase = null;
            this.leafBase = null;
            this.paddedNode = null;
            this.leaves = null;
            return;
        }
        java.util.Arrays.fill(depths, deepest);
        this.depth = depths;
        this.nodeBase = new int[roots.length];
        this.leafBase = new int[roots.length];
        int internal = 0;
        int leafCount = 0;
        for (int t = 0; t < roots.length; t++) {
            nodeBase[t] = internal;
            leafBase[t] = leafCount;
            internal += (1 << deepest) - 1;
            leafCount += 1 << deepest;
        }
        this.paddedNode = new long[internal];
        this.leaves = new float[leafCount];
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

    /** Fills the complete-tree slot {@code slot} (level order) at level {@code level} of tree t from node n. */
    private void pad(int t, int n, int slot, int level) {
        int d = depth[t];
        if (level == d) {
            leaves[leafBase[t] + slot - ((1 << d) - 1)] = value[n];
            return;
        }
        int at = nodeBase[t] + slot;
        if (feature[n] < 0) {
            // the always-zero slot: 0 >= +inf is false, so always left
            paddedNode[at] = node(2 * features, Float.POSITIVE_INFINITY);
            pad(t, n, 2 * slot + 1, level + 1);
            pad(t, n, 2 * slot + 2, level + 1);
            return;
        }
        paddedNode[at] = node(feature[n], value[n]);
        pad(t, left[n], 2 * slot + 1, level + 1);
        pad(t, right[n], 2 * slot + 2, level + 1);
    }

    private static long node(int featureSlot, float threshold) {
        return (long) featureSlot << 32 | key(threshold) & 0xffff_ffffL;
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
    private int[] keys(float[] x) {
        int f = features;
        int[] xx = new int[2 * f + 1];
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
     * Eight trees at a time, their walks in locals: eight independent chains of loads for the processor to
     * overlap (four left a 200-tree model about 8% slower on a Xeon whose L1 cache the trees overflow), no
     * per-call state in memory, and each step one load of a packed node and one integer comparison of
     * {@link #key keys} done by arithmetic. Leaves are added in tree order, so the sums match a
     * tree-by-tree walk bit for bit.
     */
    private void padded(int[] xx, float[] margins) {
        long[] pn = paddedNode;
        float[] lv = leaves;
        int[] group = groupOf;
        int trees = roots.length;
        int d = trees == 0 ? 0 : depth[0];
        int stride = (1 << d) - 1;
        int t = 0;
        for (; t + 8 <= trees; t += 8) {
            int b0 = t * stride;
            int i0 = 0;
            int i1 = 0;
            int i2 = 0;
            int i3 = 0;
            int i4 = 0;
            int i5 = 0;
            int i6 = 0;
            int i7 = 0;
            for (int level = 0; level < d; level++) {
                long n0 = pn[b0 + i0];
                long n1 = pn[b0 + stride + i1];
                long n2 = pn[b0 + 2 * stride + i2];
                long n3 = pn[b0 + 3 * stride + i3];
                long n4 = pn[b0 + 4 * stride + i4];
                long n5 = pn[b0 + 5 * stride + i5];
                long n6 = pn[b0 + 6 * stride + i6];
                long n7 = pn[b0 + 7 * stride + i7];
                i0 = 2 * i0 + 1 + goesRight(xx[(int) (n0 >>> 32)], n0);
                i1 = 2 * i1 + 1 + goesRight(xx[(int) (n1 >>> 32)], n1);
                i2 = 2 * i2 + 1 + goesRight(xx[(int) (n2 >>> 32)], n2);
                i3 = 2 * i3 + 1 + goesRight(xx[(int) (n3 >>> 32)], n3);
                i4 = 2 * i4 + 1 + goesRight(xx[(int) (n4 >>> 32)], n4);
                i5 = 2 * i5 + 1 + goesRight(xx[(int) (n5 >>> 32)], n5);
                i6 = 2 * i6 + 1 + goesRight(xx[(int) (n6 >>> 32)], n6);
                i7 = 2 * i7 + 1 + goesRight(xx[(int) (n7 >>> 32)], n7);
            }
            // tree t's leaves start at t * (stride + 1); a leaf's level-order slot is stride past its index
            int l0 = b0 + t - stride;
            int leafStride = stride + 1;
            margins[group[t]] += lv[l0 + i0];
            margins[group[t + 1]] += lv[l0 + leafStride + i1];
            margins[group[t + 2]] += lv[l0 + 2 * leafStride + i2];
            margins[group[t + 3]] += lv[l0 + 3 * leafStride + i3];
            margins[group[t + 4]] += lv[l0 + 4 * leafStride + i4];
            margins[group[t + 5]] += lv[l0 + 5 * leafStride + i5];
            margins[group[t + 6]] += lv[l0 + 6 * leafStride + i6];
            margins[group[t + 7]] += lv[l0 + 7 * leafStride + i7];
        }
        for (; t < trees; t++) {
            int b = t * stride;
            int i = 0;
            for (int level = 0; level < d; level++) {
                long n = pn[b + i];
                i = 2 * i + 1 + goesRight(xx[(int) (n >>> 32)], n);
            }
            margins[group[t]] += lv[b + t - stride + i];
        }
    }

    /**
     * @return 1 when the value whose key is {@code x} is at least the threshold of {@code node}, else 0: by
     *     arithmetic, as a comparison that goes either way at random would mispredict half the time
     */
    private static int goesRight(int x, long node) {
        return (int) (((long) (int) node - x - 1) >>> 63);
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
