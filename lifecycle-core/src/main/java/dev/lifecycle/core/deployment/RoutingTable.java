package dev.lifecycle.core.deployment;

import dev.lifecycle.api.deployment.ArmMetrics;
import dev.lifecycle.api.deployment.RoutingPolicy;
import dev.lifecycle.api.evaluation.Decision;
import dev.lifecycle.api.evaluation.DecisionThreshold;
import dev.lifecycle.api.model.ModelVersion;
import dev.lifecycle.core.internal.Context;
import dev.lifecycle.core.internal.decision.SplitTrafficJudge;
import dev.lifecycle.core.internal.eval.ThresholdedModel;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who serves which share of a deployment's traffic: one immutable {@link State} behind a volatile
 * reference that a request reads once, the bounded history a rollback returns to, and the journal of
 * every change ({@code deployments/<name>/routing}, and {@code deployments/<name>/serving} when the
 * primary version changes). Changes are made under this table's lock; reads take none.
 */
final class RoutingTable {
    private static final int HISTORY = 64;

    private final Context ctx;
    private final String name;
    private final Map<String, Arm.Counters> armCounters = new ConcurrentHashMap<>();
    private final Map<Integer, Arm.Counters> versionCounters = new ConcurrentHashMap<>();
    private final Deque<State> history = new ArrayDeque<>();
    private volatile State state;
    /** How the last rollout ended, until the routing changes otherwise; null while none ended. */
    private volatile RolloutStatus.Phase ended;
    private volatile ModelVersion lastCandidate;
    private volatile Decision lastDecision;
    private volatile Decision shadowDecision;

    RoutingTable(Context ctx, String name) {
        this.ctx = ctx;
        this.name = name;
    }

    /** @return the routing in force; read it once per request */
    State state() {
        return state;
    }

    /** @return a new arm for a version, sharing the cumulative counters of its arm name and version */
    Arm arm(String armName, ModelVersion v) {
        return new Arm(armName, v, ThresholdedModel.served(ctx.store(), v),
                armCounters.computeIfAbsent(armName, Arm.Counters::new),
                versionCounters.computeIfAbsent(v.version(), n -> new Arm.Counters(name + "@" + n)));
    }

    /** @return fresh arms (step counters at 0) for the same names and versions */
    Arm[] fresh(Arm[] arms) {
        Arm[] out = new Arm[arms.length];
        for (int i = 0; i < arms.length; i++) {
            out[i] = arm(arms[i].name, arms[i].version);
        }
        return out;
    }

    /** Installs the first routing. */
    synchronized void install(State initial, String reason) {
        state = initial;
        journal(initial, null, reason);
    }

    /** Replaces the routing, remembering the one before for {@link #rollback}; clears how a rollout ended. */
    synchronized void change(State next, String reason) {
        changeKeepingEnd(next, reason);
        ended = null;
    }

    /** Replaces the routing because a rollout ended this way. */
    synchronized void end(State next, String reason, RolloutStatus.Phase phase, ModelVersion candidate,
            Decision decision) {
        changeKeepingEnd(next, reason);
        ended = phase;
        lastCandidate = candidate;
        lastDecision = decision;
    }

    private void changeKeepingEnd(State next, String reason) {
        State before = state;
        history.addFirst(before);
        while (history.size() > HISTORY) {
            history.removeLast();
        }
        state = next;
        journal(next, before, reason);
    }

    /** Goes back to the routing before the last change; false when there is none. */
    synchronized boolean rollback(String reason) {
        State previous = history.pollFirst();
        if (previous == null) {
            return false;
        }
        State before = state;
        state = previous;
        ended = null;
        journal(previous, before, "rollback: " + reason);
        return true;
    }

    /** Marks the routing closed; false when it already was. */
    synchronized boolean close() {
        State s = state;
        if (s.closed) {
            return false;
        }
        state = new State(s.arms, s.policy, s.shadow, s.plan, true, s.description);
        return true;
    }

    /** Records a decision that moved no traffic (an A/B split or a shadow judged), in the decisions journal. */
    synchronized void decided(Decision d, boolean shadow, String what) {
        if (shadow) {
            shadowDecision = d;
        } else {
            lastDecision = d;
        }
        cas("deployments/" + name + "/decisions", d.verdict() + (d.budgetSpent() ? " (budget spent)" : ""),
                what + ": " + d.reason());
    }

