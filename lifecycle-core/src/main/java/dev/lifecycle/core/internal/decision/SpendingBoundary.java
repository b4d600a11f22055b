package dev.lifecycle.core.internal.decision;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.statistics.distribution.NormalDistribution;

/**
 * One-sided group-sequential boundaries on the z scale with the Lan-DeMets O'Brien-Fleming-type
 * spending function {@code alpha(t) = 2 - 2 Phi(z_{alpha/2} / sqrt(t))}: the chance that a standardized
 * statistic whose increments are independent (Brownian motion in information time) crosses boundary
 * {@code j} at look {@code j}, not having crossed before, equals {@code alpha(t_j) - alpha(t_{j-1})}.
 * Computed by the recursive numerical integration of Armitage, McPherson and Rowe (Jennison and
 * Turnbull, <i>Group Sequential Methods</i>, ch. 19) on a Simpson grid. Pure and deterministic; results
 * are cached per (alpha, looks).
 */
public final class SpendingBoundary {
    private static final NormalDistribution STD = NormalDistribution.of(0, 1);
    private static final int CACHED = 64;
    private static final Map<String, double[]> CACHE = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, double[]> eldest) {
            return size() > CACHED;
        }
    };

    private SpendingBoundary() {
    }

    /**
     * @param alpha the one-sided error rate spent over all looks
     * @param looks equally spaced looks, the last at the full information
     * @return the z boundary of each look (index 0 is look 1)
     */
    public static double[] obrienFleming(double alpha, int looks) {
        String key = alpha + "/" + looks;
        synchronized (CACHE) {
            double[] hit = CACHE.get(key);
            if (hit != null) {
                return hit.clone();
            }
        }
        double[] out = compute(alpha, OperatingCharacteristics.equallySpaced(looks));
        synchronized (CACHE) {
            CACHE.put(key, out);
        }
        return out.clone();
    }

    /** @return the error rate spent by information fraction {@code t} */
    static double spent(double alpha, double t) {
        if (t >= 1) {
            return alpha;
        }
        return 2 * STD.survivalProbability(STD.inverseSurvivalProbability(alpha / 2) / Math.sqrt(t));
    }

    /** @return the boundaries at increasing information fractions {@code t} (the last should be 1) */
    static double[] compute(double alpha, double[] t) {
        int k = t.length;
        double[] c = new double[k];
        c[0] = STD.inverseSurvivalProbability(spent(alpha, t[0]));
        double sd0 = Math.sqrt(t[0]);
        double[] grid = grid(-8 * sd0, c[0] * sd0, k > 1 ? Math.sqrt(t[1] - t[0]) : 1);
        double[] dens = new double[grid.length];
        for (int i = 0; i < grid.length; i++) {
            dens[i] = STD.density(grid[i] / sd0) / sd0;
        }
        double[] w = simpsonWeights(grid);
        for (int j = 1; j < k; j++) {
            double step = Math.sqrt(t[j] - t[j - 1]);
            double root = Math.sqrt(t[j]);
            double target = spent(alpha, t[j]) - spent(alpha, t[j - 1]);
            c[j] = solve(grid, w, dens, step, root, target);
            double[] next = grid(-8 * root, c[j] * root, j + 1 < k ? Math.sqrt(t[j + 1] - t[j]) : step);
            double[] nd = new double[next.length];
            for (int i = 0; i < next.length; i++) {
                double s = next[i];
                double sum = 0;
                for (int u = 0; u < grid.length; u++) {
                    double z = (s - grid[u]) / step;
                    if (z > -9 && z < 9) {
                        sum += w[u] * dens[u] * Math.exp(-0.5 * z * z);
                    }
                }
                nd[i] = sum / (step * Math.sqrt(2 * Math.PI));
            }
            grid = next;
            dens = nd;
            w = simpsonWeights(grid);
        }
        return c;
    }

    /** Finds the boundary whose crossing chance from the current sub-density is {@code target}, by bisection. */
    private static double solve(double[] grid, double[] w, double[] dens, double step, double root, double target) {
        double lo = -10;
        double hi = 60;
        if (target <= 0) {
            return hi;
        }
        for (int it = 0; it < 100 && hi - lo > 1e-9; it++) {
            double mid = 0.5 * (lo + hi);
            double p = 0;
            double at = mid * root;
            for (int u = 0; u < grid.length; u++) {
                p += w[u] * dens[u] * STD.survivalProbability((at - grid[u]) / step);
            }
            if (p > target) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return 0.5 * (lo + hi);
    }

    /** @return an odd number of equally spaced points from lo to hi, fine enough for a kernel of width {@code sd} */
    private static double[] grid(double lo, double hi, double sd) {
        return simpsonGrid(lo, hi, Math.min(sd / 6, 0.05), 20_000);
    }

    /**
     * @return equally spaced points from lo to hi, about {@code step} apart, with an even number of intervals
     *     (at least 2, at most {@code maxIntervals}) so {@link #simpsonWeights} applies
     */
    static double[] simpsonGrid(double lo, double hi, double step, int maxIntervals) {
        int intervals = (int) Math.ceil((hi - lo) / step);
        intervals = Math.max(2, Math.min(maxIntervals, intervals + (intervals & 1)));
        double[] g = new double[intervals + 1];
        for (int i = 0; i <= intervals; i++) {
            g[i] = lo + (hi - lo) * i / intervals;
        }
        return g;
    }

    /** @return Simpson weights for an equally spaced grid with an even number of intervals */
    static double[] simpsonWeights(double[] g) {
        int n = g.length;
        double h = (g[n - 1] - g[0]) / (n - 1);
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            w[i] = h / 3 * (i == 0 || i == n - 1 ? 1 : (i & 1) == 1 ? 4 : 2);
        }
        return w;
    }
}
