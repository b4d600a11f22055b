package dev.lifecycle.core.tribuo.internal;

import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;

/**
 * Keeps Tribuo's INFO chatter (an SGD progress line every few thousand steps) out of the host's logs
 * unless the host says otherwise. Tribuo logs through {@code java.util.logging}; the only way to quiet
 * it is the level of the {@code org.tribuo} logger, so this is done once, and only when:
 * <ul>
 *   <li>the system property {@value #PROPERTY} is not {@code host} (the host takes Tribuo's logging as
 *       it is configured), and</li>
 *   <li>the host has not configured that logger itself: no level set on it and no
 *       {@code org.tribuo.level} in the {@code java.util.logging} configuration.</li>
 * </ul>
 * The logger is kept by a strong reference, so the level is not lost when the logger would otherwise be
 * garbage collected. A host that sets a level on {@code org.tribuo} later wins.
 */
public final class TribuoLogging {
    /** The system property that decides: {@code quiet} (default) or {@code host}. */
    public static final String PROPERTY = "lifecycle.tribuo.logging";

    private static final String LOGGER = "org.tribuo";
    private static Logger kept;
    private static boolean decided;

    private TribuoLogging() {
    }

    /** Quiets Tribuo's INFO lines if the host has not configured them; idempotent, cheap after the first call. */
    public static synchronized void quietUnlessConfigured() {
        if (decided) {
            return;
        }
        decided = true;
        Logger tribuo = Logger.getLogger(LOGGER);
        if (!shouldQuiet(System.getProperty(PROPERTY), tribuo.getLevel(),
                LogManager.getLogManager().getProperty(LOGGER + ".level"))) {
            return;
        }
        tribuo.setLevel(Level.WARNING);
        kept = tribuo;
    }

    /**
     * @param property the value of {@value #PROPERTY}, or null
     * @param level the level set on the {@code org.tribuo} logger, or null
     * @param configured the {@code org.tribuo.level} of the logging configuration, or null
     * @return whether Lifecycle should set the level of {@code org.tribuo} to WARNING
     */
    static boolean shouldQuiet(String property, Level level, String configured) {
        if (property != null && "host".equalsIgnoreCase(property.trim())) {
            return false;
        }
        return level == null && configured == null;
    }

    /** @return whether this class set the level of the {@code org.tribuo} logger */
    public static synchronized boolean quieted() {
        return kept != null;
    }
}
