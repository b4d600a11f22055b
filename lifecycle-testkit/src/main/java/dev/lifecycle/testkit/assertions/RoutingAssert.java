package dev.lifecycle.testkit.assertions;

import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.deployment.RoutingPolicy;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apiguardian.api.API;
import org.assertj.core.api.AbstractAssert;

/** Assertions on how a {@link RoutingPolicy} splits traffic. */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public final class RoutingAssert extends AbstractAssert<RoutingAssert, RoutingPolicy> {

    RoutingAssert(RoutingPolicy actual) {
        super(actual, RoutingAssert.class);
    }

    /**
     * Routes the rows (request ids 1, 2, ...) and verifies that the share of each arm is within
     * {@code tolerance} of the expected share.
     *
     * @param expectedShares one share per arm, summing to 1
     */
    public RoutingAssert splits(List<Row> rows, double tolerance, double... expectedShares) {
        isNotNull();
        if (expectedShares.length != actual.arms()) {
            failWithMessage("Policy %s has %d arms, but %d shares were given", actual.describe(), actual.arms(),
                    expectedShares.length);
        }
        long[] counts = new long[actual.arms()];
        long id = 0;
        for (Row r : rows) {
            counts[actual.route(r, ++id)]++;
        }
        double[] shares = new double[counts.length];
        StringBuilder bad = new StringBuilder();
        for (int i = 0; i < counts.length; i++) {
            shares[i] = (double) counts[i] / rows.size();
            if (Math.abs(shares[i] - expectedShares[i]) > tolerance) {
                bad.append(String.format(Locale.ROOT, "%n  arm %d got %.4f, expected %.4f ± %.4f", i, shares[i],
                        expectedShares[i], tolerance));
            }
        }
        if (bad.length() > 0) {
            failWithMessage("Policy %s split %d rows as %s:%s", actual.describe(), rows.size(),
                    Arrays.toString(counts), bad);
        }
        return this;
    }
}
