package dev.lifecycle.api.deployment;

import org.apiguardian.api.API;

/** What became of one piece of delayed ground truth given to {@link Deployment#feedback}. */
@API(status = API.Status.STABLE, since = "0.1.0")
public enum FeedbackOutcome {
    /** Joined to its prediction and counted in the live metrics of its version and arm. */
    JOINED,
    /**
     * The prediction was made by this deployment but has left the join window (or already had its
     * label); counted as late. Enlarge the window if this happens often.
     */
    LATE,
    /** This deployment never made a prediction with that id; counted as unknown. */
    UNKNOWN
}
