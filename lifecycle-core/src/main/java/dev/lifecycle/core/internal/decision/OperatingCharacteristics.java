package dev.lifecycle.core.internal.decision;

import org.apache.commons.statistics.distribution.NormalDistribution;

/**
 * The exact operating characteristics of a two-sided group-sequential test under the normal
 * approximation: the chance that it promotes, rolls back, or spends its budget, and the information it
 * uses on average, for a given drift. The standardized statistic {@code Z_j} at information fraction
 * {@code t_j} is {@code S(t_j) / sqrt(t_j)} for a Brownian motion {@code S} with drift {@code theta}
 * (the expected z at full information); the test promotes at the first look with {@code Z_j >= up[j]}
 * and rolls back at the first with {@code Z_j <= -down[j]}. Computed by the recursive numerical
 * integration of Armitage, McPherson and Rowe on a Simpson grid, as {@link SpendingBoundary} does.
 * Pure and deterministic.
 */
public final class OperatingCharacteristics {
    private static final NormalDistribution STD = NormalDistribution.of(0, 1);

    /**
     * @param promote the chance of a promotion at some look
     * @param rollBack the chance of a rollback on evidence at some look
     * @param information the expected information used, as a fraction of the budget (1 when no look stops)
     */
    public record Outcome(double promote, double rollBack, double information) {
        /** @return the chance of a conclusive decision either way */
        public double conclusive() {
            return promote + rollBack;
        }
    }

    private OperatingCharacteristics() {
    }

    /**
     * @param up the promotion boundary of each look on the z scale
     * @param down the rollback boundary of each look (the test rolls back when {@code Z_j <= -down[j]})
     * @param t the increasing information fractions of the looks, the last 1
     * @param theta the drift: the expected z statistic at full information
     */
    public static Outcome of(double[] up, double[] down, double[] t, double theta) {
        int k = t.length;
        if (up.length != k || down.length != k) {
            throw new IllegalArgumentException("One promotion and one rollback boundary per look, got " + up.length
                    + " and " + down.length + " for " + k + " looks");
        }
        double promote = 0;
        double rollBack = 0;
        double info = 0;
        double[] grid = null;
        double[] dens = null;
        double[] w = null;
        double prevT = 0;
        for (int j = 0; j < k; j++) {
            double step = t[j] - prevT;
            double sd = Math.sqrt(step);
            double root = Math.sqrt(t[j]);
            double hi = up[j] * root;
            double lo = -down[j] * root;
            double pUp;
            double pDown;
            if (grid == null) {
                pUp = STD.survivalProbability((hi - theta * t[j]) / sd);
                pDown = STD.cumulativeProbability((lo - theta * t[j]) / sd);
            } else {
                pUp = 0;
                pDown = 0;
                for (int u = 0; u < grid.length; u++) {
                    double mean = grid[u] + theta * step;
                    pUp += w[u] * dens[u] * STD.survivalProbability((hi - mean) / sd);
                    pDown += w[u] * dens[u] * STD.cumulativeProbability((lo - mean) / sd);
                }
            }
            promote += pUp;
            rollBack += pDown;
            info += t[j] * (pUp + pDown);
            if (j == k - 1) {
                info += t[j] * Math.max(0, 1 - promote - rollBack);
                break;
            }
            double nextSd = Math.sqrt(t[j + 1] - t[j]);
            double[] next = grid(lo, hi, Math.min(sd, nextSd));
            double[] nd = new double[next.length];
            for (int i = 0; i < next.length; i++) {
                double s = next[i];
                if (grid == null) {
                    nd[i] = STD.density((s - theta * t[j]) / sd) / sd;
                } else {
                    double sum = 0;
                    for (int u = 0; u < grid.length; u++) {
                        double z = (s - grid[u] - theta * step) / sd;
                        if (z > -9 && z < 9) {
                            sum += w[u] * dens[u] * Math.exp(-0.5 * z * z);
                        }
                    }
                    nd[i] = sum / (sd * Math.sqrt(2 * Math.PI));
                }
            }
            grid = next;
            dens = nd;
            w = SpendingBoundary.simpsonWeights(grid);
            prevT = t[j];
        }
        return new Outcome(promote, rollBack, info);
    }

    /** @return equally spaced information fractions {@code 1/looks, 2/looks, ..., 1} */
    public static double[] equallySpaced(int looks) {
        double[] t = new double[looks];
        for (int j = 0; j < looks; j++) {
            t[j] = (j + 1.0) / looks;
        }
        return t;
    }

    private static double[] grid(double lo, double hi, double sd) {
        return SpendingBoundary.simpsonGrid(lo, hi, Math.min(sd / 8, 0.025), 40_000);
    }
}
