package dev.lifecycle.core.data;

import dev.lifecycle.api.data.DatasetVersion;
import org.apiguardian.api.API;

/**
 * Two registered parts of a dataset version, each a version with lineage to the whole.
 *
 * @param train the part to train on
 * @param test the held-out part
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public record Split(DatasetVersion train, DatasetVersion test) {
}
