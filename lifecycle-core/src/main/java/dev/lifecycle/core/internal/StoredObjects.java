package dev.lifecycle.core.internal;

import dev.lifecycle.api.NotFoundException;
import dev.lifecycle.api.store.MissingObjectException;
import dev.lifecycle.api.store.ObjectId;
import dev.lifecycle.api.store.Store;
import dev.lifecycle.api.store.StoreDamagedException;

/** Reads the objects a committed version needs, turning "not there" or "not parseable" into damage. */
public final class StoredObjects {
    private StoredObjects() {
    }

    /**
     * @param what what needs the object, e.g. {@code dataset elec@2's column 3}, for the message
     * @throws MissingObjectException when the object is gone
     * @throws StoreDamagedException when the id is not an object id
     */
    public static byte[] get(Store store, String hex, String what) {
        ObjectId id;
        try {
            id = new ObjectId(hex);
        } catch (IllegalArgumentException e) {
            throw new StoreDamagedException("The store names '" + hex + "' as " + what + ", which is not an object id;"
                    + " run verify and repair");
        }
        try {
            return store.get(id);
        } catch (NotFoundException e) {
            throw new MissingObjectException(id, "Object " + id + " (" + what + ") is missing from " + store
                    + ": it was deleted outside Lifecycle. Write the same data again to heal it (re-import or"
                    + " re-register), or run repair to drop the version");
        }
    }

    /**
     * @return the manifest, parsed
     * @throws StoreDamagedException when the object is not such a manifest
     */
    public static <T> T manifest(Store store, ObjectId id, Class<T> type, String what) {
        byte[] bytes = get(store, id.hex(), "the manifest of " + what);
        try {
            return Json.read(bytes, type);
        } catch (IllegalStateException e) {
            throw new StoreDamagedException("The manifest " + id + " of " + what + " is not a readable "
                    + type.getSimpleName() + "; the store was changed outside Lifecycle. Run verify and repair", e);
        }
    }
}
