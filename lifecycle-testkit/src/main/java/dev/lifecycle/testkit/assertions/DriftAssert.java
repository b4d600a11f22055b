package dev.lifecycle.testkit.assertions;

import dev.lifecycle.api.monitoring.DriftResult;
import dev.lifecycle.api.monitoring.DriftVerdict;
import dev.lifecycle.core.monitoring.DriftWindow;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apiguardian.api.API;
import org.assertj.core.api.AbstractAssert;

/** Assertions on a monitoring window's drift report; failure messages list every feature's score and threshold. */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public final class DriftAssert extends AbstractAssert<DriftAssert, DriftWindow> {

    DriftAssert(DriftWindow actual) {
        super(actual, DriftAssert.class);
    }

    /** Verifies that no feature (nor the prediction) drifted. */
    public DriftAssert hasNoDrift() {
        isNotNull();
        if (!actual.drifted().isEmpty()) {
            failWithMessage("Expected no drift in window %d (rows %d to %d) but %s drifted:%n%s", actual.index(),
                    actual.firstRow() + 1, actual.firstRow() + actual.rows(), actual.drifted(), table(actual.drift()));
        }
        return this;
    }

    /** Verifies that exactly these features (and no others) drifted. */
    public DriftAssert hasDriftIn(String... features) {
        isNotNull();
        if (!actual.drifted().equals(List.of(features))) {
            failWithMessage("Expected drift in exactly %s in window %d but it is in %s:%n%s", List.of(features),
                    actual.index(), actual.drifted(), table(actual.drift()));
        }
        return this;
    }

    /** Verifies the verdict for one feature. */
    public DriftAssert hasVerdict(String feature, DriftVerdict verdict) {
        isNotNull();
        DriftResult r = actual.drift().stream().filter(d -> d.feature().equals(feature)).findFirst().orElse(null);
        if (r == null) {
            failWithMessage("Window %d has no drift result for '%s'; it judged %s", actual.index(), feature,
                    actual.drift().stream().map(DriftResult::feature).toList());
        } else if (r.verdict() != verdict) {
            failWithMessage("Expected %s for '%s' in window %d but got %s:%n%s", verdict, feature, actual.index(),
                    r.verdict(), table(List.of(r)));
        }
        return this;
    }

    private static String table(List<DriftResult> results) {
        return results.stream().map(r -> String.format(Locale.ROOT, "  %-16s %-14s score %.4f threshold %.4f%s %s",
                r.feature(), r.method(), r.score(), r.threshold(),
                Double.isNaN(r.pValue()) ? "" : String.format(Locale.ROOT, " p %.2g", r.pValue()), r.verdict()))
                .collect(Collectors.joining(System.lineSeparator()));
    }
}
