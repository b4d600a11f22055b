package dev.lifecycle.core.store;

import dev.lifecycle.api.LifecycleException;
import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.core.Lifecycle;
import dev.lifecycle.core.data.Csv;
import dev.lifecycle.core.data.ImportLimits;
import java.nio.file.Path;

/**
 * Child JVM of {@link ImportLimitsTest}: imports one file and prints {@code RESULT ok <rows> <columns>},
 * {@code RESULT typed <exception> <message>}, {@code RESULT untyped ...} or {@code RESULT OOM}.
 * Arguments: {@code <file> <max columns> <max record bytes>}.
 */
public final class ImportLimitsMain {
    private ImportLimitsMain() {
    }

    public static void main(String[] args) {
        ImportLimits limits = ImportLimits.defaults().columns(Integer.parseInt(args[1]))
                .recordBytes(Integer.parseInt(args[2]));
        String result;
        try (Lifecycle lc = Lifecycle.inMemory()) {
            DatasetVersion v = lc.datasets().importCsv("wide", Path.of(args[0]), Csv.defaults(), limits);
            result = "ok " + v.size() + " " + v.schema().fields().size();
        } catch (LifecycleException e) {
            result = "typed " + e.getClass().getSimpleName() + " " + e.getMessage().replace('\n', ' ');
        } catch (OutOfMemoryError e) {
            result = "OOM";
        } catch (RuntimeException e) {
            result = "untyped " + e;
        }
        System.out.println("RESULT " + result);
    }
}
