package dev.lifecycle.core.loop;

import dev.lifecycle.api.evaluation.DecisionRule;
import dev.lifecycle.api.monitoring.AlertListener;
import dev.lifecycle.core.Lifecycle;
import dev.lifecycle.core.deployment.InputPolicy;
import dev.lifecycle.core.model.Reweighting;
import dev.lifecycle.core.model.TrainerCatalog;
import dev.lifecycle.core.monitoring.Monitor;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * What a {@link LoopBuilder} configured, checked and fixed: the settings a {@link Loop} runs with
 * (see the builder's methods for each one). {@code monitor}, {@code executor} and {@code reweighting} may be null.
 */
record LoopSettings(Lifecycle lc, String model, String target, Trigger trigger, int[] history, int holdout,
        double minImprovement, boolean refit, boolean unlessWorse, double canaryShare, int canaryLabels,
        double canaryMaxDrop, DecisionRule rule, TrainerCatalog catalog, Monitor monitor, int feedbackWindow,
        InputPolicy inputPolicy, Executor executor, int pendingSize, Duration pendingAge,
        List<AlertListener> listeners, Reweighting reweighting) {

    /** @return the labelled rows an iteration needs besides the held-out ones: the smallest history, at most 100 */
    int minHistory() {
        int min = Integer.MAX_VALUE;
        for (int h : history) {
            min = Math.min(min, h);
        }
        return Math.min(min, 100);
    }

    /** @return the labelled rows the loop keeps: the largest history plus the held-out rows */
    int windowSize() {
        int max = 0;
        for (int h : history) {
            max = Math.max(max, h);
        }
        return max + holdout;
    }

    /** @return whether a gated challenger goes out as a canary (else it is promoted directly) */
    boolean canary() {
        return canaryShare > 0;
    }
}
