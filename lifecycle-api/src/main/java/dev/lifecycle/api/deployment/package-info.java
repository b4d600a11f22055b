/**
 * The production phase: in-process deployments and the routing SPI.
 */
package dev.lifecycle.api.deployment;
