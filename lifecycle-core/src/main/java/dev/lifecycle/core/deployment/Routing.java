package dev.lifecycle.core.deployment;

import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.deployment.RoutingPolicy;
import dev.lifecycle.core.deployment.internal.Hashing;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * The built-in {@link RoutingPolicy} implementations. All are stateless, thread-safe and
 * allocation-free, and route the same request the same way every time, in every JVM.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public final class Routing {
    private Routing() {
    }

    /**
     * @param share the share of requests for arm 1 (the canary), in [0, 1]
     * @param salt varies the assignment between experiments
     * @return a policy that sends a {@code share} of requests, chosen by a hash of the request id, to arm 1
     */
    public static RoutingPolicy canary(double share, String salt) {
        checkShare(share, "canary share");
        return new Canary(share, Hashing.hash(Objects.requireNonNull(salt, "salt"), 7));
    }

    /**
     * A/B split with sticky assignment: the value of {@code keyColumn} (e.g. a user id) is hashed with
     * the salt, so the same key gets the same arm on every request and after a restart, with no stored
     * state. Rows without the key go to arm 0.
     *
     * @param shares the share of each arm; they must add up to 1
     */
    public static RoutingPolicy sticky(String keyColumn, String salt, double... shares) {
        Objects.requireNonNull(keyColumn, "keyColumn");
        Objects.requireNonNull(salt, "salt");
        if (shares.length < 2) {
            throw new IllegalArgumentException("A sticky split needs at least 2 arm shares, got "
                    + Arrays.toString(shares));
        }
        double[] cumulative = new double[shares.length];
        double sum = 0;
        for (int i = 0; i < shares.length; i++) {
            checkShare(shares[i], "share of arm " + i);
            sum += shares[i];
            cumulative[i] = sum;
        }
        if (Math.abs(sum - 1) > 1e-9) {
            throw new IllegalArgumentException("Sticky split shares must add up to 1, got " + Arrays.toString(shares)
                    + " (sum " + sum + ")");
        }
        cumulative[shares.length - 1] = 1.0;
        return new Sticky(keyColumn, salt, Hashing.hash(salt, 11), cumulative, shares.clone());
    }

    static void checkShare(double share, String what) {
        if (!(share >= 0 && share <= 1)) {
            throw new IllegalArgumentException("The " + what + " must be in [0, 1], got " + share);
        }
    }

    private static final class Canary implements RoutingPolicy {
        private final double share;
        private final long salt;

        Canary(double share, long salt) {
            this.share = share;
            this.salt = salt;
        }

        @Override
        public int arms() {
            return 2;
        }

        @Override
        public int route(Row row, long requestId) {
            return Hashing.unit(Hashing.mix(requestId ^ salt)) < share ? 1 : 0;
        }

        @Override
        public String describe() {
            return String.format(Locale.ROOT, "canary %.2f%%", share * 100);
        }
    }

    private static final class Sticky implements RoutingPolicy {
        private final String key;
        private final String saltName;
        private final long salt;
        private final double[] cumulative;
        private final double[] shares;
        private int hint;

        Sticky(String key, String saltName, long salt, double[] cumulative, double[] shares) {
            this.key = key;
            this.saltName = saltName;
            this.salt = salt;
            this.cumulative = cumulative;
            this.shares = shares;
        }

        @Override
        public int arms() {
            return cumulative.length;
        }

        @Override
        public int route(Row row, long requestId) {
            int pos = hint;
            if (pos >= row.size() || !row.name(pos).equals(key)) {
                pos = row.indexOf(key);
                if (pos < 0) {
                    return 0;
                }
                hint = pos;
            }
            double u = Hashing.unit(Hashing.hashValue(row.get(pos), salt));
            for (int i = 0; i < cumulative.length - 1; i++) {
                if (u < cumulative[i]) {
                    return i;
                }
            }
            return cumulative.length - 1;
        }

        @Override
        public String describe() {
            return "sticky by " + key + " (salt " + saltName + ") " + Arrays.toString(shares);
        }
    }
}
