package dev.lifecycle.core.tribuo;

import java.util.Map;
import java.util.Set;

/** Parsing of recorded hyperparameters (strings) back into typed values, with messages naming the trainer. */
final class Params {
    private Params() {
    }

    static int asInt(String trainer, String key, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Parameter '" + key + "' of trainer " + trainer
                    + " must be an integer, got '" + value + "'");
        }
    }

    static double asDouble(String trainer, String key, String value) {
        try {
            return Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Parameter '" + key + "' of trainer " + trainer
                    + " must be a number, got '" + value + "'");
        }
    }

    static boolean asBoolean(String trainer, String key, String value) {
        return switch (value.trim()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("Parameter '" + key + "' of trainer " + trainer
                    + " must be true or false, got '" + value + "'");
        };
    }

    static IllegalArgumentException unknown(String trainer, String key, Set<String> known) {
        return new IllegalArgumentException("Trainer " + trainer + " has no parameter '" + key + "'; its parameters are "
                + known);
    }

    static Map<String, String> orEmpty(Map<String, String> p) {
        return p == null ? Map.of() : p;
    }

    static int positive(String key, int v) {
        if (v < 1) {
            throw new IllegalArgumentException(key + " must be at least 1, got " + v);
        }
        return v;
    }

    static double positive(String key, double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(key + " must be a positive number, got " + v);
        }
        return v;
    }

    static double nonNegative(String key, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(key + " must be a number >= 0, got " + v);
        }
        return v;
    }

    static double fraction(String key, double v) {
        if (!(v > 0 && v <= 1)) {
            throw new IllegalArgumentException(key + " must be in (0, 1], got " + v);
        }
        return v;
    }

    static int depth(int v) {
        if (v < 1 || v > 64) {
            throw new IllegalArgumentException("maxDepth must be between 1 and 64, got " + v);
        }
        return v;
    }
}
