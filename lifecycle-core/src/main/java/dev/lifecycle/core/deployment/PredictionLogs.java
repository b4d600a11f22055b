package dev.lifecycle.core.deployment;

import dev.lifecycle.api.deployment.LoggedPrediction;
import dev.lifecycle.api.store.ObjectId;
import dev.lifecycle.api.store.Store;
import dev.lifecycle.core.deployment.internal.FeedbackRecord;
import dev.lifecycle.core.deployment.internal.LogRecord;
import dev.lifecycle.core.deployment.internal.LogSegment;
import dev.lifecycle.core.internal.RefNames;
import dev.lifecycle.core.internal.StoredObjects;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apiguardian.api.API;

/** Reads the prediction log a deployment wrote to a store (including logs of earlier processes). */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public final class PredictionLogs {
    private PredictionLogs() {
    }

    /**
     * A label given for a logged prediction.
     *
     * @param predictionId the prediction
     * @param label the true label
     * @param time when it was given
     */
    @API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
    public record Feedback(long predictionId, String label, Instant time) {
    }

    /**
     * @param deployment the deployment (model) name
     * @return every durably logged prediction, segment by segment in write order
     */
    public static List<LoggedPrediction> read(Store store, String deployment) {
        List<LoggedPrediction> out = new ArrayList<>();
        segments(store, deployment, segment -> {
            for (LogRecord r : segment.records()) {
                out.add(new LoggedPrediction(r.id(), r.model(), r.version(), r.arm(), r.input(), r.inputHash(),
                        r.label(), r.value(), r.latencyNanos(), Instant.ofEpochMilli(r.timeMillis())));
            }
        });
        return out;
    }

    /**
     * @param deployment the deployment (model) name
     * @return every durably logged label, in the order given
     */
    public static List<Feedback> feedback(Store store, String deployment) {
        List<Feedback> out = new ArrayList<>();
        segments(store, deployment, segment -> {
            if (segment.feedback() != null) {
                for (FeedbackRecord f : segment.feedback()) {
                    out.add(new Feedback(f.id(), f.label(), Instant.ofEpochMilli(f.timeMillis())));
                }
            }
        });
        return out;
    }

    private static void segments(Store store, String deployment, Consumer<LogSegment> each) {
        String base = "deployments/" + RefNames.checkName(deployment, "deployment name");
        for (Map.Entry<String, String> e : store.refs(base + "/log/").entrySet()) {
            each.accept(segment(store, e.getValue(), e.getKey()));
        }
        for (Map.Entry<String, String> e : store.refs(base + "/log-chains/").entrySet()) {
            List<LogSegment> chain = new ArrayList<>();
            String next = e.getValue();
            while (next != null && chain.size() <= LogSegment.CHAIN) {
                LogSegment s = segment(store, next, e.getKey());
                chain.add(s);
                next = s.previous();
            }
            Collections.reverse(chain);
            chain.forEach(each);
        }
    }

    private static LogSegment segment(Store store, String id, String ref) {
        return StoredObjects.manifest(store, new ObjectId(id), LogSegment.class, "the prediction log segment of " + ref);
    }
}
