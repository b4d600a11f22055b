package dev.lifecycle.api.evaluation;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.apiguardian.api.API;

/**
 * The decision of a gate: every check it made, each with value, threshold, verdict and a reason.
 * The gate passes when no check failed.
 *
 * @param model the evaluated model
 * @param dataset the dataset version it was evaluated on
 * @param checks every check, in the order the gate defines them
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public record GateResult(String model, String dataset, List<Check> checks) {

    /** Copies the checks. */
    public GateResult {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(dataset, "dataset");
        checks = List.copyOf(checks);
    }

    /** @return whether no check failed */
    public boolean passed() {
        return checks.stream().noneMatch(c -> c.verdict() == Verdict.FAIL);
    }

    /** @return the failed checks */
    public List<Check> failures() {
        return checks.stream().filter(c -> c.verdict() == Verdict.FAIL).toList();
    }

    /** @return one line per check, for logs and alias-move reasons */
    public String summary() {
        return (passed() ? "PASSED" : "FAILED") + " gate for " + model + " on " + dataset + "\n"
                + checks.stream().map(c -> "  " + c.verdict() + "  " + c.reason()).collect(Collectors.joining("\n"));
    }

    /** The outcome of one check. */
    @API(status = API.Status.STABLE, since = "0.1.0")
    public enum Verdict {
        /** The value met the threshold. */
        PASS,
        /** The value missed the threshold, or the check could not be made and the gate treats that as failure. */
        FAIL,
        /** The check could not be made (e.g. no usable baseline) and the gate was told to skip it. */
        SKIPPED
    }

    /**
     * One check.
     *
     * @param name what was checked, e.g. {@code accuracy >= 0.8} or {@code slice sex=Female accuracy}
     * @param value the measured value (NaN when it could not be measured)
     * @param threshold the value it was compared with (NaN when none applies)
     * @param verdict pass, fail or skipped
     * @param reason one line a person can act on
     */
    @API(status = API.Status.STABLE, since = "0.1.0")
    public record Check(String name, double value, double threshold, Verdict verdict, String reason) {
        /** Checks that the components are present. */
        public Check {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(verdict, "verdict");
            Objects.requireNonNull(reason, "reason");
        }
    }
}
