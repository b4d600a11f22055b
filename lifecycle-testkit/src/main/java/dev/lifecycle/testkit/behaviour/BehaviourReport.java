package dev.lifecycle.testkit.behaviour;

import dev.lifecycle.api.data.Row;
import java.util.List;
import org.apiguardian.api.API;

/**
 * The outcome of a behavioural test of a model: how many cases were checked and which failed.
 *
 * @param test what was tested, e.g. {@code invariance under fnlwgt ±1%}
 * @param checked the number of cases checked
 * @param failures the cases that broke the expectation, in input order
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public record BehaviourReport(String test, int checked, List<Failure> failures) {

    /** Copies the failures. */
    public BehaviourReport {
        failures = List.copyOf(failures);
    }

    /** @return the share of cases that failed */
    public double failureRate() {
        return checked == 0 ? 0 : (double) failures.size() / checked;
    }

    /** @return whether every case passed */
    public boolean passed() {
        return failures.isEmpty();
    }

    /**
     * One failed case.
     *
     * @param index the position of the case in the input
     * @param input the row as given
     * @param changed the perturbed row, or {@code null} when the test does not perturb
     * @param detail what was expected and what the model did
     */
    @API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
    public record Failure(int index, Row input, Row changed, String detail) {
    }
}
