package dev.lifecycle.core.store;

import org.apiguardian.api.API;

/** Holder of the value types {@link StoreMaintenance} returns. */
@API(status = API.Status.STABLE, since = "0.1.0")
public final class StoreReports {
    private StoreReports() {
    }

    /**
     * One thing found wrong in a store.
     *
     * @param subject what is affected, e.g. {@code dataset elec@2}, {@code ref models/m/aliases/champion}
     *     or {@code journal line at byte 812}
     * @param object the object involved, or null
     * @param problem what is wrong
     */
    @API(status = API.Status.STABLE, since = "0.1.0")
    public record Damage(String subject, String object, String problem) {
        @Override
        public String toString() {
            return subject + (object == null ? "" : " (object " + object + ")") + ": " + problem;
        }
    }

    /**
     * What {@link StoreMaintenance#verify} found.
     *
     * @param refs the refs walked
     * @param objects the objects read and checked against their hash
     * @param bytes the bytes of those objects
     * @param damages everything wrong, each naming the version, ref, object or journal line
     */
    @API(status = API.Status.STABLE, since = "0.1.0")
    public record VerifyReport(int refs, int objects, long bytes, java.util.List<Damage> damages) {
        /** Copies the list. */
        public VerifyReport {
            damages = java.util.List.copyOf(damages);
        }

        /** @return whether nothing is wrong */
        public boolean ok() {
            return damages.isEmpty();
        }
    }

    /**
     * What {@link StoreMaintenance#repair} did.
     *
     * @param found what was wrong before the repair
     * @param journalLinesQuarantined damaged journal lines moved out of the journal
     * @param refsRemoved refs removed because what they point to is unusable
     * @param refsRebuilt version refs recreated from the manifests (or the checkpoint) they had lost
     * @param objectsQuarantined corrupt objects moved out, so that writing the same data again heals them
     * @param quarantine where everything removed was kept
     * @param notRecovered refs (by name) whose latest state no surviving record holds, each saying what
     *     it was restored to; empty when everything committed was recovered or quarantined
     */
    @API(status = API.Status.STABLE, since = "0.1.0")
    public record RepairReport(java.util.List<Damage> found, int journalLinesQuarantined, int refsRemoved,
            int refsRebuilt, int objectsQuarantined, java.nio.file.Path quarantine,
            java.util.List<String> notRecovered) {
        /** Copies the lists. */
        public RepairReport {
            found = java.util.List.copyOf(found);
            notRecovered = java.util.List.copyOf(notRecovered);
        }
    }

    /**
     * What {@link StoreMaintenance#gc} returned to the file system.
     *
     * @param objectsRemoved objects no ref reaches
     * @param objectBytes their bytes
     * @param temporariesRemoved leftovers of interrupted writes
     * @param temporaryBytes their bytes
     * @param objectsKept objects still reachable (or too young to judge)
     */
    @API(status = API.Status.STABLE, since = "0.1.0")
    public record GcReport(int objectsRemoved, long objectBytes, int temporariesRemoved, long temporaryBytes,
            int objectsKept) {
        /** @return all bytes returned */
        public long bytesReturned() {
            return objectBytes + temporaryBytes;
        }
    }
}
