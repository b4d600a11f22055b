package dev.lifecycle.core.deployment;

import dev.lifecycle.api.deployment.RoutingPolicy;
import dev.lifecycle.api.evaluation.Decision;
import dev.lifecycle.api.model.ModelVersion;
import dev.lifecycle.core.deployment.RoutingTable.Plan;
import dev.lifecycle.core.deployment.RoutingTable.State;
import dev.lifecycle.core.internal.decision.PairedJudge;
import dev.lifecycle.core.internal.decision.SplitTrafficJudge;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * Judges a deployment's rollout from its labelled outcomes and moves the {@link RoutingTable} on
 * evidence, never on the request thread nor on the thread that calls {@code feedback}: that thread only
 * bumps counters and, when a look is due, queues one judging task on the controller's executor (the
 * host's, or one daemon thread the controller owns and stops on {@link #close()}).
 *
 * <ul>
 *   <li>Canary and progressive steps: the {@link StepGate}'s group-sequential two-proportion test on
 *       the step's labels of both arms ({@link SplitTrafficJudge}); advance, promote, hold or roll back.
 *   <li>A/B splits and user routing policies: the same always-valid sequential test; its conclusion is
 *       recorded (journal {@code deployments/<name>/decisions}), the split is left to the operator.
 *   <li>Shadow: a group-sequential McNemar test ({@link PairedJudge}) on the rows both the serving and the
 *       shadow version scored; recorded, and with a shadow gate the shadow is promoted or dropped.
 * </ul>
 * Every move is journaled with the test, n, effect and p-value. At most one judging task is queued at
 * a time, so a slow executor cannot pile up work.
 */
