package dev.lifecycle.jdbc;

import dev.lifecycle.api.deployment.LoggedPrediction;
import dev.lifecycle.api.store.Store;
import dev.lifecycle.core.deployment.PredictionLogs;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * The prediction logs of every instance of a deployment that share one store, joined with the labels
 * given on any instance: feedback for a prediction made on instance A and given to instance B joins here,
 * because ids are unique across the fleet (instances lease disjoint id ranges by compare-and-set in the
 * shared store) and every instance writes its own log segments and labels to the store.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public final class FleetLog {
    private FleetLog() {
    }

    /**
     * A prediction and the label given for it.
     *
     * @param prediction the logged prediction (made on any instance)
     * @param label the true label (given on any instance); the last one given wins
     * @param labelTime when it was given
     */
    @API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
    public record Outcome(LoggedPrediction prediction, String label, Instant labelTime) {
        /** @return whether the predicted label was the true one */
        public boolean correct() {
            return label.equals(prediction.label());
        }
    }

    /**
     * @param outcomes the labelled predictions, in log order
     * @param predictions all logged predictions (shadow ones excluded)
     * @param unknownLabels labels whose prediction is in no instance's log (yet)
     */
    @API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
    public record Joined(List<Outcome> outcomes, long predictions, long unknownLabels) {
        /** @return the share of labelled predictions that were right, NaN without labels */
        public double accuracy() {
            return outcomes.isEmpty() ? Double.NaN
                    : (double) outcomes.stream().filter(Outcome::correct).count() / outcomes.size();
        }
    }

    /**
     * Reads every instance's durable log of {@code deployment} (what they flushed) and joins the labels.
     *
     * @throws dev.lifecycle.api.store.StoreException when the store cannot be read
     */
    public static Joined join(Store store, String deployment) {
        Map<Long, PredictionLogs.Feedback> labels = new HashMap<>();
        for (PredictionLogs.Feedback f : PredictionLogs.feedback(store, deployment)) {
            PredictionLogs.Feedback had = labels.get(f.predictionId());
            if (had == null || !f.time().isBefore(had.time())) {
                labels.put(f.predictionId(), f);
            }
        }
        List<Outcome> out = new ArrayList<>();
        long predictions = 0;
        for (LoggedPrediction p : PredictionLogs.read(store, deployment)) {
            if (p.shadow()) {
                continue;
            }
            predictions++;
            PredictionLogs.Feedback f = labels.remove(p.id());
            if (f != null) {
                out.add(new Outcome(p, f.label(), f.time()));
            }
        }
        return new Joined(List.copyOf(out), predictions, labels.size());
    }
}
