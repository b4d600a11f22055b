package dev.lifecycle.core.deployment.internal;

import dev.lifecycle.api.data.Row;

/**
 * Deterministic 64-bit hashing for routing: the same input gives the same hash in every JVM and
 * after every restart (unlike {@code String.hashCode} mixed with identity or random seeds).
 */
public final class Hashing {
    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private Hashing() {
    }

    /** @return the murmur3 64-bit finaliser of {@code h}: a bijection that spreads every input bit */
    public static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }

    /** @return a well-mixed hash of the characters of {@code s}, seeded by {@code seed} */
    public static long hash(CharSequence s, long seed) {
        long h = FNV_OFFSET ^ mix(seed);
        for (int i = 0; i < s.length(); i++) {
            h = (h ^ s.charAt(i)) * FNV_PRIME;
        }
        return mix(h ^ s.length());
    }

    /** @return a hash of any row value (number, string, boolean or missing) */
    public static long hashValue(Object value, long seed) {
        if (value == null) {
            return mix(seed ^ 0x9e3779b97f4a7c15L);
        }
        if (value instanceof Double d) {
            double v = d;
            if (v == Math.rint(v) && Math.abs(v) < 1e15) {
                return hash(Long.toString((long) v), seed);
            }
            return hash(Double.toString(v), seed);
        }
        return hash(value.toString(), seed);
    }

    /** @return a hash of a whole row: names and values, in column order */
    public static long hashRow(Row row) {
        long h = 0x2545f4914f6cdd1dL;
        for (int i = 0; i < row.size(); i++) {
            h = mix(h ^ hash(row.name(i), 17));
            h = mix(h ^ hashValue(row.get(i), 31));
        }
        return h;
    }

    /** @return a uniform double in [0, 1) from a hash */
    public static double unit(long hash) {
        return (hash >>> 11) * 0x1.0p-53;
    }
}
