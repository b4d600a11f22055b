package dev.lifecycle.samples;

import dev.lifecycle.api.model.ProgressListener;
import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line console progress bar for samples: redraws in place with {@code \r}; shows a bar when
 * the total is known and the latest task text otherwise. Call {@link #done()} to end the line.
 */
public final class ConsoleProgress implements ProgressListener {
    private static final int WIDTH = 30;
    private final PrintStream out;
    private int lastLength;

    /** @param out where to draw, usually {@code System.out} */
    public ConsoleProgress(PrintStream out) {
        this.out = out;
    }

    @Override
    public synchronized void progress(String task, long done, long total) {
        String line;
        if (total > 0) {
            int filled = (int) Math.min(WIDTH, WIDTH * done / total);
            line = String.format(Locale.ROOT, "[%s%s] %3d%% %s", "#".repeat(filled), ".".repeat(WIDTH - filled),
                    100 * done / total, task);
        } else {
            line = "[" + ".".repeat(WIDTH) + "] " + task;
        }
        out.print("\r" + line + " ".repeat(Math.max(0, lastLength - line.length())));
        out.flush();
        lastLength = line.length();
    }

    /** Ends the progress line. */
    public synchronized void done() {
        if (lastLength > 0) {
            out.println();
            lastLength = 0;
        }
    }
}
