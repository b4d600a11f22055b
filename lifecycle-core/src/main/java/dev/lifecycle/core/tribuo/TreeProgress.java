package dev.lifecycle.core.tribuo;

import org.apiguardian.api.API;

/**
 * Hears how far a tree ensemble's training has come. Called from the training threads, once per finished
 * tree, with counts that only grow; it must be quick and thread-safe. Exceptions it throws are logged
 * and otherwise ignored.
 */
@API(status = API.Status.MAINTAINED, since = "0.1.0")
@FunctionalInterface
public interface TreeProgress {
    /**
     * @param done trees finished so far
     * @param total trees to train
     */
    void trees(int done, int total);
}
