package dev.lifecycle.api.model;

import org.apiguardian.api.API;

/** What a model predicts. */
@API(status = API.Status.STABLE, since = "0.1.0")
public enum OutputType {
    /** A label from a fixed set, with a score per label. */
    CLASSIFICATION,
    /** A real number. */
    REGRESSION
}
