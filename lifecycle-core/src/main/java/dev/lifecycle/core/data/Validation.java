package dev.lifecycle.core.data;

import dev.lifecycle.api.data.Field;
import dev.lifecycle.api.data.Schema;
import dev.lifecycle.api.data.ValidationReport;
import dev.lifecycle.core.internal.ColumnarDataset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Validation of a version for {@link DatasetRegistry#validate(dev.lifecycle.api.data.DatasetVersion, List)}:
 * the expectations a pinned schema implies and the given ones, and how the schema departs from the pin.
 */
final class Validation {
    private Validation() {
    }

    static ValidationReport report(ColumnarDataset d, Optional<Schema> pinned, List<Expectation> expectations) {
        List<ValidationReport.Failure> failures = new ArrayList<>();
        for (Expectation e : expectationsFor(d.schema(), pinned, expectations)) {
            ValidationReport.Failure f = e.check(d);
            if (f != null) {
                failures.add(f);
            }
        }
        return new ValidationReport(d.id(), d.size(), failures, schemaChanges(d.schema(), pinned));
    }

    static List<Expectation> expectationsFor(Schema actual, Optional<Schema> pinned, List<Expectation> expectations) {
        List<Expectation> all = new ArrayList<>();
        pinned.ifPresent(p -> {
            for (Expectation e : Expectation.fromSchema(p)) {
                if (actual.indexOf(e.column()) >= 0) {
                    all.add(e);
                }
            }
        });
        all.addAll(expectations);
        return all;
    }

    static List<ValidationReport.SchemaChange> schemaChanges(Schema actual, Optional<Schema> pinned) {
        List<ValidationReport.SchemaChange> changes = new ArrayList<>();
        if (pinned.isEmpty()) {
            return changes;
        }
        Schema p = pinned.get();
        for (Field f : p.fields()) {
            Optional<Field> a = actual.field(f.name());
            if (a.isEmpty()) {
                changes.add(new ValidationReport.SchemaChange(f.name(), ValidationReport.SchemaChange.Kind.REMOVED,
                        f.type(), null));
            } else if (a.get().type() != f.type()) {
                changes.add(new ValidationReport.SchemaChange(f.name(), ValidationReport.SchemaChange.Kind.RETYPED,
                        f.type(), a.get().type()));
            }
        }
        for (Field f : actual.fields()) {
            if (p.field(f.name()).isEmpty()) {
                changes.add(new ValidationReport.SchemaChange(f.name(), ValidationReport.SchemaChange.Kind.ADDED,
                        null, f.type()));
            }
        }
        return changes;
    }
}
