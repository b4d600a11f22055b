package dev.lifecycle.core.deployment;

import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.deployment.RoutingPolicy;
import java.util.concurrent.atomic.LongAdder;

/**
 * A user's {@link RoutingPolicy} behind a guard: a call that throws or answers an arm that does not exist
 * sends the request to arm 0 (the champion) and is counted, so a broken policy never fails a request.
 */
final class GuardedPolicy implements RoutingPolicy {
    private final RoutingPolicy policy;
    private final int arms;
    private final LongAdder failures = new LongAdder();

    GuardedPolicy(RoutingPolicy policy, int arms) {
        this.policy = policy;
        this.arms = arms;
    }

    @Override
    public int arms() {
        return arms;
    }

    @Override
    public int route(Row row, long requestId) {
        int arm;
        try {
            arm = policy.route(row, requestId);
        } catch (RuntimeException | LinkageError e) {
            failures.increment();
            return 0;
        }
        if (arm < 0 || arm >= arms) {
            failures.increment();
            return 0;
        }
        return arm;
    }

    @Override
    public String describe() {
        String d;
        try {
            d = policy.describe();
        } catch (RuntimeException e) {
            d = null;
        }
        return "policy " + (d == null ? policy.getClass().getName() : d);
    }

    /** @return calls that threw or answered a missing arm, and went to arm 0 */
    long failures() {
        return failures.sum();
    }
}
