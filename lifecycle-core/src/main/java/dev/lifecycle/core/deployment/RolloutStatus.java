package dev.lifecycle.core.deployment;

import dev.lifecycle.api.model.ModelVersion;

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
 */
public record RolloutStatus(Phase phase, ModelVersion serving, ModelVersion candidate, int step, int steps,
        String description) {

    /** The phases of a deployment's routing. */
    public enum Phase {
        /** One version serves; no rollout was started or the last one ended by a swap or rollback call. */
        SERVING,
        /** Traffic is split between versions by a fixed A/B policy. */
        SPLIT,
        /** A canary or progressive rollout is running; its step gate has not decided yet. */
        IN_PROGRESS,
        /** The last step passed its gate and the plan ends below 100%: the split holds. */
        HOLDING,
        /** The candidate passed every gate and serves all traffic. */
        PROMOTED,
        /** The candidate failed a gate; the version it was rolled out against serves again. */
        ROLLED_BACK,
        /** The deployment is closed. */
        CLOSED
    }

    /** @return whether the rollout has ended (promoted, rolled back or holding) or none runs */
    public boolean settled() {
        return phase != Phase.IN_PROGRESS;
    }
}
