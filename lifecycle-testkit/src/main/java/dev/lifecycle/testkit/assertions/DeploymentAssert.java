package dev.lifecycle.testkit.assertions;

import dev.lifecycle.api.deployment.Deployment;
import dev.lifecycle.api.model.ModelVersion;
import org.assertj.core.api.AbstractAssert;

/** Assertions on a {@link Deployment}. */
public final class DeploymentAssert extends AbstractAssert<DeploymentAssert, Deployment> {

    DeploymentAssert(Deployment actual) {
        super(actual, DeploymentAssert.class);
    }

    /** Verifies the version serving now. */
    public DeploymentAssert serves(ModelVersion expected) {
        return servesVersion(expected.version());
    }

    /** Verifies the number of the version serving now. */
    public DeploymentAssert servesVersion(int version) {
        isNotNull();
        ModelVersion now = actual.current();
        if (now.version() != version) {
            failWithMessage("Expected deployment %s to serve version %d but it serves %s", actual.name(), version,
                    now);
        }
        return this;
    }
}
