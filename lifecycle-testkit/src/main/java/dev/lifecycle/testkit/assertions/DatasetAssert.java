package dev.lifecycle.testkit.assertions;

import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.data.Field;
import dev.lifecycle.api.data.Schema;
import java.util.ArrayList;
import java.util.Map;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import org.apiguardian.api.API;
import org.assertj.core.api.AbstractAssert;

/** Assertions on a {@link DatasetVersion}; failure messages show the evidence. */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public final class DatasetAssert extends AbstractAssert<DatasetAssert, DatasetVersion> {

    DatasetAssert(DatasetVersion actual) {
        super(actual, DatasetAssert.class);
    }

    /** Verifies the number of rows. */
    public DatasetAssert hasRows(int expected) {
        isNotNull();
        if (actual.size() != expected) {
            failWithMessage("Expected dataset %s to have %d rows but it has %d", actual.id(), expected, actual.size());
        }
        return this;
    }

    /** Verifies that every column of {@code schema} is present with the same type, and no other column. */
    public DatasetAssert conformsTo(Schema schema) {
        isNotNull();
        List<String> problems = new ArrayList<>();
        for (Field f : schema.fields()) {
            Field have = actual.schema().field(f.name()).orElse(null);
            if (have == null) {
                problems.add("column '" + f.name() + "' is missing");
            } else if (have.type() != f.type()) {
                problems.add("column '" + f.name() + "' is " + have.type() + ", expected " + f.type());
            } else if (have.nullable() && !f.nullable()) {
                problems.add("column '" + f.name() + "' has missing values, expected none");
            }
        }
        for (Field f : actual.schema().fields()) {
            if (schema.field(f.name()).isEmpty()) {
                problems.add("column '" + f.name() + "' is not in the expected schema");
            }
        }
        if (!problems.isEmpty()) {
            failWithMessage("Expected dataset %s to conform to the schema, but:%n  %s", actual.id(),
                    String.join(System.lineSeparator() + "  ", problems));
        }
        return this;
    }

    /** Verifies that a column has no missing value, listing the first rows that do. */
    public DatasetAssert hasNoMissing(String column) {
        return hasMissingRateAtMost(column, 0.0);
    }

    /** Verifies the share of missing values in a column. */
    public DatasetAssert hasMissingRateAtMost(String column, double rate) {
        isNotNull();
        List<Integer> missing = new ArrayList<>();
        for (int i = 0; i < actual.size(); i++) {
            if (actual.row(i).get(column) == null) {
                missing.add(i);
            }
        }
        double share = actual.size() == 0 ? 0 : (double) missing.size() / actual.size();
        if (share > rate) {
            failWithMessage("Expected column '%s' of %s to miss at most %s of values but %d of %d rows (%s) miss it;"
                    + " first rows: %s", column, actual.id(), pct(rate), missing.size(), actual.size(), pct(share),
                    missing.subList(0, Math.min(10, missing.size())));
        }
        return this;
    }

    /** Verifies that the share of rows whose target is {@code label} lies in [min, max]. */
    public DatasetAssert hasClassShareBetween(String label, double min, double max) {
        isNotNull();
        Map<String, Integer> counts = classCounts();
        double share = actual.size() == 0 ? 0 : counts.getOrDefault(label, 0) / (double) actual.size();
        if (share < min || share > max) {
            failWithMessage("Expected class '%s' to be between %s and %s of %s, but it is %s; class counts %s", label,
                    pct(min), pct(max), actual.id(), pct(share), counts);
        }
        return this;
    }

    private Map<String, Integer> classCounts() {
        Map<String, Integer> counts = new TreeMap<>();
        for (int i = 0; i < actual.size(); i++) {
            counts.merge(String.valueOf(actual.target(i)), 1, Integer::sum);
        }
        return counts;
    }

    static String pct(double share) {
        return String.format(Locale.ROOT, "%.2f%%", share * 100);
    }
}
