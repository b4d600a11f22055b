package dev.lifecycle.core.deployment;

import dev.lifecycle.api.deployment.ArmMetrics;
import dev.lifecycle.api.model.Model;
import dev.lifecycle.api.model.ModelVersion;
import java.util.concurrent.atomic.LongAdder;

/** One model version in one routing state, with the counters its requests and feedback update. */
final class Arm {
    final String name;
    final ModelVersion version;
    final Model model;
    final int number;
    final Counters cumulative;
    final Counters perVersion;
    final LongAdder stepLabelled = new LongAdder();
    final LongAdder stepCorrect = new LongAdder();

    /** @param model the version's model as served (at its decision threshold, when it has one) */
    Arm(String name, ModelVersion version, Model model, Counters cumulative, Counters perVersion) {
        this.name = name;
        this.version = version;
        this.model = model;
        this.number = version.version();
        this.cumulative = cumulative;
        this.perVersion = perVersion;
    }

    double stepAccuracy() {
        long n = stepLabelled.sum();
        return n == 0 ? Double.NaN : (double) stepCorrect.sum() / n;
    }

    /** Cumulative counts of an arm name or a version. */
    static final class Counters {
        final String name;
        final LongAdder predictions = new LongAdder();
        final LongAdder labelled = new LongAdder();
        final LongAdder correct = new LongAdder();

        Counters(String name) {
            this.name = name;
        }

        ArmMetrics snapshot() {
            return new ArmMetrics(name, predictions.sum(), labelled.sum(), correct.sum());
        }
    }
}
