package dev.lifecycle.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.deployment.RoutingPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apiguardian.api.API;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link RoutingPolicy} must keep. Extend it in your test sources and implement
 * {@link #createPolicy()}; JUnit runs every check against your policy.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public abstract class RoutingPolicyContract {

    /** @return a fresh policy under test */
    protected abstract RoutingPolicy createPolicy();

    /** @return sample requests to route; override to match your policy's sticky key */
    protected List<Row> sampleRows() {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            rows.add(Row.of("key", "user-" + i, "x", (double) i));
        }
        return rows;
    }

    @Test
    public void hasAtLeastOneArmAndADescription() {
        RoutingPolicy p = createPolicy();
        assertThat(p.arms()).as("arms()").isPositive();
        assertThat(p.describe()).as("describe()").isNotBlank();
    }

    @Test
    public void routesEveryRequestToAnExistingArm() {
        RoutingPolicy p = createPolicy();
        long id = 0;
        for (Row r : sampleRows()) {
            int arm = p.route(r, ++id);
            assertThat(arm).as("arm of request %d (%s)", id, r).isBetween(0, p.arms() - 1);
        }
    }

    @Test
    public void routesTheSameRequestTheSameWay() {
        RoutingPolicy p = createPolicy();
        long id = 0;
        for (Row r : sampleRows()) {
            id++;
            assertThat(p.route(r, id)).as("second routing of request %d (%s)", id, r).isEqualTo(p.route(r, id));
        }
    }

    @Test
    public void routesFromManyThreadsAtOnce() throws Exception {
        RoutingPolicy p = createPolicy();
        List<Row> rows = sampleRows();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<int[]>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                results.add(pool.submit(() -> {
                    int[] arms = new int[rows.size()];
                    for (int i = 0; i < rows.size(); i++) {
                        arms[i] = p.route(rows.get(i), i + 1);
                    }
                    return arms;
                }));
            }
            int[] first = results.get(0).get();
            for (Future<int[]> f : results) {
                assertThat(f.get()).as("arms chosen by concurrent threads for the same requests").isEqualTo(first);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
