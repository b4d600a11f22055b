/**
 * The persistence SPI: content-addressed objects and compare-and-set refs with a journal.
 */
package dev.lifecycle.api.store;
