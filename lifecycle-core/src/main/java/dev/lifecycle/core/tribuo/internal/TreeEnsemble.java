package dev.lifecycle.core.tribuo.internal;

/**
 * Decision trees compiled into flat arrays: one row is scored by walking each tree from its root,
 * comparing the row's value (as a {@code float}, like XGBoost) with the node's threshold, going left
 * when the value is below it and to the node's default child when the value is missing ({@code NaN}).
 * Leaves add their value to the margin of the tree's output group, in float, tree by tree.
 *
 * <p>Built only by {@link XgbLegacyReader} after validation: every child index is in range, every tree
 * is acyclic, every feature index is below {@link #features()} and every number is finite. Immutable.
 */
public final class TreeEnsemble {
    private final int[] roots;
    private final int[] groupOf;
    private final int groups;
    private final int features;
    private final float baseMargin;
    private final int[] feature;
    private final float[] value;
    private final int[] left;
    private final int[] right;
    private final int[] missing;

    TreeEnsemble(int[] roots, int[] groupOf, int groups, int features, float baseMargin, int[] feature, float[] value,
            int[] left, int[] right, int[] missing) {
        this.roots = roots;
        this.groupOf = groupOf;
        this.groups = groups;
        this.features = features;
        this.baseMargin = baseMargin;
        this.feature = feature;
        this.value = value;
        this.left = left;
        this.right = right;
        this.missing = missing;
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

    /** @return the number of nodes over all trees */
    public int nodes() {
        return feature.length;
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
        int[] feature = this.feature;
        float[] value = this.value;
        for (int t = 0; t < roots.length; t++) {
            int n = roots[t];
            int f;
            while ((f = feature[n]) >= 0) {
                float v = x[f];
                n = v < value[n] ? left[n] : v >= value[n] ? right[n] : missing[n];
            }
            margins[groupOf[t]] += value[n];
        }
    }
}
