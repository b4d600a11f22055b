/**
 * Test support for applications that use Lifecycle: the {@link dev.lifecycle.testkit.LifecycleTest}
 * JUnit 5 extension, {@link dev.lifecycle.testkit.Fixture} for jqwik properties, and a controllable
 * {@link dev.lifecycle.testkit.TestClock}. Assertions, behavioural model tests, generators and
 * contract kits for plugin authors are in the sub-packages.
 */
package dev.lifecycle.testkit;
