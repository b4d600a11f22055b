package dev.lifecycle.core.internal;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Logs the first failure of a kind that is otherwise only counted, so a host sees that something
 * fails (and the first cause) without one log line per occurrence on a hot path. One instance per
 * counter; the message names the counter where later occurrences are counted.
 */
public final class LogOnce {
    private final System.Logger logger;
    private final System.Logger.Level level;
    private final String what;
    private final AtomicBoolean logged = new AtomicBoolean();

    /**
     * @param owner the class whose logger is used
     * @param level the level of the one line
     * @param what what failed and where further failures are counted, e.g.
     *     "A shadow prediction of deployment fraud failed; further failures are counted in metrics().shadowErrors()"
     */
    public LogOnce(Class<?> owner, System.Logger.Level level, String what) {
        this.logger = System.getLogger(owner.getName());
        this.level = level;
        this.what = what;
    }

    /** Logs {@code failure} if this is the first one; otherwise does nothing. */
    public void failed(Throwable failure) {
        if (!logged.get() && logged.compareAndSet(false, true)) {
            logger.log(level, what, failure);
        }
    }

    /** @return whether the one line has been logged */
    public boolean logged() {
        return logged.get();
    }
}
