package dev.lifecycle.core.store;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Child JVM of {@link StoreRecoveryTest}: opens a store for writing, prints {@code OPEN}, and keeps it
 * open until its stdin ends or it reads {@code close}; then prints {@code CLOSED}.
 */
public final class HoldStoreMain {
    private HoldStoreMain() {
    }

    public static void main(String[] args) throws Exception {
        try (FileStore store = FileStore.open(Path.of(args[0]))) {
            store.compareAndSet("held/by-child", store.ref("held/by-child").orElse(null),
                    Long.toString(ProcessHandle.current().pid()), "child", "hold the store open");
            System.out.println("OPEN " + ProcessHandle.current().pid());
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null && !line.equals("close")) {
                // wait
            }
        }
        System.out.println("CLOSED");
    }
}