final class RolloutController implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(RolloutController.class.getName());

    private final String name;
    private final RoutingTable table;
    private final StepGate gate;
    private final String salt;
    private final Consumer<ModelVersion> prepare;
    private final boolean judgeSplit;
    private final PairedJudge shadowJudge;
    private final boolean shadowMoves;
    private final Executor executor;
    private final ExecutorService owned;
    private final AtomicBoolean queued = new AtomicBoolean();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Object idle = new Object();
    private final LongAdder rejected = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final LongAdder paired = new LongAdder();
    private final LongAdder challengerOnly = new LongAdder();
    private final LongAdder championOnly = new LongAdder();
    /* touched by judging tasks only, under the table's lock */
    private SplitTrafficJudge splitJudge;
    private Arm splitArm;

    /**
     * @param judgeSplit whether a fixed split (A/B or a user policy) is judged
     * @param shadowGate the gate of a shadow (null: a shadow is judged with the step gate's rule, and only recorded)
     * @param host the executor to judge on, or null for one owned daemon thread (started only when there is
     *     something to judge)
     * @param judging whether there is anything to judge (a candidate, a split or a shadow)
     */
    RolloutController(String name, RoutingTable table, StepGate gate, String salt, Consumer<ModelVersion> prepare,
            boolean judgeSplit, StepGate shadowGate, boolean shadow, Executor host, boolean judging) {
        this.name = name;
        this.table = table;
        this.gate = gate;
        this.salt = salt;
        this.prepare = prepare;
        this.judgeSplit = judgeSplit;
        StepGate sg = shadowGate != null ? shadowGate : gate;
        this.shadowJudge = shadow ? new PairedJudge(sg.effectiveRule(), sg.margin()) : null;
        this.shadowMoves = shadowGate != null;
        if (host != null || !judging) {
            this.executor = host;
            this.owned = null;
        } else {
            this.owned = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(2), r -> {
                Thread t = new Thread(r, "lifecycle-rollout-" + name);
                t.setDaemon(true);
                return t;
            });
            this.executor = owned;
        }
    }

    /** @return the routing of a step of a plan: the candidate alone at 100%, else a canary share */
    State stepState(ModelVersion control, ModelVersion candidate, Arm shadow, Plan plan) {
        double share = plan.steps[plan.step];
        if (share >= 1.0) {
            return new State(new Arm[] {table.arm("primary", candidate)}, RoutingPolicy.single(), shadow, null);
        }
        return new State(new Arm[] {table.arm("primary", control), table.arm("canary", candidate)},
                Routing.canary(share, salt), shadow, plan);
    }

    /** Called after a label joined a prediction served by {@code arm} under routing {@code s}: cheap. */
    void labelled(State s, Arm arm) {
        if (executor == null || s.arms.length < 2 || (arm != s.arms[0] && arm != s.arms[1])) {
            return;
        }
        long a = s.arms[0].stepLabelled.sum();
        long b = s.arms[1].stepLabelled.sum();
        if (s.plan != null ? s.plan.judge.due(a, b) : judgeSplit && splitDue(s, a, b)) {
            schedule();
        }
    }

    private boolean splitDue(State s, long a, long b) {
        SplitTrafficJudge j = splitJudge;
        return j == null || splitArm != s.arms[1] || j.due(a, b);
    }

    /** Called when a label joined a row both the serving version and the shadow scored: cheap. */
    void paired(boolean servingCorrect, boolean shadowCorrect) {
        if (shadowJudge == null || executor == null) {
            return;
        }
        paired.increment();
        if (shadowCorrect && !servingCorrect) {
            challengerOnly.increment();
        } else if (servingCorrect && !shadowCorrect) {
            championOnly.increment();
        }
        if (shadowJudge.due(paired.sum())) {
            schedule();
        }
    }

    private void schedule() {
        if (!queued.compareAndSet(false, true)) {
            return;
        }
        inFlight.incrementAndGet();
        try {
            executor.execute(this::judge);
        } catch (RejectedExecutionException e) {
            queued.set(false);
            rejected.increment();
            done();
        }
    }

    /** Takes every look that is due and moves the routing on conclusive decisions. */
    private void judge() {
        queued.set(false);
        try {
            synchronized (table) {
                State s = table.state();
                if (s.closed) {
                    return;
                }
                if (s.plan != null) {
                    step(s);
                } else if (judgeSplit && s.arms.length == 2) {
                    split(s);
                }
                s = table.state();
                if (shadowJudge != null && s.shadow != null && !s.closed) {
                    shadow(s);
                }
            }
        } catch (RuntimeException e) {
            failures.increment();
            LOG.log(System.Logger.Level.WARNING, "Deployment " + name + ": judging the rollout failed; the routing"
                    + " stays as it is", e);
        } finally {
            done();
        }
    }

    private void done() {
        if (inFlight.decrementAndGet() == 0) {
            synchronized (idle) {
                idle.notifyAll();
            }
        }
    }

    private void step(State s) {
        Arm control = s.arms[0];
        Arm cand = s.arms[1];
        Decision d = s.plan.judge.offer(control.stepLabelled.sum(), control.stepCorrect.sum(),
                cand.stepLabelled.sum(), cand.stepCorrect.sum());
        if (d == null || d.verdict() == Decision.Verdict.CONTINUE) {
            return;
        }
        double c = control.stepAccuracy();
        double k = cand.stepAccuracy();
        String numbers = String.format(Locale.ROOT, "%s accuracy %.4f on %d labels vs %s %.4f on %d labels at %s; %s",
                cand.version.id(), k, cand.stepLabelled.sum(), control.version.id(), c, control.stepLabelled.sum(),
                s.policy.describe(), d.reason());
        if (d.verdict() == Decision.Verdict.ROLL_BACK || k < gate.minAccuracy()) {
            State base = s.plan.base;
            table.end(new State(table.fresh(base.arms), base.policy, base.shadow, null),
                    String.format(Locale.ROOT, "auto-rollback: gate failed (margin %+.4f, floor %.4f): %s",
                            gate.margin(), gate.minAccuracy(), numbers), RolloutStatus.Phase.ROLLED_BACK,
                    cand.version, d);
            return;
        }
        Plan plan = s.plan;
        int nextStep = plan.step + 1;
        if (nextStep >= plan.steps.length) {
            table.end(new State(s.arms, s.policy, s.shadow, null), "gate passed, holding: " + numbers,
                    RolloutStatus.Phase.HOLDING, cand.version, d);
        } else if (plan.steps[nextStep] >= 1.0) {
            prepare.accept(cand.version);
            table.end(new State(new Arm[] {table.arm("primary", cand.version)}, RoutingPolicy.single(), s.shadow,
                    null), "promote: gate passed: " + numbers, RolloutStatus.Phase.PROMOTED, cand.version, d);
        } else {
            table.change(stepState(control.version, cand.version, s.shadow, new Plan(plan.steps, nextStep, plan.base,
                    gate)), "advance: gate passed: " + numbers);
        }
    }

    private void split(State s) {
        if (splitJudge == null || splitArm != s.arms[1]) {
            splitJudge = new SplitTrafficJudge(gate.effectiveRule(), gate.margin());
            splitArm = s.arms[1];
        }
        Arm a = s.arms[0];
        Arm b = s.arms[1];
        Decision d = splitJudge.offer(a.stepLabelled.sum(), a.stepCorrect.sum(), b.stepLabelled.sum(),
                b.stepCorrect.sum());
        if (d != null && d.verdict() != Decision.Verdict.CONTINUE) {
            table.decided(d, false, "split " + s.policy.describe() + ": " + b.version.id() + " vs " + a.version.id());
        }
    }

    private void shadow(State s) {
        Decision d = shadowJudge.offer(paired.sum(), challengerOnly.sum(), championOnly.sum());
        if (d == null || d.verdict() == Decision.Verdict.CONTINUE) {
            return;
        }
        ModelVersion v = s.shadow.version;
        String what = "shadow " + v.id() + " vs serving " + s.arms[0].version.id();
        table.decided(d, true, what);
        if (!shadowMoves || s.plan != null || s.arms.length > 1) {
            return;
        }
        if (d.verdict() == Decision.Verdict.PROMOTE) {
            prepare.accept(v);
            table.end(new State(new Arm[] {table.arm("primary", v)}, RoutingPolicy.single(), null, null),
                    "promote shadow: gate passed: " + what + "; " + d.reason(), RolloutStatus.Phase.PROMOTED, v, d);
        } else {
            table.end(s.withoutShadow(), "drop shadow: gate failed: " + what + "; " + d.reason(),
                    RolloutStatus.Phase.ROLLED_BACK, v, d);
        }
    }

    /** Waits until no judging task is queued or running (for tests and orderly shutdown). */
    void awaitIdle() {
        synchronized (idle) {
            while (inFlight.get() > 0) {
                try {
                    idle.wait(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** @return judging tasks the executor refused (the look is taken with the next label) */
    long rejected() {
        return rejected.sum();
    }

    /** @return judging tasks that failed (the routing stayed) */
    long failures() {
        return failures.sum();
    }

    /** Stops the owned judging thread (a host executor is the host's to stop). */
    @Override
    public void close() {
        if (owned != null) {
            for (int i = owned.shutdownNow().size(); i > 0; i--) {
                done();
            }
            try {
                owned.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
