package dev.lifecycle.core.internal;

import dev.lifecycle.api.store.JournalEntry;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The refs of a store as the result of replaying its journal, and the sequence number of the last
 * change. The history itself is kept only when asked (the memory store); a file store reads it from
 * disk. Not thread-safe: stores guard it.
 *
 * <p>Refs live in a hash map; the sorted view that prefix queries need is built at the first query and
 * then kept up to date, so replaying millions of journal lines pays no tree insertions.
 */
public final class RefState {
    private final HashMap<String, String> refs = new HashMap<>();
    private TreeMap<String, String> sorted;
    private final List<JournalEntry> journal;
    private long sequence;

    /** State without history. */
    public RefState() {
        this(false);
    }

    /** @param keepHistory whether to keep every applied entry for {@link #journal} */
    public RefState(boolean keepHistory) {
        this.journal = keepHistory ? new ArrayList<>() : null;
    }

    /** @return the current value, or null */
    public String get(String name) {
        return refs.get(name);
    }

    /** @return whether a change from {@code expected} may be applied to the ref now */
    public boolean matches(String name, String expected) {
        return Objects.equals(refs.get(name), expected);
    }

    /** @return the sequence number of the last applied change, 0 before the first */
    public long sequence() {
        return sequence;
    }

    /** @return the number of refs */
    public int size() {
        return refs.size();
    }

    /** Sets a ref while loading a checkpoint. */
    public void load(String name, String value, long atSequence) {
        refs.put(name, value);
        sorted = null;
        sequence = Math.max(sequence, atSequence);
    }

    /** Forgets everything (a checkpoint that turned out unreadable). */
    public void clear() {
        refs.clear();
        sorted = null;
        sequence = 0;
        if (journal != null) {
            journal.clear();
        }
    }

    /** Sets the sequence reached while loading a checkpoint. */
    public void loadSequence(long atSequence) {
        sequence = atSequence;
    }

    /**
     * Applies a committed change, first checking that it follows from the state (its old value is the
     * current value and its sequence is later).
     *
     * @return null when applied, else why it does not follow
     */
    public String apply(JournalEntry e) {
        if (!matches(e.ref(), e.oldValue())) {
            return "its old value " + quote(e.oldValue()) + " of ref " + e.ref() + " does not match the value "
                    + quote(refs.get(e.ref())) + " the journal gives before it";
        }
        if (e.sequence() <= sequence) {
            return "its sequence " + e.sequence() + " is not after " + sequence;
        }
        if (e.newValue() == null) {
            refs.remove(e.ref());
            if (sorted != null) {
                sorted.remove(e.ref());
            }
        } else {
            refs.put(e.ref(), e.newValue());
            if (sorted != null) {
                sorted.put(e.ref(), e.newValue());
            }
        }
        sequence = e.sequence();
        if (journal != null) {
            journal.add(e);
        }
        return null;
    }

    /** @return a sorted copy of the refs under a prefix */
    public Map<String, String> refs(String prefix) {
        TreeMap<String, String> all = sorted();
        SortedMap<String, String> view = prefix.isEmpty() ? all : all.subMap(prefix, prefix + Character.MAX_VALUE);
        return Collections.unmodifiableMap(new TreeMap<>(view));
    }

    /** @return every ref, as the live sorted map (for writing a checkpoint under the store's guard) */
    public SortedMap<String, String> all() {
        return Collections.unmodifiableSortedMap(sorted());
    }

    private TreeMap<String, String> sorted() {
        if (sorted == null) {
            sorted = new TreeMap<>(refs);
        }
        return sorted;
    }

    /** @return the journal entries under a prefix, oldest first (only when history is kept) */
    public List<JournalEntry> journal(String prefix) {
        List<JournalEntry> out = new ArrayList<>();
        for (JournalEntry e : journal) {
            if (e.ref().startsWith(prefix)) {
                out.add(e);
            }
        }
        return Collections.unmodifiableList(out);
    }

    private static String quote(String v) {
        return v == null ? "(unset)" : "'" + v + "'";
    }
}
