package dev.lifecycle.core.internal;

import dev.lifecycle.api.store.JournalEntry;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The refs of a store as the result of replaying its journal. Not thread-safe: stores guard it.
 */
public final class RefState {
    private final TreeMap<String, String> refs = new TreeMap<>();
    private final List<JournalEntry> journal = new ArrayList<>();

    /** @return the current value, or null */
    public String get(String name) {
        return refs.get(name);
    }

    /** @return whether a change from {@code expected} may be applied to the ref now */
    public boolean matches(String name, String expected) {
        return Objects.equals(refs.get(name), expected);
    }

    /** Applies a committed change. */
    public void apply(JournalEntry e) {
        if (e.newValue() == null) {
            refs.remove(e.ref());
        } else {
            refs.put(e.ref(), e.newValue());
        }
        journal.add(e);
    }

    /** @return a sorted copy of the refs under a prefix */
    public Map<String, String> refs(String prefix) {
        SortedMap<String, String> view = prefix.isEmpty() ? refs : refs.subMap(prefix, prefix + Character.MAX_VALUE);
        return Collections.unmodifiableMap(new TreeMap<>(view));
    }

    /** @return the journal entries under a prefix, oldest first */
    public List<JournalEntry> journal(String prefix) {
        List<JournalEntry> out = new ArrayList<>();
        for (JournalEntry e : journal) {
            if (e.ref().startsWith(prefix)) {
                out.add(e);
            }
        }
        return Collections.unmodifiableList(out);
    }
}
