package dev.lifecycle.core.loop;

import java.time.Instant;
import org.apiguardian.api.API;

/**
 * One recorded iteration of a {@link Loop}.
 *
 * @param index the iteration number, from 1
 * @param labelsSeen labels the loop had received when it fired
 * @param reason why it fired (the trigger's reason, or the manual reason)
 * @param dataset the id of the dataset version built for it (labelled prediction log plus history)
 * @param historyRows the training rows in that version
 * @param champion the champion's version id when it fired
 * @param challenger the challenger's version id
 * @param championAccuracy the champion's accuracy on the held-out recent rows
 * @param challengerAccuracy the challenger's accuracy on the same rows
 * @param heldOut the number of held-out rows
 * @param outcome what happened
 * @param detail the gate's or the canary's reasoning
 * @param time when the outcome was decided
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public record LoopIteration(int index, long labelsSeen, String reason, String dataset, int historyRows,
        String champion, String challenger, double championAccuracy, double challengerAccuracy, int heldOut,
        Outcome outcome, String detail, Instant time) {

    /** What an iteration ended with. */
    @API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
    public enum Outcome {
        /** The challenger failed the offline gate and was not deployed. */
        REJECTED,
        /** The challenger is serving as a canary; the outcome follows in a later record. */
        CANARY,
        /** The challenger became the champion. */
        PROMOTED,
        /** The canary failed its live gate and the champion serves alone again. */
        ROLLED_BACK,
        /** The iteration failed (the detail says why); the champion keeps serving. */
        FAILED
    }
}
