package dev.lifecycle.api.data;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * New labels for some rows of a dataset version, each with why and who; applying it makes a new version.
 *
 * @param changes the changes, at most one per row
 */
public record LabelPatch(List<Change> changes) {

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

    /** @return a patch of these changes */
    public static LabelPatch of(Change... changes) {
        return new LabelPatch(List.of(changes));
    }

    /**
     * One relabelled row.
     *
     * @param row the row position in the version the patch is applied to
     * @param label the new label
     * @param reason why it changes
     * @param author who decided it
     */
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
