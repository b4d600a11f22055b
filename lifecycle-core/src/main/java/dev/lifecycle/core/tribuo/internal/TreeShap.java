package dev.lifecycle.core.tribuo.internal;

/**
 * Exact Tree SHAP over a {@link TreeEnsemble} (Lundberg, Erion and Lee, "Consistent individualized feature
 * attribution for tree ensembles", 2018, Algorithm 2), the algorithm behind XGBoost's
 * {@code predict(..., pred_contribs=True)}: per tree, the path of unique features from the root is
 * extended with the fraction of training cover (zero fraction) and of this row (one fraction) flowing
 * each way, and every leaf adds its value times the unwound path weights to the features on its path.
 */
final class TreeShap {
    private TreeShap() {
    }

    /** The unique-feature path from the root to a node, as parallel arrays (one slot per depth). */
    private static final class Path {
        final int[] feature;
        final double[] zero;
        final double[] one;
        final double[] weight;

        Path(int size) {
            feature = new int[size];
            zero = new double[size];
            one = new double[size];
            weight = new double[size];
        }

        Path copy(int n) {
            Path p = new Path(feature.length);
            System.arraycopy(feature, 0, p.feature, 0, n);
            System.arraycopy(zero, 0, p.zero, 0, n);
            System.arraycopy(one, 0, p.one, 0, n);
            System.arraycopy(weight, 0, p.weight, 0, n);
            return p;
        }
    }

    static double[][] contributions(TreeEnsemble e, float[] x) {
        int m = e.features();
        double[][] phi = new double[e.groups()][m + 1];
        for (int g = 0; g < e.groups(); g++) {
            phi[g][m] = e.baseMargin();
        }
        int[] roots = e.rootsArray();
        int[] groupOf = e.groupOfArray();
        for (int t = 0; t < roots.length; t++) {
            double[] out = phi[groupOf[t]];
            int depth = depth(e, roots[t]);
            out[m] += mean(e, roots[t]);
            recurse(e, x, out, roots[t], new Path(depth + 2), 0, 1, 1, -1);
        }
        return phi;
    }

    private static int depth(TreeEnsemble e, int node) {
        if (e.featureOf(node) < 0) {
            return 0;
        }
        return 1 + Math.max(depth(e, e.leftOf(node)), depth(e, e.rightOf(node)));
    }

    /** @return the cover-weighted mean leaf value below a node: the tree's expectation over training rows */
    private static double mean(TreeEnsemble e, int node) {
        if (e.featureOf(node) < 0) {
            return e.valueOf(node);
        }
        int l = e.leftOf(node);
        int r = e.rightOf(node);
        double[] w = fractions(e, node, l, r);
        return w[0] * mean(e, l) + w[1] * mean(e, r);
    }

    /** @return the shares of a node's cover that went left and right (halves when the cover is unknown) */
    private static double[] fractions(TreeEnsemble e, int node, int l, int r) {
        double cl = e.coverOf(l);
        double cr = e.coverOf(r);
        double c = cl + cr;
        if (!(c > 0)) {
            return new double[] {0.5, 0.5};
        }
        return new double[] {cl / c, cr / c};
    }

    private static void recurse(TreeEnsemble e, float[] x, double[] phi, int node, Path parent, int depth,
            double zeroFraction, double oneFraction, int feature) {
        Path path = parent.copy(depth);
        extend(path, depth, zeroFraction, oneFraction, feature);
        int split = e.featureOf(node);
        if (split < 0) {
            double leaf = e.valueOf(node);
            for (int i = 1; i <= depth; i++) {
                double w = unwoundSum(path, depth, i);
                phi[path.feature[i]] += w * (path.one[i] - path.zero[i]) * leaf;
            }
            return;
        }
        int l = e.leftOf(node);
        int r = e.rightOf(node);
        int hot = e.next(node, x[split]);
        int cold = hot == l ? r : l;
        double[] w = fractions(e, node, l, r);
        double hotZero = hot == l ? w[0] : w[1];
        double coldZero = hot == l ? w[1] : w[0];
        double incomingZero = 1;
        double incomingOne = 1;
        int k = 0;
        while (k <= depth && path.feature[k] != split) {
            k++;
        }
        int d = depth;
        if (k <= depth) {
            incomingZero = path.zero[k];
            incomingOne = path.one[k];
            unwind(path, d, k);
            d--;
        }
        recurse(e, x, phi, hot, path, d + 1, hotZero * incomingZero, incomingOne, split);
        recurse(e, x, phi, cold, path, d + 1, coldZero * incomingZero, 0, split);
    }

    private static void extend(Path p, int d, double zero, double one, int feature) {
        p.feature[d] = feature;
        p.zero[d] = zero;
        p.one[d] = one;
        p.weight[d] = d == 0 ? 1 : 0;
        for (int i = d - 1; i >= 0; i--) {
            p.weight[i + 1] += one * p.weight[i] * (i + 1) / (double) (d + 1);
            p.weight[i] = zero * p.weight[i] * (d - i) / (double) (d + 1);
        }
    }

    private static void unwind(Path p, int d, int k) {
        double one = p.one[k];
        double zero = p.zero[k];
        double next = p.weight[d];
        for (int i = d - 1; i >= 0; i--) {
            if (one != 0) {
                double tmp = p.weight[i];
                p.weight[i] = next * (d + 1) / ((i + 1) * one);
                next = tmp - p.weight[i] * zero * (d - i) / (double) (d + 1);
            } else {
                p.weight[i] = p.weight[i] * (d + 1) / (zero * (d - i));
            }
        }
        for (int i = k; i < d; i++) {
            p.feature[i] = p.feature[i + 1];
            p.zero[i] = p.zero[i + 1];
            p.one[i] = p.one[i + 1];
        }
    }

    private static double unwoundSum(Path p, int d, int k) {
        double one = p.one[k];
        double zero = p.zero[k];
        double next = p.weight[d];
        double total = 0;
        for (int i = d - 1; i >= 0; i--) {
            if (one != 0) {
                double tmp = next * (d + 1) / ((i + 1) * one);
                total += tmp;
                next = p.weight[i] - tmp * zero * (d - i) / (double) (d + 1);
            } else {
                total += p.weight[i] / zero * (d + 1) / (double) (d - i);
            }
        }
        return total;
    }
}
