package dev.lifecycle.core.monitoring.internal;

import dev.lifecycle.core.data.CategoricalProfile;
import dev.lifecycle.core.data.ColumnProfile;
import dev.lifecycle.core.data.NumericProfile;
import java.util.Map;

/** The checks a monitor runs on a window against its reference, as pure functions of the two profiles. */
public final class WindowChecks {
    private WindowChecks() {
    }

    /**
     * @return the share of a window's values outside the reference's domain: below its minimum or above
     *     its maximum (numbers), or categories it never had
     */
    public static double outOfDomain(ColumnProfile ref, ColumnProfile cur) {
        if (cur.count() == 0 || ref.count() == 0) {
            return 0;
        }
        if (ref instanceof NumericProfile r && cur instanceof NumericProfile c) {
            double below = c.min() < r.min() ? c.cdf(Math.nextDown(r.min())) : 0;
            double above = c.max() > r.max() ? 1 - c.cdf(r.max()) : 0;
            return below + above;
        }
        CategoricalProfile r = (CategoricalProfile) ref;
        long unseen = 0;
        for (Map.Entry<String, Long> e : ((CategoricalProfile) cur).counts().entrySet()) {
            if (!r.counts().containsKey(e.getKey())) {
                unseen += e.getValue();
            }
        }
        return (double) unseen / cur.count();
    }
}
