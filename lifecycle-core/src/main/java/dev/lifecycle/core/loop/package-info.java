/**
 * The closed loop: triggers that decide when to retrain, and the iteration that builds a new dataset
 * version from labelled predictions, trains with the champion's recorded trainer, gates the challenger
 * against the champion on recent held-out rows, rolls it out as a canary and promotes or rolls back.
 */
package dev.lifecycle.core.loop;
