package dev.lifecycle.core.deployment;

import dev.lifecycle.api.deployment.LoggedPrediction;
import dev.lifecycle.api.store.ObjectId;
import dev.lifecycle.api.store.Store;
import dev.lifecycle.core.deployment.internal.LogRecord;
import dev.lifecycle.core.deployment.internal.LogSegment;
import dev.lifecycle.core.internal.Json;
import dev.lifecycle.core.internal.RefNames;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads the prediction log a deployment wrote to a store (including logs of earlier processes). */
public final class PredictionLogs {
    private PredictionLogs() {
    }

    /**
     * @param deployment the deployment (model) name
     * @return every durably logged prediction, segment by segment in write order
     */
    public static List<LoggedPrediction> read(Store store, String deployment) {
        String prefix = "deployments/" + RefNames.checkName(deployment, "deployment name") + "/log/";
        List<LoggedPrediction> out = new ArrayList<>();
        for (Map.Entry<String, String> e : store.refs(prefix).entrySet()) {
            LogSegment segment = Json.read(store.get(new ObjectId(e.getValue())), LogSegment.class);
            for (LogRecord r : segment.records()) {
                out.add(new LoggedPrediction(r.id(), r.model(), r.version(), r.arm(), r.input(), r.inputHash(),
                        r.label(), r.value(), r.latencyNanos(), Instant.ofEpochMilli(r.timeMillis())));
            }
        }
        return out;
    }
}
