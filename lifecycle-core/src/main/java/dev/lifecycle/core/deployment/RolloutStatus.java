package dev.lifecycle.core.deployment;

import dev.lifecycle.api.evaluation.Decision;
import dev.lifecycle.api.model.ModelVersion;
import org.apiguardian.api.API;

/**
 * Where a deployment's rollout stands, as a value: what a loop or an operator reads instead of parsing
 * the routing description.
 *
 * @param phase the phase
 * @param serving the version serving the control share (all traffic when no rollout runs)
 * @param candidate the rolled-out version while a rollout runs or after it ended, else null
 * @param step the current step, from 1, while a rollout runs; 0 otherwise
 * @param steps the steps of the rollout plan; 0 without one
 * @param description the routing as journaled
 * @param decision the latest look of the split-traffic test (the running step's, the one that ended the
 *     rollout, or an A/B split's conclusion), or null before any
 * @param shadowDecision the conclusion of the paired test of the shadow against the serving version, or
 *     null while it has none
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public record RolloutStatus(Phase phase, ModelVersion serving, ModelVersion candidate, int step, int steps,
        String description, Decision decision, Decision shadowDecision) {

    /** A status without test decisions. */
    public RolloutStatus(Phase phase, ModelVersion serving, ModelVersion candidate, int step, int steps,
            String description) {
        this(phase, serving, candidate, step, steps, description, null, null);
    }

    /** The phases of a deployment's routing. */
    @API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
    public enum Phase {
        /** One version serves; no rollout was started or the last one ended by a swap or rollback call. */
        SERVING,
        /** Traffic is split between versions by a fixed A/B or user policy. */
        SPLIT,
        /** A canary or progressive rollout is running; its step gate has not decided yet. */
        IN_PROGRESS,
        /** The last step passed its gate and the plan ends below 100%: the split holds. */
        HOLDING,
        /** The candidate (or a gated shadow) passed every gate and serves all traffic. */
        PROMOTED,
        /** The candidate (or a gated shadow) failed a gate; the version it was judged against serves alone. */
        ROLLED_BACK,
        /** The deployment is closed. */
        CLOSED
    }

    /** @return whether the rollout has ended (promoted, rolled back or holding) or none runs */
    public boolean settled() {
        return phase != Phase.IN_PROGRESS;
    }
}
