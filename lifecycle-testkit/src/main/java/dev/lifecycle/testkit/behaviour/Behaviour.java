package dev.lifecycle.testkit.behaviour;

import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.model.Model;
import dev.lifecycle.api.model.Prediction;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.apiguardian.api.API;

/**
 * Behavioural tests of models, after CheckList (Ribeiro et al., 2020): they check what a model does
 * rather than how accurate it is, and report every row that breaks the expectation. Assert on the
 * report with {@code LifecycleAssertions.assertThat(report)}.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public final class Behaviour {
    private Behaviour() {
    }

    /** Which way a score must move in a directional test. */
    @API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
    public enum Direction {
        /** The score must not go down. */
        NOT_DECREASING,
        /** The score must not go up. */
        NOT_INCREASING
    }

    /**
     * Invariance: a perturbation that should not matter must not change the predicted label.
     *
     * @param description names the perturbation in the report
     */
    public static BehaviourReport invariance(Model model, List<Row> rows, String description,
            UnaryOperator<Row> perturbation) {
        List<BehaviourReport.Failure> failures = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            Row in = rows.get(i);
            Row changed = perturbation.apply(in);
            Prediction before = model.predict(in);
            Prediction after = model.predict(changed);
            if (!Objects.equals(before.label(), after.label())) {
                failures.add(new BehaviourReport.Failure(i, in, changed,
                        "label changed from " + before.label() + " to " + after.label()));
            }
        }
        return new BehaviourReport("invariance under " + description, rows.size(), failures);
    }

    /**
     * Directional expectation: a change must move the score of {@code label} in the given direction
     * (a move smaller than {@code tolerance} the other way is allowed for numerical noise).
     */
    public static BehaviourReport directional(Model model, List<Row> rows, String description,
            UnaryOperator<Row> change, String label, Direction direction, double tolerance) {
        if (!model.signature().labels().contains(label)) {
            throw new IllegalArgumentException("The model predicts " + model.signature().labels() + ", not '" + label
                    + "'");
        }
        List<BehaviourReport.Failure> failures = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            Row in = rows.get(i);
            Row changed = change.apply(in);
            double before = model.predict(in).score(label);
            double after = model.predict(changed).score(label);
            double move = after - before;
            boolean wrong = direction == Direction.NOT_DECREASING ? move < -tolerance : move > tolerance;
            if (wrong) {
                failures.add(new BehaviourReport.Failure(i, in, changed, String.format(Locale.ROOT,
                        "score of %s moved from %.6f to %.6f", label, before, after)));
            }
        }
        return new BehaviourReport(description + ": score of " + label + " "
                + (direction == Direction.NOT_DECREASING ? "must not decrease" : "must not increase"), rows.size(),
                failures);
    }

    /** Minimum functionality: a small set of cases, each with the label it must get. */
    public static BehaviourReport minimumFunctionality(Model model, String description, Map<Row, String> cases) {
        List<BehaviourReport.Failure> failures = new ArrayList<>();
        int i = 0;
        for (Map.Entry<Row, String> c : cases.entrySet()) {
            Prediction p = model.predict(c.getKey());
            if (!Objects.equals(p.label(), c.getValue())) {
                failures.add(new BehaviourReport.Failure(i, c.getKey(), null,
                        "expected " + c.getValue() + ", got " + p.label()));
            }
            i++;
        }
        return new BehaviourReport("minimum functionality: " + description, cases.size(), failures);
    }
}
