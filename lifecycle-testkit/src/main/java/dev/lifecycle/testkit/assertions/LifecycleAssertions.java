package dev.lifecycle.testkit.assertions;

import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.deployment.Deployment;
import dev.lifecycle.api.deployment.RoutingPolicy;
import dev.lifecycle.api.evaluation.Evaluation;
import dev.lifecycle.api.model.Model;
import dev.lifecycle.core.monitoring.DriftWindow;
import dev.lifecycle.testkit.behaviour.BehaviourReport;
import org.apiguardian.api.API;

/**
 * Entry point of the fluent assertions, in the AssertJ style:
 * {@code assertThat(evaluation).hasAccuracyAtLeast(0.8)}.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public final class LifecycleAssertions {
    private LifecycleAssertions() {
    }

    /** @return assertions on a dataset version */
    public static DatasetAssert assertThat(DatasetVersion actual) {
        return new DatasetAssert(actual);
    }

    /** @return assertions on an evaluation */
    public static EvaluationAssert assertThat(Evaluation actual) {
        return new EvaluationAssert(actual);
    }

    /** @return assertions on a model */
    public static ModelAssert assertThat(Model actual) {
        return new ModelAssert(actual);
    }

    /** @return assertions on a deployment */
    public static DeploymentAssert assertThat(Deployment actual) {
        return new DeploymentAssert(actual);
    }

    /** @return assertions on a routing policy */
    public static RoutingAssert assertThat(RoutingPolicy actual) {
        return new RoutingAssert(actual);
    }

    /** @return assertions on a monitoring window's drift report */
    public static DriftAssert assertThat(DriftWindow actual) {
        return new DriftAssert(actual);
    }

    /** @return assertions on the outcome of a behavioural test */
    public static BehaviourAssert assertThat(BehaviourReport actual) {
        return new BehaviourAssert(actual);
    }
}
