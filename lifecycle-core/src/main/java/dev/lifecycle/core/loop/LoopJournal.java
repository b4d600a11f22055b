package dev.lifecycle.core.loop;

import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.store.ObjectId;
import dev.lifecycle.api.store.Store;
import dev.lifecycle.core.Lifecycle;
import dev.lifecycle.core.internal.Json;
import dev.lifecycle.core.internal.LoopRecord;
import dev.lifecycle.core.internal.LoopSnapshot;
import dev.lifecycle.core.internal.Versions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a loop keeps in the store: every iteration (versions under {@code loops/<model>}) and, between
 * runs, its state (ref {@code loop-states/<model>}).
 */
final class LoopJournal {
    private final Lifecycle lc;
    private final String model;

    LoopJournal(Lifecycle lc, String model) {
        this.lc = lc;
        this.model = model;
    }

    private static String prefix(String model) {
        return "loops/" + model;
    }

    private String stateRef() {
        return "loop-states/" + model;
    }

    static List<LoopIteration> recorded(Lifecycle lc, String model) {
        Store store = lc.store();
        String prefix = prefix(model);
        List<LoopIteration> out = new ArrayList<>();
        for (int n : Versions.list(store, prefix)) {
            LoopRecord r = Json.read(store.get(Versions.manifest(store, prefix, n)), LoopRecord.class);
            out.add(new LoopIteration(r.index(), r.labelsSeen(), r.reason(), r.dataset(), r.historyRows(),
                    r.champion(), r.challenger(), r.championAccuracy(), r.challengerAccuracy(), r.heldOut(),
                    LoopIteration.Outcome.valueOf(r.outcome()), r.detail(), Instant.parse(r.time())));
        }
        return out;
    }

    /** @return the highest iteration index recorded for the model, 0 for none */
    int lastIndex() {
        List<Integer> versions = Versions.list(lc.store(), prefix(model));
        if (versions.isEmpty()) {
            return 0;
        }
        Store store = lc.store();
        int n = versions.get(versions.size() - 1);
        return Json.read(store.get(Versions.manifest(store, prefix(model), n)), LoopRecord.class).index();
    }

    void record(LoopIteration it) {
        Store store = lc.store();
        LoopRecord doc = new LoopRecord(model, it.index(), it.labelsSeen(), it.reason(), it.dataset(),
                it.historyRows(), it.champion(), it.challenger(), it.championAccuracy(), it.challengerAccuracy(),
                it.heldOut(), it.outcome().name(), it.detail(), it.time().toString());
        Versions.commitNext(store, prefix(model), n -> store.put(Json.writeStored(doc)), lc.actor(),
                "loop " + model + " iteration " + it.index() + ": " + it.outcome());
    }

    void save(LoopSnapshot snapshot) {
        Store store = lc.store();
        ObjectId id = store.put(Json.writeStored(snapshot));
        while (true) {
            String before = store.ref(stateRef()).orElse(null);
            if (store.compareAndSet(stateRef(), before, id.hex(), lc.actor(), "loop " + model + " state: "
                    + snapshot.pending().size() + " predictions waiting for labels, " + snapshot.labelled().size()
                    + " labelled rows")) {
                return;
            }
        }
    }

    Optional<LoopSnapshot> load() {
        return lc.store().ref(stateRef()).map(id -> Json.read(lc.store().get(new ObjectId(id)), LoopSnapshot.class));
    }

    /** @return the values of a row in {@code columns} order, missing and NaN as null (JSON has no NaN) */
    static List<Object> values(Row row, List<String> columns) {
        List<Object> out = new ArrayList<>(columns.size());
        for (String c : columns) {
            int pos = row.indexOf(c);
            Object v = pos < 0 ? null : row.get(pos);
            out.add(v instanceof Double d && d.isNaN() ? null : v);
        }
        return out;
    }

    /** @return a row of the stored values, leaving out {@code skip} (the target of a waiting prediction) */
    static Row row(List<String> columns, List<Object> values, String skip) {
        Row.Builder b = Row.builder(columns.size());
        for (int i = 0; i < columns.size(); i++) {
            if (!columns.get(i).equals(skip)) {
                b.set(columns.get(i), values.get(i));
            }
        }
        return b.build();
    }
}
