/**
 * The data phase: schemas, rows, sources and immutable dataset versions with lineage.
 */
package dev.lifecycle.api.data;
