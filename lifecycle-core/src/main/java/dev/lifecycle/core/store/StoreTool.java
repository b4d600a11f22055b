package dev.lifecycle.core.store;

import dev.lifecycle.core.store.StoreReports.Damage;
import dev.lifecycle.core.store.StoreReports.GcReport;
import dev.lifecycle.core.store.StoreReports.RepairReport;
import dev.lifecycle.core.store.StoreReports.VerifyReport;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import org.apiguardian.api.API;

/**
 * Command line for {@link StoreMaintenance}: {@code verify <dir>}, {@code repair <dir>},
 * {@code gc [--grace=PT1H] <dir>}. Exit code 0 when the store is healthy (or was cleaned), 1 when
 * verify found damage, 2 on wrong usage or failure.
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public final class StoreTool {
    private StoreTool() {
    }

    /** @param args the command and the store directory */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** @return the exit code */
    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length < 2) {
            err.println("usage: StoreTool verify|repair|gc [--grace=PT1H] <store directory>");
            return 2;
        }
        Path dir = Path.of(args[args.length - 1]);
        try {
            switch (args[0]) {
                case "verify" -> {
                    VerifyReport r = StoreMaintenance.verify(dir);
                    out.println("checked " + r.refs() + " refs, " + r.objects() + " objects, " + r.bytes() + " bytes");
                    r.damages().forEach(d -> out.println("DAMAGED " + d));
                    out.println(r.ok() ? "ok" : r.damages().size() + " damages; run repair");
                    return r.ok() ? 0 : 1;
                }
                case "repair" -> {
                    RepairReport r = StoreMaintenance.repair(dir);
                    for (Damage d : r.found()) {
                        out.println("FOUND " + d);
                    }
                    out.println("quarantined " + r.journalLinesQuarantined() + " journal lines and "
                            + r.objectsQuarantined() + " objects in " + r.quarantine() + "; removed " + r.refsRemoved()
                            + " refs, rebuilt " + r.refsRebuilt());
                    r.notRecovered().forEach(n -> out.println("NOT RECOVERED " + n));
                    return 0;
                }
                case "gc" -> {
                    Duration grace = Duration.ofHours(1);
                    for (int i = 1; i < args.length - 1; i++) {
                        if (args[i].startsWith("--grace=")) {
                            grace = Duration.parse(args[i].substring("--grace=".length()));
                        } else {
                            err.println("unknown option " + args[i]);
                            return 2;
                        }
                    }
                    GcReport r = StoreMaintenance.gc(dir, grace);
                    out.println("removed " + r.objectsRemoved() + " objects (" + r.objectBytes() + " bytes) and "
                            + r.temporariesRemoved() + " temporaries (" + r.temporaryBytes() + " bytes); kept "
                            + r.objectsKept() + " objects");
                    return 0;
                }
                default -> {
                    err.println("unknown command " + args[0] + "; use verify, repair or gc");
                    return 2;
                }
            }
        } catch (RuntimeException e) {
            err.println(e.getMessage());
            return 2;
        }
    }
}
