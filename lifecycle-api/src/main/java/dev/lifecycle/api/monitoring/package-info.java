/**
 * The monitoring phase: window summaries, the drift-detector and alert-listener SPIs, and the values
 * they exchange.
 */
package dev.lifecycle.api.monitoring;
