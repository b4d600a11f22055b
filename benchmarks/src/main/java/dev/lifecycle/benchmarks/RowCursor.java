package dev.lifecycle.benchmarks;

import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Which of the {@link DeployFixture#ROWS} pre-built rows a benchmark thread predicts next. Each
 * thread starts at a different offset, so threads running together do not walk the same rows in
 * lock-step.
 */
@State(Scope.Thread)
public class RowCursor {
    private static final AtomicInteger STARTS = new AtomicInteger();

    private int next = STARTS.getAndAdd(331) & DeployFixture.MASK;

    /** @return the index of the next row, cycling through all rows */
    int advance() {
        int i = next;
        next = (i + 1) & DeployFixture.MASK;
        return i;
    }
}
