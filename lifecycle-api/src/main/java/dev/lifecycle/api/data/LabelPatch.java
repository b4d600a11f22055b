package dev.lifecycle.api.data;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * New labels for some rows of a dataset version, each with why and who; applying it makes a new version.
 * A label the target does not know is refused unless the patch {@link #extendingDomain() extends the
 * domain}, and then the new version's schema lists the new class.
 *
 * @param changes the changes, at most one per row
 * @param extendsDomain whether labels outside the target's known classes are allowed (and added)
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public record LabelPatch(List<Change> changes, boolean extendsDomain) {

    /** Validates and copies the changes. */
    public LabelPatch {
        changes = List.copyOf(changes);
        Set<Integer> rows = new HashSet<>();
        for (Change c : changes) {
            if (!rows.add(c.row())) {
                throw new IllegalArgumentException("Row " + c.row() + " is relabelled twice in one patch; keep one change");
            }
        }
    }

    /** A patch that may only use the target's known classes. */
    public LabelPatch(List<Change> changes) {
        this(changes, false);
    }

    /** @return a patch of these changes */
    public static LabelPatch of(Change... changes) {
        return new LabelPatch(List.of(changes));
    }

    /** @return this patch, allowed to introduce classes the target does not know yet */
    public LabelPatch extendingDomain() {
        return new LabelPatch(changes, true);
    }

    /**
     * One relabelled row.
     *
     * @param row the row position in the version the patch is applied to
     * @param label the new label
     * @param reason why it changes
     * @param author who decided it
     */
    @API(status = API.Status.STABLE, since = "0.1.0")
    public record Change(int row, String label, String reason, String author) {
        /** Validates the arguments. */
        public Change {
            if (row < 0) {
                throw new IllegalArgumentException("A row position cannot be negative, got " + row);
            }
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(reason, "reason: say why the label changes");
            Objects.requireNonNull(author, "author: say who changes the label");
        }
    }
}
