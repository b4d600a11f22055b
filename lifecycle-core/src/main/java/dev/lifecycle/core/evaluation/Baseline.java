package dev.lifecycle.core.evaluation;

import dev.lifecycle.api.evaluation.Evaluation;
import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * What a gate compares a candidate with: the evaluation of the current alias holder on the same data,
 * or the reason there is none. A baseline from a failed run is never used: make it with
 * {@link #unusable(String)} and the gate's relative checks fail or are skipped, as the gate says.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public final class Baseline {
    private final Evaluation evaluation;
    private final String reason;

    private Baseline(Evaluation evaluation, String reason) {
        this.evaluation = evaluation;
        this.reason = reason;
    }

    /** @return a usable baseline */
    public static Baseline of(Evaluation evaluation) {
        return new Baseline(Objects.requireNonNull(evaluation, "evaluation"), null);
    }

    /**
     * @param succeeded whether the run that produced the evaluation succeeded
     * @return the evaluation as a baseline if its run succeeded, otherwise an unusable baseline saying so
     */
    public static Baseline fromRun(Evaluation evaluation, boolean succeeded) {
        return succeeded ? of(evaluation)
                : unusable("the baseline run of " + evaluation.model() + " failed, and results of failed runs are "
                        + "never used as a baseline");
    }

    /** @return no baseline, for the given reason (e.g. {@code model fraud has no alias champion}) */
    public static Baseline unusable(String why) {
        return new Baseline(null, Objects.requireNonNull(why, "why"));
    }

    /** @return the baseline evaluation, when usable */
    public Optional<Evaluation> evaluation() {
        return Optional.ofNullable(evaluation);
    }

    /** @return why there is no usable baseline, when there is none */
    public Optional<String> unusableReason() {
        return Optional.ofNullable(reason);
    }

    @Override
    public String toString() {
        return evaluation != null ? "Baseline[" + evaluation.model() + " on " + evaluation.dataset() + "]"
                : "Baseline[none: " + reason + "]";
    }
}
