package dev.lifecycle.core.deployment;

import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.deployment.RoutingPolicy;
import dev.lifecycle.api.model.ModelVersion;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import org.apiguardian.api.API;

/**
 * How a deployment serves: which version answers, whether a candidate gets a canary share, a
 * progressive rollout, an A/B split, a split by the host's own {@link RoutingPolicy} or shadow traffic,
 * and what is logged, monitored and cached.
 * Immutable; every method returns a changed copy and fails fast on conflicting choices.
 *
 * <pre>{@code
 * Deployment dep = lc.deploy("elec2-clf", Rollout.alias("champion")
 *         .progressive("challenger", 0.05, 0.25, 1.0).gate(StepGate.after(500))
 *         .logPredictions().monitorInputs());
 * }</pre>
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public final class Rollout {
    enum Mode { SINGLE, CANARY, PROGRESSIVE, AB, ROUTED }

    ModelVersion primary;
    String primaryAlias;
    Mode mode = Mode.SINGLE;
    ModelVersion candidate;
    String candidateAlias;
    double[] steps = new double[0];
    String abKey;
    String salt;
    ModelVersion shadow;
    String shadowAlias;
    StepGate gate = StepGate.after(500);
    List<Row> warmUpRows;
    int warmUpPredictions = 256;
    InputPolicy inputPolicy = InputPolicy.reject();
    PredictionLogOptions log;
    boolean monitorInputs;
    int cacheSize;
    int shadowQueue = 256;
    int feedbackWindow = 1 << 16;
    RoutingPolicy policy;
    StepGate shadowGate;
    Executor judgeExecutor;

    private Rollout() {
    }

    private Rollout copy() {
        Rollout r = new Rollout();
        r.primary = primary;
        r.primaryAlias = primaryAlias;
        r.mode = mode;
        r.candidate = candidate;
        r.candidateAlias = candidateAlias;
        r.steps = steps;
        r.abKey = abKey;
        r.salt = salt;
        r.shadow = shadow;
        r.shadowAlias = shadowAlias;
        r.gate = gate;
        r.warmUpRows = warmUpRows;
        r.warmUpPredictions = warmUpPredictions;
        r.inputPolicy = inputPolicy;
        r.log = log;
        r.monitorInputs = monitorInputs;
        r.cacheSize = cacheSize;
        r.shadowQueue = shadowQueue;
        r.feedbackWindow = feedbackWindow;
        r.policy = policy;
        r.shadowGate = shadowGate;
        r.judgeExecutor = judgeExecutor;
        return r;
    }

    /** @return a rollout serving this version */
    public static Rollout version(ModelVersion primary) {
        Rollout r = new Rollout();
        r.primary = Objects.requireNonNull(primary, "primary");
        return r;
    }

    /** @return a rollout serving the version an alias (e.g. {@code champion}) points to at deploy time */
    public static Rollout alias(String alias) {
        Rollout r = new Rollout();
        r.primaryAlias = Objects.requireNonNull(alias, "alias");
        return r;
    }

    /** @return this rollout sending a fixed share of requests (by request-id hash) to a candidate version */
    public Rollout canary(ModelVersion candidateVersion, double share) {
        return withCandidate(Mode.CANARY, Objects.requireNonNull(candidateVersion, "candidate"), null, share);
    }

    /** @return this rollout sending a fixed share of requests to the version an alias points to */
    public Rollout canary(String candidateAlias, double share) {
        return withCandidate(Mode.CANARY, null, Objects.requireNonNull(candidateAlias, "candidate alias"), share);
    }

    /**
     * @param shares the candidate's share at each step, increasing; a last step of 1.0 promotes it
     * @return this rollout moving traffic to a candidate step by step, with a {@link #gate} between steps
     */
    public Rollout progressive(ModelVersion candidateVersion, double... shares) {
        return withCandidate(Mode.PROGRESSIVE, Objects.requireNonNull(candidateVersion, "candidate"), null, shares);
    }

    /** @return like {@link #progressive(ModelVersion, double...)} with the version an alias points to */
    public Rollout progressive(String candidateAlias, double... shares) {
        return withCandidate(Mode.PROGRESSIVE, null, Objects.requireNonNull(candidateAlias, "candidate alias"),
                shares);
    }

    /**
     * @param keyColumn the column whose value (e.g. a user id) picks the arm, stickily
     * @param shareB the share of keys that get version {@code b}
     * @return this rollout splitting traffic between the primary (arm {@code a}) and {@code b}
     */
    public Rollout abTest(ModelVersion b, String keyColumn, double shareB) {
        Rollout r = withCandidate(Mode.AB, Objects.requireNonNull(b, "b"), null, shareB);
        r.abKey = Objects.requireNonNull(keyColumn, "keyColumn");
        return r;
    }

    /** @return like {@link #abTest(ModelVersion, String, double)} with the version an alias points to */
    public Rollout abTest(String bAlias, String keyColumn, double shareB) {
        Rollout r = withCandidate(Mode.AB, null, Objects.requireNonNull(bAlias, "b alias"), shareB);
        r.abKey = Objects.requireNonNull(keyColumn, "keyColumn");
        return r;
    }

    /**
     * Routes traffic between the primary (arm 0) and {@code b} (arm 1) with the host's own policy. The
     * policy is guarded: a call that throws or answers another arm sends the request to the primary and is
     * counted ({@link InProcessDeployment#routingFailures()}). The split is judged like an A/B test.
     *
     * @param routing a thread-safe, allocation-free policy over 2 arms
     */
    public Rollout route(ModelVersion b, RoutingPolicy routing) {
        Rollout r = withCandidate(Mode.ROUTED, Objects.requireNonNull(b, "b"), null, 0.5);
        r.policy = checkPolicy(routing);
        return r;
    }

    /** @return like {@link #route(ModelVersion, RoutingPolicy)} with the version an alias points to */
    public Rollout route(String bAlias, RoutingPolicy routing) {
        Rollout r = withCandidate(Mode.ROUTED, null, Objects.requireNonNull(bAlias, "b alias"), 0.5);
        r.policy = checkPolicy(routing);
        return r;
    }

    private static RoutingPolicy checkPolicy(RoutingPolicy routing) {
        Objects.requireNonNull(routing, "routing policy");
        int arms;
        try {
            arms = routing.arms();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("The routing policy " + routing.getClass().getName()
                    + " failed to say how many arms it routes between: " + e, e);
        }
        if (arms != 2) {
            throw new IllegalArgumentException("A deployment routes between the primary and one version b, so the"
                    + " policy must route between 2 arms; " + routing.getClass().getName() + " says " + arms);
        }
        return routing;
    }

    private Rollout withCandidate(Mode m, ModelVersion v, String alias, double... shares) {
        if (mode != Mode.SINGLE) {
            throw new IllegalStateException("This rollout already has a " + mode.name().toLowerCase(java.util.Locale.ROOT)
                    + " candidate; a deployment routes between a primary and one candidate (add a shadow separately)");
        }
        if (shares.length == 0) {
            throw new IllegalArgumentException("Give at least one traffic share for the candidate");
        }
        double prev = 0;
        for (double s : shares) {
            Routing.checkShare(s, "candidate share");
            if (m == Mode.PROGRESSIVE && s <= prev) {
                throw new IllegalArgumentException("Progressive steps must increase, got " + Arrays.toString(shares));
            }
            prev = s;
        }
        Rollout r = copy();
        r.mode = m;
        r.candidate = v;
        r.candidateAlias = alias;
        r.steps = shares.clone();
        return r;
    }

    /** @return this rollout with a salt for the routing hash (default: the model name) */
    public Rollout salt(String value) {
        Rollout r = copy();
        r.salt = Objects.requireNonNull(value, "salt");
        return r;
    }

    /**
     * @return this rollout also sending every request to a shadow version on a bounded background
     *     executor; its predictions are logged, never returned, and dropped (and counted) when the
     *     shadow queue is full
     */
    public Rollout shadow(ModelVersion version) {
        Rollout r = checkNoShadow();
        r.shadow = Objects.requireNonNull(version, "shadow");
        return r;
    }

    /** @return like {@link #shadow(ModelVersion)} with the version an alias points to */
    public Rollout shadow(String alias) {
        Rollout r = checkNoShadow();
        r.shadowAlias = Objects.requireNonNull(alias, "shadow alias");
        return r;
    }

    private Rollout checkNoShadow() {
        if (shadow != null || shadowAlias != null) {
            throw new IllegalStateException("This rollout already has a shadow; a deployment has at most one");
        }
        return copy();
    }

    /**
     * Lets the shadow take over on evidence: once the paired test on rows both versions scored concludes,
     * a shadow shown better is promoted to serve all traffic and one shown worse (or without evidence
     * within the gate's budget) is dropped. Without this the conclusion is only recorded.
     */
    public Rollout shadowGate(StepGate gate) {
        Rollout r = copy();
        r.shadowGate = Objects.requireNonNull(gate, "shadow gate");
        return r;
    }

    /**
     * Judges rollout steps, splits and the shadow on this executor, e.g. the host's background pool
     * (default: one daemon thread the deployment owns and stops on close). Never the request thread;
     * {@code Runnable::run} judges on the thread calling {@code feedback}, deterministically.
     */
    public Rollout judgeOn(Executor executor) {
        Rollout r = copy();
        r.judgeExecutor = Objects.requireNonNull(executor, "executor");
        return r;
    }

    /** @return this rollout with a bound on queued shadow calls (default 256) */
    public Rollout shadowQueue(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("The shadow queue must hold at least 1 call, got " + capacity);
        }
        Rollout r = copy();
        r.shadowQueue = capacity;
        return r;
    }

    /** @return this rollout judging canary and progressive steps with this gate (default: {@code StepGate.after(500)}) */
    public Rollout gate(StepGate stepGate) {
        Rollout r = copy();
        r.gate = Objects.requireNonNull(stepGate, "gate");
        return r;
    }

    /** @return this rollout warming up every version on these rows before it takes traffic */
    public Rollout warmUp(List<Row> rows) {
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("Give at least one warm-up row, or use warmUp(0) to skip warm-up");
        }
        Rollout r = copy();
        r.warmUpRows = List.copyOf(rows);
        return r;
    }

    /**
     * @return this rollout warming up every version with this many predictions before it takes traffic
     *     (on the given warm-up rows, else on rows of the version's training data); 0 skips warm-up
     */
    public Rollout warmUp(int predictions) {
        if (predictions < 0) {
            throw new IllegalArgumentException("Warm-up predictions must be 0 or more, got " + predictions);
        }
        Rollout r = copy();
        r.warmUpPredictions = predictions;
        return r;
    }

    /** @return this rollout with a policy for rows the model cannot take (default: reject) */
    public Rollout inputPolicy(InputPolicy policy) {
        Rollout r = copy();
        r.inputPolicy = Objects.requireNonNull(policy, "policy");
        return r;
    }

    /** @return this rollout keeping a prediction log with the default options */
    public Rollout logPredictions() {
        return logPredictions(PredictionLogOptions.defaults());
    }

    /** @return this rollout keeping a prediction log */
    public Rollout logPredictions(PredictionLogOptions options) {
        Rollout r = copy();
        r.log = Objects.requireNonNull(options, "options");
        return r;
    }

    /** @return this rollout keeping running min/max/mean/count of every numeric input */
    public Rollout monitorInputs() {
        Rollout r = copy();
        r.monitorInputs = true;
        return r;
    }

    /** @return this rollout caching up to {@code entries} predictions keyed by input and version */
    public Rollout cache(int entries) {
        if (entries < 1) {
            throw new IllegalArgumentException("A prediction cache needs at least 1 entry, got " + entries);
        }
        Rollout r = copy();
        r.cacheSize = entries;
        return r;
    }

    /**
     * @return this rollout remembering the last {@code predictions} predictions for the feedback join
     *     (default 65,536, rounded up to a power of two; 0 turns feedback off)
     */
    public Rollout feedbackWindow(int predictions) {
        if (predictions < 0 || predictions > (1 << 28)) {
            throw new IllegalArgumentException("The feedback window must be 0 to 2^28 predictions, got " + predictions);
        }
        Rollout r = copy();
        r.feedbackWindow = predictions;
        return r;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Rollout{");
        sb.append(primary != null ? primary.id() : "alias " + primaryAlias);
        if (mode != Mode.SINGLE) {
            sb.append(", ").append(mode.name().toLowerCase(java.util.Locale.ROOT)).append(' ')
                    .append(candidate != null ? candidate.id() : "alias " + candidateAlias).append(' ')
                    .append(Arrays.toString(steps));
        }
        if (policy != null) {
            sb.append(", policy ").append(policy.getClass().getName());
        }
        if (shadow != null || shadowAlias != null) {
            sb.append(", shadow ").append(shadow != null ? shadow.id() : "alias " + shadowAlias);
        }
        sb.append(", input ").append(inputPolicy);
        if (log != null) {
            sb.append(", ").append(log);
        }
        return sb.append('}').toString();
    }
}
