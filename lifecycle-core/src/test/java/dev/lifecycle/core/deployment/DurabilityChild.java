package dev.lifecycle.core.deployment;

import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.deployment.Deployment;
import dev.lifecycle.core.Lifecycle;
import java.nio.file.Path;
import java.util.List;

/** Run by {@link DurabilityTest} in a child JVM: predicts with the blocking log, flushes, reports, goes on. */
public final class DurabilityChild {
    private DurabilityChild() {
    }

    public static void main(String[] args) {
        Lifecycle lc = Lifecycle.open(Path.of(args[0]));
        Deployment dep = lc.deploy(Fixtures.MODEL, Rollout.version(lc.models().get(Fixtures.MODEL, 1))
                .logPredictions(PredictionLogOptions.defaults().blockWhenFull().capacity(64).segmentSize(100)));
        List<Row> rows = Fixtures.inputs(Fixtures.labelled(2, 256));
        StringBuilder ids = new StringBuilder("IDS");
        for (int i = 0; i < 1234; i++) {
            ids.append(' ').append(dep.predict(rows.get(i & 255)).id());
        }
        dep.flush();
        System.out.println(ids);
        System.out.println("FLUSHED");
        System.out.flush();
        for (int i = 0; ; i++) {
            dep.predict(rows.get(i & 255));
        }
    }
}
