package dev.lifecycle.jdbc;

import dev.lifecycle.api.monitoring.DriftDetector;
import dev.lifecycle.api.monitoring.DriftResult;
import dev.lifecycle.api.monitoring.FeatureSummary;
import dev.lifecycle.api.store.ObjectId;
import dev.lifecycle.api.store.Store;
import dev.lifecycle.core.data.ColumnProfile;
import dev.lifecycle.core.data.DatasetProfile;
import dev.lifecycle.core.monitoring.DriftDetectors;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * The fleet's view of monitoring: merges the window profiles every instance published with
 * {@link FleetProfiles} and judges drift against the reference on all of the fleet's rows. Because
 * profiles are monoids, the merged window equals the profile of all rows in one process: counts,
 * missing counts, min/max and category counts exactly, mean and variance up to rounding, quantiles
 * within the sketches' stated rank error.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public final class FleetDrift {
    private FleetDrift() {
    }

    /**
     * One window judged for the whole fleet.
     *
     * @param window the window number
     * @param instances the instances whose profiles were merged
     * @param profile the merged profile
     * @param drift one result per reference feature present in the window, then {@code prediction} when the
     *     reference has it
     */
    @API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
    public record Window(long window, List<String> instances, DatasetProfile profile, List<DriftResult> drift) {
        /** @return the features whose verdict is drift */
        public List<String> drifted() {
            return drift.stream().filter(DriftResult::drifted).map(DriftResult::feature).toList();
        }
    }

    static String windowPrefix(String deployment, long window) {
        return "fleet/" + deployment + "/windows/" + String.format("%012d", window) + "/";
    }

    /**
     * @return the merged profile of every instance's rows in {@code window}, with the instances' names
     * @throws dev.lifecycle.api.NotFoundException when no instance published that window
     */
    public static Window merged(Store store, String deployment, long window) {
        String prefix = windowPrefix(deployment, window);
        DatasetProfile merged = null;
        List<String> instances = new ArrayList<>();
        for (Map.Entry<String, String> e : store.refs(prefix).entrySet()) {
            DatasetProfile p = read(store, e.getValue(), e.getKey());
            merged = merged == null ? p : merged.merge(p);
            instances.add(e.getKey().substring(prefix.length()));
        }
        if (merged == null) {
            throw new dev.lifecycle.api.NotFoundException("No instance published window " + window + " of "
                    + deployment + " (refs " + prefix + "*); publish with FleetProfiles.publish(window)");
        }
        return new Window(window, List.copyOf(instances), merged, List.of());
    }

    /**
     * Merges every instance's profile of a window and judges each reference feature's drift with
     * {@code detector} (features it does not support fall back to {@link DriftDetectors#auto()}).
     */
    public static Window judge(Store store, String deployment, long window, DatasetProfile reference,
            DriftDetector detector) {
        Window w = merged(store, deployment, window);
        return new Window(window, w.instances(), w.profile(), drift(reference, w.profile(), detector));
    }

    /** @return drift of each reference feature (and {@code prediction}, if the reference has it) in {@code current} */
    public static List<DriftResult> drift(DatasetProfile reference, DatasetProfile current, DriftDetector detector) {
        Objects.requireNonNull(detector, "detector");
        List<String> features = new ArrayList<>(reference.features());
        if (reference.columns().containsKey("prediction") && !features.contains("prediction")) {
            features.add("prediction");
        }
        List<DriftResult> out = new ArrayList<>();
        for (String f : features) {
            ColumnProfile cur = current.columns().get(f);
            if (cur == null) {
                continue;
            }
            FeatureSummary rs = DriftDetectors.summary(reference.column(f));
            FeatureSummary cs = DriftDetectors.summary(cur);
            out.add(detector.supports(rs.numeric()) ? detector.detect(rs, cs) : DriftDetectors.auto().detect(rs, cs));
        }
        return List.copyOf(out);
    }

    static DatasetProfile read(Store store, String id, String ref) {
        try {
            return DatasetProfile.fromJson(new String(store.get(new ObjectId(id)), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new dev.lifecycle.api.store.StoreDamagedException("The window profile " + ref + " (" + id
                    + ") is not a profile: " + e.getMessage() + "; delete the ref and publish the window again");
        }
    }
}
