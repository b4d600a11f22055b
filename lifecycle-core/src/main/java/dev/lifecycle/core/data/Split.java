package dev.lifecycle.core.data;

import dev.lifecycle.api.data.DatasetVersion;

/**
 * Two registered parts of a dataset version, each a version with lineage to the whole.
 *
 * @param train the part to train on
 * @param test the held-out part
 */
public record Split(DatasetVersion train, DatasetVersion test) {
}
