package dev.lifecycle.core.internal;

import dev.lifecycle.api.store.ObjectId;
import dev.lifecycle.api.store.Store;
import java.util.List;
import java.util.TreeSet;
import java.util.function.IntFunction;

/**
 * Gap-free version numbers per name, allocated by compare-and-set on {@code <prefix>/versions/<n>}.
 * Version n can only be created by someone who saw n-1, so numbers are unique and without gaps even
 * with many writers in many JVMs.
 */
public final class Versions {
    private Versions() {
    }

    /** @return the existing version numbers under {@code prefix}, ascending */
    public static List<Integer> list(Store store, String prefix) {
        String base = prefix + "/versions/";
        TreeSet<Integer> out = new TreeSet<>();
        for (String ref : store.refs(base).keySet()) {
            String n = ref.substring(base.length());
            if (n.length() <= 9 && n.chars().allMatch(c -> c >= '0' && c <= '9') && !n.isEmpty()) {
                out.add(Integer.parseInt(n));
            }
        }
        return List.copyOf(out);
    }

    /** @return the manifest id of a version, or null */
    public static ObjectId manifest(Store store, String prefix, int version) {
        return store.ref(prefix + "/versions/" + version).map(v -> {
            try {
                return new ObjectId(v);
            } catch (IllegalArgumentException e) {
                throw new dev.lifecycle.api.store.StoreDamagedException("The ref of " + prefix + "@" + version
                        + " holds '" + v + "', not an object id; the store was changed outside Lifecycle."
                        + " Run verify and repair");
            }
        }).orElse(null);
    }

    /**
     * Commits the next version.
     *
     * @param manifestFor writes the manifest of version n (with its lineage) and returns its id; may be
     *     called again with a higher n when another writer took n first
     * @return the committed version number
     */
    public static int commitNext(Store store, String prefix, IntFunction<ObjectId> manifestFor, String actor,
            String reason) {
        while (true) {
            List<Integer> existing = list(store, prefix);
            int next = existing.isEmpty() ? 1 : existing.get(existing.size() - 1) + 1;
            ObjectId manifest = manifestFor.apply(next);
            if (store.compareAndSet(prefix + "/versions/" + next, null, manifest.hex(), actor, reason)) {
                return next;
            }
        }
    }
}
