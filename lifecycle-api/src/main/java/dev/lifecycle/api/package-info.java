/**
 * The Lifecycle API: interfaces, SPI, immutable values and exceptions, grouped by the phase of the
 * machine-learning loop they serve ({@code data}, {@code model}, {@code evaluation},
 * {@code deployment}) plus the {@code store} they all persist to. This module depends on the JDK only.
 */
package dev.lifecycle.api;
