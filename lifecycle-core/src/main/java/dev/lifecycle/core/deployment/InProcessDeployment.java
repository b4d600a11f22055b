package dev.lifecycle.core.deployment;

import dev.lifecycle.api.data.Field;
import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.data.SchemaMismatchException;
import dev.lifecycle.api.deployment.Deployment;
import dev.lifecycle.api.model.ModelVersion;
import dev.lifecycle.api.model.Prediction;
import dev.lifecycle.core.internal.Context;
import dev.lifecycle.core.internal.RefNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The in-process {@link Deployment}: one serving version behind a volatile reference, replaced
 * atomically by {@link #swap}. A request reads the reference once, so it finishes on the version it
 * started with. Every swap is journaled under {@code deployments/<name>/serving}.
 */
public final class InProcessDeployment implements Deployment {
    private final Context ctx;
    private final String name;
    private final String servingRef;
    private final AtomicLong ids;
    private volatile ModelVersion serving;
    private volatile boolean closed;

    /** Created by {@code Lifecycle.deploy}. */
    public InProcessDeployment(Context ctx, ModelVersion initial, String reason) {
        this.ctx = ctx;
        this.name = RefNames.checkName(initial.name(), "model name");
        this.servingRef = "deployments/" + name + "/serving";
        // ids start at the current time in microseconds, so they do not repeat across restarts
        this.ids = new AtomicLong(ctx.clock().millis() * 1000);
        this.serving = initial;
        journal(initial, reason);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Prediction predict(Row row) {
        ModelVersion v = serving;
        if (closed) {
            throw new IllegalStateException("Deployment " + name + " is closed");
        }
        return v.model().predict(row).attributed(ids.incrementAndGet(), name, v.version());
    }

    @Override
    public List<Prediction> predictAll(List<Row> rows) {
        ModelVersion v = serving;
        if (closed) {
            throw new IllegalStateException("Deployment " + name + " is closed");
        }
        List<Prediction> raw = v.model().predictAll(rows);
        List<Prediction> out = new ArrayList<>(raw.size());
        for (Prediction p : raw) {
            out.add(p.attributed(ids.incrementAndGet(), name, v.version()));
        }
        return out;
    }

    @Override
    public ModelVersion current() {
        return serving;
    }

    @Override
    public synchronized ModelVersion swap(ModelVersion next, String reason) {
        Objects.requireNonNull(next, "next");
        if (closed) {
            throw new IllegalStateException("Deployment " + name + " is closed");
        }
        if (!next.name().equals(name)) {
            throw new IllegalArgumentException("Deployment " + name + " cannot serve " + next.id()
                    + ", a version of another model");
        }
        ModelVersion before = serving;
        checkCompatible(before, next);
        serving = next;
        journal(next, reason);
        return before;
    }

    @Override
    public void close() {
        closed = true;
    }

    private void journal(ModelVersion v, String reason) {
        while (true) {
            String old = ctx.store().ref(servingRef).orElse(null);
            if (ctx.store().compareAndSet(servingRef, old, Integer.toString(v.version()), ctx.actor(), reason)) {
                return;
            }
        }
    }

    /** A swap must not make requests that the current version accepts fail. */
    private static void checkCompatible(ModelVersion current, ModelVersion next) {
        List<String> problems = new ArrayList<>();
        String firstFeature = null;
        for (Field f : next.signature().inputs()) {
            Field had = current.signature().inputs().stream().filter(c -> c.name().equals(f.name())).findFirst()
                    .orElse(null);
            if (had == null) {
                problems.add("'" + f.name() + "' is a new input");
            } else if (had.type() != f.type()) {
                problems.add("'" + f.name() + "' changes from " + had.type() + " to " + f.type());
            } else {
                continue;
            }
            firstFeature = firstFeature == null ? f.name() : firstFeature;
        }
        if (!problems.isEmpty()) {
            throw new SchemaMismatchException(firstFeature, "Cannot swap " + current.id() + " for " + next.id()
                    + ": requests that work now would fail: " + String.join("; ", problems));
        }
    }
}
