package dev.lifecycle.jdbc;

import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.model.Prediction;
import dev.lifecycle.api.store.ObjectId;
import dev.lifecycle.api.store.Store;
import dev.lifecycle.core.data.CategoricalProfile;
import dev.lifecycle.core.data.ColumnProfile;
import dev.lifecycle.core.data.DatasetProfile;
import dev.lifecycle.core.data.NumericProfile;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * One instance's share of fleet monitoring: profiles the rows this instance serves, window by window,
 * and publishes each window's profile to the shared store under
 * {@code fleet/<deployment>/windows/<window>/<instance>}, where {@link FleetDrift} merges every
 * instance's profile of a window (profiles are monoids) and judges drift on all rows of the fleet.
 *
 * <p>Columns and their kinds come from the reference profile; the predicted label is profiled as
 * {@code prediction}. Memory is bounded: at most {@link #MAX_CATEGORIES} distinct values per categorical
 * column and window (more are counted in {@link #overflowed()} and left out). Thread-safe.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public final class FleetProfiles {
    /** Distinct values kept per categorical column and window. */
    public static final int MAX_CATEGORIES = 10_000;

    private final Store store;
    private final String deployment;
    private final String instance;
    private final String[] columns;
    private final boolean[] numeric;
    private NumericProfile.Accumulator[] numbers;
    private Map<String, Long>[] categories;
    private long[] missing;
    private long rows;
    private long overflowed;
    /** Rows of a window whose publish failed, published with the next window. */
    private DatasetProfile unpublished;

    private FleetProfiles(Store store, String deployment, String instance, DatasetProfile reference) {
        this.store = Objects.requireNonNull(store, "store");
        this.deployment = checkSegment(deployment, "deployment");
        this.instance = checkSegment(instance, "instance");
        List<String> cols = new ArrayList<>(reference.features());
        cols.remove("prediction");
        cols.add("prediction");
        this.columns = cols.toArray(new String[0]);
        this.numeric = new boolean[columns.length];
        for (int i = 0; i < columns.length - 1; i++) {
            numeric[i] = reference.column(columns[i]) instanceof NumericProfile;
        }
        reset();
    }

    /**
     * @param deployment the deployment (model) name the fleet serves
     * @param instance this instance's name, unique in the fleet (host name, pod name)
     * @param reference the reference profile (the training data's): which columns, numeric or categorical
     */
    public static FleetProfiles of(Store store, String deployment, String instance, DatasetProfile reference) {
        return new FleetProfiles(store, deployment, instance, Objects.requireNonNull(reference, "reference"));
    }

    /** Profiles one served row and its prediction into the open window. */
    public synchronized void observe(Row row, Prediction prediction) {
        rows++;
        for (int i = 0; i < columns.length; i++) {
            String c = columns[i];
            if (i == columns.length - 1) {
                count(i, prediction == null ? null : prediction.label());
            } else if (!row.has(c) || row.isMissing(c)) {
                if (numeric[i]) {
                    numbers[i].add(Double.NaN);
                } else {
                    missing[i]++;
                }
            } else if (numeric[i]) {
                numbers[i].add(row.number(c));
            } else {
                count(i, String.valueOf(row.get(c)));
            }
        }
    }

    private void count(int i, String value) {
        if (value == null) {
            missing[i]++;
            return;
        }
        Map<String, Long> m = categories[i];
        Long had = m.get(value);
        if (had == null && m.size() >= MAX_CATEGORIES) {
            overflowed++;
            return;
        }
        m.put(value, had == null ? 1 : had + 1);
    }

    /** @return the profile of the rows observed since the last publish */
    public synchronized DatasetProfile snapshot() {
        List<ColumnProfile> out = new ArrayList<>(columns.length);
        for (int i = 0; i < columns.length; i++) {
            out.add(numeric[i] ? numbers[i].build() : new CategoricalProfile(columns[i], missing[i], categories[i]));
        }
        DatasetProfile p = new DatasetProfile(rows, out);
        return unpublished == null ? p : unpublished.merge(p);
    }

    /**
     * Publishes the rows observed since the last publish as this instance's profile of {@code window}
     * (merged with what this instance already published for it) and starts a new window.
     *
     * @param window the window number every instance agrees on, such as the epoch minute
     * @return the stored profile's id
     * @throws dev.lifecycle.api.store.StoreException when the store cannot be written; the rows are kept
     *     and go into the next publish
     */
    public ObjectId publish(long window) {
        if (window < 0) {
            throw new IllegalArgumentException("Window numbers are not negative: " + window);
        }
        DatasetProfile mine;
        synchronized (this) {
            mine = snapshot();
            reset();
        }
        String ref = FleetDrift.windowPrefix(deployment, window) + instance;
        try {
            while (true) {
                Optional<String> had = store.ref(ref);
                DatasetProfile merged = had.map(h -> FleetDrift.read(store, h, ref).merge(mine)).orElse(mine);
                ObjectId id = store.put(merged.toJson().getBytes(StandardCharsets.UTF_8));
                if (had.isPresent() && had.get().equals(id.hex())
                        || store.compareAndSet(ref, had.orElse(null), id.hex(), instance,
                                "profile of " + merged.rows() + " rows of window " + window)) {
                    return id;
                }
            }
        } catch (RuntimeException e) {
            synchronized (this) {
                restore(mine);
            }
            throw e;
        }
    }

    /** @return category values left out because a column had {@link #MAX_CATEGORIES} distinct values already */
    public synchronized long overflowed() {
        return overflowed;
    }

    @SuppressWarnings("unchecked")
    private void reset() {
        numbers = new NumericProfile.Accumulator[columns.length];
        categories = new Map[columns.length];
        missing = new long[columns.length];
        for (int i = 0; i < columns.length; i++) {
            if (numeric[i]) {
                numbers[i] = NumericProfile.accumulator(columns[i]);
            } else {
                categories[i] = new HashMap<>();
            }
        }
        rows = 0;
        unpublished = null;
    }

    /** Keeps a profile that could not be published, for the next publish (merged with the rows observed meanwhile). */
    private void restore(DatasetProfile p) {
        unpublished = unpublished == null ? p : unpublished.merge(p);
    }

    private static String checkSegment(String s, String what) {
        if (s == null || !s.matches("[A-Za-z0-9._-]+") || s.equals(".") || s.equals("..")) {
            throw new IllegalArgumentException("The " + what + " name '" + s + "' must be letters, digits, '.', '_', '-'");
        }
        return s;
    }
}
