package dev.lifecycle.core.store;

import java.nio.file.Path;

/**
 * Child JVM of {@link JournalScaleTest}: opens a store, reads one ref and its history, and prints
 * {@code OPENED <millis> <heap bytes used after gc> <heap bytes committed> <refs> <history entries>}.
 */
public final class JournalOpenMain {
    private JournalOpenMain() {
    }

    public static void main(String[] args) {
        long start = System.nanoTime();
        try (FileStore store = FileStore.open(Path.of(args[0]))) {
            long millis = (System.nanoTime() - start) / 1_000_000;
            int refs = store.refs("").size();
            int history = store.journal(args[1]).size();
            System.gc();
            long used = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
            long peak = Runtime.getRuntime().totalMemory();
            System.out.println("OPENED " + millis + " " + used + " " + peak + " " + refs + " " + history);
        }
    }
}
