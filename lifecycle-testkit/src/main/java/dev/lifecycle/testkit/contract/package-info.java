/**
 * Contract kits for plugin authors, after Micrometer's compatibility kits: abstract JUnit 5 test
 * classes that a store, trainer or routing policy implementation extends to prove it keeps the
 * contract of its SPI.
 */
package dev.lifecycle.testkit.contract;
