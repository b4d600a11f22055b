package dev.lifecycle.core.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/** What a run records about the process it ran in. */
public final class Environment {
    /** The Lifecycle version, from the jar manifest when packaged. */
    public static final String LIFECYCLE_VERSION = version();

    private Environment() {
    }

    /** @return Java, OS, CPU and library versions */
    public static Map<String, String> capture() {
        Map<String, String> e = new LinkedHashMap<>();
        e.put("java.version", System.getProperty("java.version", "?"));
        e.put("java.vendor", System.getProperty("java.vendor", "?"));
        e.put("os", System.getProperty("os.name", "?") + " " + System.getProperty("os.version", "") + " ("
                + System.getProperty("os.arch", "?") + ")");
        e.put("cpus", Integer.toString(Runtime.getRuntime().availableProcessors()));
        e.put("tribuo.version", org.tribuo.Tribuo.VERSION);
        e.put("lifecycle.version", LIFECYCLE_VERSION);
        return e;
    }

    private static String version() {
        String v = Environment.class.getPackage().getImplementationVersion();
        return v != null ? v : "0.1.0-SNAPSHOT";
    }
}
