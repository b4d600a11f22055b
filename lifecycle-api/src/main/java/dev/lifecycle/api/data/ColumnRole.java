package dev.lifecycle.api.data;

import org.apiguardian.api.API;

/**
 * What a column is for. Only {@link #FEATURE} columns are model inputs; every other role keeps its
 * column with the rows (in every derived version, split and retrain dataset) without letting a model,
 * its signature, its card or a monitor treat it as an input.
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public enum ColumnRole {
    /** A model input (the default). */
    FEATURE,
    /** The column a model predicts; a schema has at most one, named by {@link Schema#target()}. */
    TARGET,
    /** A key kept with the row (a join or routing key, e.g. a customer id); predictions carry it back. */
    IDENTIFIER,
    /** Kept with the rows, used by nothing. */
    IGNORED,
    /** A non-negative numeric example weight that trainers which honour weights use; at most one per schema. */
    WEIGHT,
    /** When the row happened; kept for ordering and time-based splits, not a model input. */
    TIME,
    /** The group a row belongs to (a customer, a session); kept for group-aware splits, not a model input. */
    GROUP
}
