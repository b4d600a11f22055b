package dev.lifecycle.api.model;

/** What a model predicts. */
public enum OutputType {
    /** A label from a fixed set, with a score per label. */
    CLASSIFICATION,
    /** A real number. */
    REGRESSION
}
