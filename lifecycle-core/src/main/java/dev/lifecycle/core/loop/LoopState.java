package dev.lifecycle.core.loop;

import java.util.List;

/** What triggers see: labels since the last retrain, recent correctness, drift since the last retrain. */
interface LoopState {
    long labelsSinceRetrain();

    double recentAccuracy(int labels);

    List<String> driftedSinceRetrain();
}
