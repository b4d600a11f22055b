package dev.lifecycle.testkit;

import dev.lifecycle.api.deployment.RoutingPolicy;
import dev.lifecycle.api.model.Trainer;
import dev.lifecycle.api.monitoring.DriftDetector;
import dev.lifecycle.core.deployment.Routing;
import dev.lifecycle.core.monitoring.DriftDetectors;
import dev.lifecycle.core.model.Trainers;
import dev.lifecycle.testkit.contract.DriftDetectorContract;
import dev.lifecycle.testkit.contract.RoutingPolicyContract;
import dev.lifecycle.testkit.contract.TrainerContract;
import org.junit.jupiter.api.Nested;

/** The project's own trainers and routing policies, tested through the contract kits. */
class PluginContractsTest {

    @Nested
    class LogisticRegressionKeepsTheTrainerContract extends TrainerContract {
        @Override
        protected Trainer createTrainer(long seed) {
            return Trainers.logisticRegression().epochs(20).seed(seed);
        }
    }

    @Nested
    class CartKeepsTheTrainerContract extends TrainerContract {
        @Override
        protected Trainer createTrainer(long seed) {
            return Trainers.cart().maxDepth(6).seed(seed);
        }
    }

    @Nested
    class SingleKeepsTheRoutingContract extends RoutingPolicyContract {
        @Override
        protected RoutingPolicy createPolicy() {
            return RoutingPolicy.single();
        }
    }

    @Nested
    class CanaryKeepsTheRoutingContract extends RoutingPolicyContract {
        @Override
        protected RoutingPolicy createPolicy() {
            return Routing.canary(0.1, "salt");
        }
    }

    @Nested
    class StickyAbKeepsTheRoutingContract extends RoutingPolicyContract {
        @Override
        protected RoutingPolicy createPolicy() {
            return Routing.sticky("key", "salt", 0.7, 0.3);
        }
    }

    @Nested
    class PsiKeepsTheDriftDetectorContract extends DriftDetectorContract {
        @Override
        protected DriftDetector createDetector() {
            return DriftDetectors.psi();
        }
    }

    @Nested
    class JensenShannonKeepsTheDriftDetectorContract extends DriftDetectorContract {
        @Override
        protected DriftDetector createDetector() {
            return DriftDetectors.jensenShannon();
        }
    }

    @Nested
    class WassersteinKeepsTheDriftDetectorContract extends DriftDetectorContract {
        @Override
        protected DriftDetector createDetector() {
            return DriftDetectors.wasserstein();
        }
    }

    @Nested
    class KsKeepsTheDriftDetectorContract extends DriftDetectorContract {
        @Override
        protected DriftDetector createDetector() {
            return DriftDetectors.ks();
        }
    }

    @Nested
    class ChiSquareKeepsTheDriftDetectorContract extends DriftDetectorContract {
        @Override
        protected DriftDetector createDetector() {
            return DriftDetectors.chiSquare();
        }
    }

    @Nested
    class AutoKeepsTheDriftDetectorContract extends DriftDetectorContract {
        @Override
        protected DriftDetector createDetector() {
            return DriftDetectors.auto();
        }
    }
}
