package dev.lifecycle.core.data;

import org.apiguardian.api.API;

/**
 * The profile of one column: a mergeable summary computed in one pass. Merging the profiles of
 * disjoint parts of a column gives the profile of the whole (exactly for counts, bounds and category
 * counts; within floating-point rounding for mean and variance; within {@link NumericProfile#rankError()}
 * for quantiles).
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public sealed interface ColumnProfile permits NumericProfile, CategoricalProfile {

    /** @return the column name */
    String column();

    /** @return the number of present (non-missing) values */
    long count();

    /** @return the number of missing values */
    long missing();

    /** @return the estimated number of distinct present values */
    long distinct();

    /** @return the share of missing values among all values; 0 for an empty column */
    default double missingRate() {
        long all = count() + missing();
        return all == 0 ? 0 : (double) missing() / all;
    }

    /**
     * @return the profile of the union of the rows of both
     * @throws IllegalArgumentException when the other profile is of another column or kind
     */
    ColumnProfile merge(ColumnProfile other);
}
