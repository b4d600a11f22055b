package dev.lifecycle.samples.host;

import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.deployment.Deployment;
import dev.lifecycle.api.evaluation.Evaluation;
import dev.lifecycle.api.model.ModelVersion;
import dev.lifecycle.api.model.Prediction;
import dev.lifecycle.core.Lifecycle;
import dev.lifecycle.core.data.Split;
import dev.lifecycle.core.model.Trainers;
import java.util.Locale;
import java.util.Objects;

/**
 * A tiny host application: a service that scores risk from three measurements with a model it
 * trains, checks and deploys through Lifecycle. Its test suite ({@code RiskServiceTest}) shows how a
 * team tests such a service with {@code lifecycle-testkit}.
 */
public final class RiskService implements AutoCloseable {
    /** The model name in the registry. */
    public static final String MODEL = "risk";

    private final Lifecycle lifecycle;
    private final Deployment deployment;
    private final Evaluation evaluation;

    private RiskService(Lifecycle lifecycle, Deployment deployment, Evaluation evaluation) {
        this.lifecycle = lifecycle;
        this.deployment = deployment;
        this.evaluation = evaluation;
    }

    /**
     * Trains on the first 80% of {@code history} (in time order), checks the model on the rest and
     * starts serving it if its accuracy is at least {@code minimumAccuracy}.
     *
     * @throws IllegalStateException naming the accuracy when the model is not good enough to serve
     */
    public static RiskService start(Lifecycle lifecycle, DatasetVersion history, double minimumAccuracy) {
        Objects.requireNonNull(lifecycle, "lifecycle");
        Split split = lifecycle.datasets().splitTimeOrdered(history, 0.8);
        ModelVersion model = lifecycle.train(MODEL, Trainers.logisticRegression().epochs(10).seed(7), split.train());
        Evaluation ev = lifecycle.evaluate(model, split.test());
        if (ev.accuracy() < minimumAccuracy) {
            throw new IllegalStateException(String.format(Locale.ROOT,
                    "Model %s reached accuracy %.3f on %s, below the required %.3f; not serving it", model.id(),
                    ev.accuracy(), split.test().id(), minimumAccuracy));
        }
        lifecycle.models().setAlias(MODEL, "champion", model,
                String.format(Locale.ROOT, "accuracy %.3f on %s", ev.accuracy(), split.test().id()));
        return new RiskService(lifecycle, lifecycle.deploy(model), ev);
    }

    /** @return whether the measurements look risky (label "1") */
    public boolean isRisky(double x1, double x2, double x3) {
        return score(x1, x2, x3).label().equals("1");
    }

    /** @return the full prediction for the measurements */
    public Prediction score(double x1, double x2, double x3) {
        return deployment.predict(Row.builder(3).set("x1", x1).set("x2", x2).set("x3", x3).build());
    }

    /** @return the evaluation that let the current model serve */
    public Evaluation evaluation() {
        return evaluation;
    }

    /** @return the deployment, for operations and tests */
    public Deployment deployment() {
        return deployment;
    }

    /** @return the Lifecycle the service runs on */
    public Lifecycle lifecycle() {
        return lifecycle;
    }

    @Override
    public void close() {
        deployment.close();
    }
}