    RolloutStatus status() {
        State s = state;
        Decision d = lastDecision;
        Decision sd = shadowDecision;
        if (s.closed) {
            return new RolloutStatus(RolloutStatus.Phase.CLOSED, s.arms[0].version, null, 0, 0, s.description, d, sd);
        }
        if (s.plan != null) {
            return new RolloutStatus(RolloutStatus.Phase.IN_PROGRESS, s.arms[0].version, s.arms[1].version,
                    s.plan.step + 1, s.plan.steps.length, s.description, s.plan.judge.last(), sd);
        }
        RolloutStatus.Phase e = ended;
        if (e != null) {
            return new RolloutStatus(e, s.arms[0].version, lastCandidate, 0, 0, s.description, d, sd);
        }
        return new RolloutStatus(s.arms.length > 1 ? RolloutStatus.Phase.SPLIT : RolloutStatus.Phase.SERVING,
                s.arms[0].version, s.arms.length > 1 ? s.arms[1].version : null, 0, 0, s.description, d, sd);
    }

    /** Adds the cumulative counters of every arm name and version. */
    void snapshot(Map<String, ArmMetrics> arms, Map<Integer, ArmMetrics> versions) {
        for (Arm.Counters c : armCounters.values()) {
            ArmMetrics a = c.snapshot();
            arms.put(a.name(), a);
        }
        versionCounters.forEach((v, c) -> versions.put(v, c.snapshot()));
    }

    /** @return per-arm-name metrics, sorted */
    Map<String, ArmMetrics> arms() {
        Map<String, ArmMetrics> out = new TreeMap<>();
        snapshot(out, new TreeMap<>());
        return out;
    }

    private void journal(State next, State before, String reason) {
        String why = reason == null ? "deploy" : reason;
        if (before == null || before.arms[0].version != next.arms[0].version) {
            cas("deployments/" + name + "/serving", Integer.toString(next.arms[0].number), why);
        }
        cas("deployments/" + name + "/routing", next.description, why);
    }

    private void cas(String ref, String value, String reason) {
        while (true) {
            String old = ctx.store().ref(ref).orElse(null);
            if (ctx.store().compareAndSet(ref, old, value, ctx.actor(), reason)) {
                return;
            }
        }
    }

    /** One immutable routing state: what a request reads, once. */
    static final class State {
        final Arm[] arms;
        final RoutingPolicy policy;
        final Arm shadow;
        final Plan plan;
        final boolean closed;
        final String description;

        State(Arm[] arms, RoutingPolicy policy, Arm shadow, Plan plan) {
            this(arms, policy, shadow, plan, false, describe(arms, policy, shadow, plan));
        }

        State(Arm[] arms, RoutingPolicy policy, Arm shadow, Plan plan, boolean closed, String description) {
            this.arms = arms;
            this.policy = policy;
            this.shadow = shadow;
            this.plan = plan;
            this.closed = closed;
            this.description = description;
        }

        /** @return this routing without its shadow */
        State withoutShadow() {
            return new State(arms, policy, null, plan);
        }

        private static String describe(Arm[] arms, RoutingPolicy policy, Arm shadow, Plan plan) {
            StringBuilder sb = new StringBuilder(policy.describe());
            for (Arm a : arms) {
                sb.append(' ').append(a.name).append('=').append(a.version.id());
                DecisionThreshold t = ThresholdedModel.thresholdOf(a.model);
                if (t != null) {
                    sb.append(" (").append(t.positiveLabel()).append(" >= ").append(t.threshold()).append(')');
                }
            }
            if (shadow != null) {
                sb.append(" shadow=").append(shadow.version.id());
            }
            if (plan != null) {
                sb.append(" step ").append(plan.step + 1).append('/').append(plan.steps.length);
            }
            return sb.toString();
        }
    }

    /** A canary or progressive rollout in progress, with the judge of its current step. */
    static final class Plan {
        final double[] steps;
        final int step;
        final State base;
        /** Looks taken by the rollout controller only, one at a time. */
        final SplitTrafficJudge judge;

        Plan(double[] steps, int step, State base, StepGate gate) {
            this.steps = steps;
            this.step = step;
            this.base = base;
            this.judge = new SplitTrafficJudge(gate.effectiveRule(), gate.margin());
        }
    }
}
