package dev.lifecycle.core.monitoring;

import dev.lifecycle.api.monitoring.FeatureSummary;
import dev.lifecycle.core.data.CategoricalProfile;
import dev.lifecycle.core.data.ColumnProfile;
import dev.lifecycle.core.data.NumericProfile;
import java.util.Map;

/** A data-phase column profile seen as a {@link FeatureSummary}. */
final class ProfileSummary implements FeatureSummary {
    private final ColumnProfile profile;

    ProfileSummary(ColumnProfile profile) {
        this.profile = profile;
    }

    ColumnProfile profile() {
        return profile;
    }

    @Override
    public String feature() {
        return profile.column();
    }

    @Override
    public boolean numeric() {
        return profile instanceof NumericProfile;
    }

    @Override
    public long count() {
        return profile.count();
    }

    @Override
    public long missing() {
        return profile.missing();
    }

    @Override
    public double quantile(double q) {
        return numericProfile().quantile(q);
    }

    @Override
    public double cdf(double x) {
        return numericProfile().cdf(x);
    }

    @Override
    public double stddev() {
        return profile instanceof NumericProfile n && n.count() > 0 ? n.stddev() : Double.NaN;
    }

    @Override
    public Map<String, Long> counts() {
        if (profile instanceof CategoricalProfile c) {
            return c.counts();
        }
        throw new UnsupportedOperationException("Feature '" + feature() + "' is numeric; it has no value counts");
    }

    private NumericProfile numericProfile() {
        if (profile instanceof NumericProfile n) {
            return n;
        }
        throw new UnsupportedOperationException("Feature '" + feature() + "' is categorical; it has no quantiles");
    }

    @Override
    public String toString() {
        return profile.toString();
    }
}
