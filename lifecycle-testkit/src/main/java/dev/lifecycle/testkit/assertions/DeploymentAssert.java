package dev.lifecycle.testkit.assertions;

import dev.lifecycle.api.deployment.ArmMetrics;
import dev.lifecycle.api.deployment.Deployment;
import dev.lifecycle.api.deployment.DeploymentMetrics;
import dev.lifecycle.api.model.ModelVersion;
import java.util.Locale;
import org.apiguardian.api.API;
import org.assertj.core.api.AbstractAssert;

/** Assertions on a {@link Deployment}. */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
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

    /**
     * Verifies from the deployment's metrics that the named arm served a share of all predictions
     * within {@code tolerance} of {@code share}.
     */
    public DeploymentAssert routedToArm(String arm, double share, double tolerance) {
        isNotNull();
        DeploymentMetrics m = actual.metrics();
        ArmMetrics a = m.arms().get(arm);
        long served = a == null ? 0 : a.predictions();
        double got = m.predictions() == 0 ? 0 : (double) served / m.predictions();
        if (Math.abs(got - share) > tolerance) {
            failWithMessage(String.format(Locale.ROOT, "Expected arm '%s' of %s to serve %.4f ± %.4f of predictions but"
                    + " it served %.4f (%d of %d); arms: %s", arm, actual.name(), share, tolerance, got, served,
                    m.predictions(), m.arms()));
        }
        return this;
    }

    /** Verifies from the deployment's metrics that the given version answered exactly {@code count} predictions. */
    public DeploymentAssert servedPredictionsWithVersion(int version, long count) {
        isNotNull();
        DeploymentMetrics m = actual.metrics();
        ArmMetrics v = m.versions().get(version);
        long got = v == null ? 0 : v.predictions();
        if (got != count) {
            failWithMessage("Expected version %d of %s to have answered %d predictions but it answered %d; per version: %s",
                    version, actual.name(), count, got, m.versions());
        }
        return this;
    }
}
