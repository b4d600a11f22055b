package dev.lifecycle.testkit.assertions;

import dev.lifecycle.testkit.behaviour.BehaviourReport;
import java.util.stream.Collectors;
import org.apiguardian.api.API;
import org.assertj.core.api.AbstractAssert;

/** Assertions on a {@link BehaviourReport}; a failure lists the offending rows. */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public final class BehaviourAssert extends AbstractAssert<BehaviourAssert, BehaviourReport> {
    private static final int SHOWN = 10;

    BehaviourAssert(BehaviourReport actual) {
        super(actual, BehaviourAssert.class);
    }

    /** Verifies that every case passed. */
    public BehaviourAssert passes() {
        return hasFailureRateAtMost(0.0);
    }

    /** Verifies that at most this share of cases failed. */
    public BehaviourAssert hasFailureRateAtMost(double rate) {
        isNotNull();
        if (actual.failureRate() > rate) {
            String rows = actual.failures().stream().limit(SHOWN)
                    .map(f -> "row " + f.index() + ": " + f.detail() + "; input " + f.input()
                            + (f.changed() != null ? "; changed " + f.changed() : ""))
                    .collect(Collectors.joining(System.lineSeparator() + "  "));
            failWithMessage("%s failed on %d of %d rows (%s, at most %s allowed); offending rows:%n  %s%s",
                    actual.test(), actual.failures().size(), actual.checked(), DatasetAssert.pct(actual.failureRate()),
                    DatasetAssert.pct(rate), rows, actual.failures().size() > SHOWN
                            ? System.lineSeparator() + "  ... and " + (actual.failures().size() - SHOWN) + " more" : "");
        }
        return this;
    }
}
